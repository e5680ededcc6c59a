using System.Text.Json.Nodes;
using Wheelhouse.PyPI.Attestations;

namespace Wheelhouse.PyPI.Tests.Attestations;

/// <summary>
/// Attestations published for real releases and signed by the real Sigstore (Fixtures/SOURCES.md) read and pass the
/// offline checks: shape, DER certificate with GitHub's Fulcio identity, the DSSE signature by the certificate's key,
/// the statement against the file it names, and the Rekor entry recording this envelope. That the certificates chain
/// to Sigstore's root is not checked offline (its trust root is not here).
/// </summary>
public sealed class RealAttestationTests
{
    private const string PypiAttestationsSdist = "pypi_attestations-0.0.19.tar.gz";
    private const string PypiAttestationsSha256 = "9bb1add04b1b4e182be6b0b80931593f7a291eb49d69b4fd728a5d4cbcdc4bd3";
    private const string SigstoreSdist = "sigstore-3.6.1.tar.gz";
    private const string SigstoreSha256 = "ee60fdc9236fd6709271ad53b44027461360c3fde155d2af15482e4c451ff865";

    internal static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Attestations", "Fixtures", name));

    public static TheoryData<string, string, string, string> Attestations() => new()
    {
        { $"{PypiAttestationsSdist}.publish.attestation", PypiAttestationsSdist, PypiAttestationsSha256, PredicateTypes.Publish },
        { $"{PypiAttestationsSdist}.slsa.attestation", PypiAttestationsSdist, PypiAttestationsSha256, PredicateTypes.SlsaProvenance },
    };

    [Theory]
    [MemberData(nameof(Attestations))]
    public void A_real_attestation_passes_the_uploaders_offline_checks_for_the_file_it_names(string fixture, string fileName, string sha256, string predicateType)
    {
        var attestation = Attestation.Parse(Fixture(fixture));

        AttestationCheck.Offline(attestation, fileName, sha256).Should().Be(predicateType);
        attestation.TransparencyEntries.Should().ContainSingle();
    }

    [Fact]
    public void A_real_certificate_names_the_github_workflow_as_fulcio_encodes_it()
    {
        var attestation = Attestation.Parse(Fixture($"{PypiAttestationsSdist}.publish.attestation"));
        using var certificate = AttestationCheck.Certificate(attestation);

        var identity = FulcioIdentity.Read(certificate);

        certificate.Subject.Should().BeEmpty("Fulcio leaves the subject empty; the identity is in the SAN");
        certificate.Issuer.Should().Contain("sigstore-intermediate");
        identity.Issuer.Should().Be(GitHubPublisherIdentity.GitHubIssuer);
        identity.SourceRepositoryUri.Should().Be("https://github.com/trailofbits/pypi-attestations");
        identity.SourceRepositoryRef.Should().Be("refs/tags/v0.0.19");
        identity.SourceRepositoryDigest.Should().MatchRegex("^[0-9a-f]{40}$");
        identity.BuildConfigUri.Should().Be("https://github.com/trailofbits/pypi-attestations/.github/workflows/release.yml@refs/tags/v0.0.19");
        identity.BuildSignerUri.Should().Be(identity.BuildConfigUri);
        identity.SubjectUris.Should().Equal(identity.BuildSignerUri);
        FulcioIdentity.ExtensionText(certificate, FulcioOids.IssuerV1).Should().Be(GitHubPublisherIdentity.GitHubIssuer, "the deprecated .1 is a raw string");
        FulcioIdentity.ExtensionText(certificate, FulcioOids.RunnerEnvironment).Should().Be("github-hosted");
    }

    [Fact]
    public void A_real_transparency_entry_records_this_signature_certificate_and_statement()
    {
        var attestation = Attestation.Parse(Fixture($"{PypiAttestationsSdist}.publish.attestation"));
        using var certificate = AttestationCheck.Certificate(attestation);

        var entry = TransparencyEntry.Read(attestation.TransparencyEntries[0]);
        entry.CheckMatches(attestation, certificate);

        entry.Kind.Should().Be("dsse");
        entry.IntegratedTime.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1733354041));
        entry.IntegratedTime.Should().BeOnOrAfter(certificate.NotBefore.ToUniversalTime()).And.BeOnOrBefore(certificate.NotAfter.ToUniversalTime(),
            "Sigstore logs the signature while the ten-minute certificate is valid");
        var other = Attestation.Parse(Fixture($"{PypiAttestationsSdist}.slsa.attestation"));
        var mixed = () => TransparencyEntry.Read(other.TransparencyEntries[0]).CheckMatches(attestation, certificate);
        mixed.Should().Throw<AttestationException>().WithMessage("transparency log entry is inconsistent with other materials");
    }

    [Fact]
    public void PyPIs_integrity_answer_for_a_real_release_is_a_provenance_object_whose_attestation_verifies_offline()
    {
        var provenance = JsonNode.Parse(Fixture($"{SigstoreSdist}.provenance"))!;

        provenance["version"]!.GetValue<int>().Should().Be(1);
        var bundle = provenance["attestation_bundles"]!.AsArray().Single()!;
        bundle["publisher"]!["kind"]!.GetValue<string>().Should().Be("GitHub");
        bundle["publisher"]!["repository"]!.GetValue<string>().Should().Be("sigstore/sigstore-python");
        bundle["publisher"]!["workflow"]!.GetValue<string>().Should().Be("release.yml");
        var attestation = Attestation.Parse(bundle["attestations"]!.AsArray().Single(), "0");
        AttestationCheck.Offline(attestation, SigstoreSdist, SigstoreSha256).Should().Be(PredicateTypes.Publish);
        using var certificate = AttestationCheck.Certificate(attestation);
        FulcioIdentity.Read(certificate).BuildConfigUri.Should().Be("https://github.com/sigstore/sigstore-python/.github/workflows/release.yml@refs/tags/v3.6.1");
    }

    [Fact]
    public void A_real_attestation_is_refused_for_another_file_another_sha256_or_a_changed_byte()
    {
        var attestation = Attestation.Parse(Fixture($"{PypiAttestationsSdist}.publish.attestation"));

        var otherFile = () => AttestationCheck.Offline(attestation, "pypi_attestations-0.0.20.tar.gz", PypiAttestationsSha256);
        otherFile.Should().Throw<AttestationException>().WithMessage("subject does not match distribution name: pypi_attestations-0.0.19.tar.gz != pypi_attestations-0.0.20.tar.gz");
        var otherSha = () => AttestationCheck.Offline(attestation, PypiAttestationsSdist, new string('0', 64));
        otherSha.Should().Throw<AttestationException>().WithMessage("subject does not match distribution digest");
        var statement = attestation.Statement.ToArray();
        statement[^3] ^= 1;
        var tampered = () => AttestationCheck.Offline(attestation with { Statement = statement }, PypiAttestationsSdist, PypiAttestationsSha256);
        tampered.Should().Throw<AttestationException>().WithMessage("Signature is invalid for input");
    }

    [Fact]
    public void A_real_attestation_written_back_by_the_model_keeps_every_byte_that_is_signed()
    {
        var text = Fixture($"{PypiAttestationsSdist}.publish.attestation");
        var original = JsonNode.Parse(text)!;

        var written = Attestation.Parse(text).ToJson();

        foreach (var path in new[] { "envelope.statement", "envelope.signature", "verification_material.certificate" })
        {
            JsonNode? Walk(JsonNode node) => path.Split('.').Aggregate((JsonNode?)node, (n, key) => n?[key]);
            Walk(written)!.GetValue<string>().Should().Be(Walk(original)!.GetValue<string>(), path);
        }

        JsonNode.DeepEquals(written["verification_material"]!["transparency_entries"], original["verification_material"]!["transparency_entries"]).Should().BeTrue();
    }

    [Theory]
    [InlineData("Foo.Bar-1.0-py3.py2-none-any.whl", "foo_bar-1.0-py2.py3-none-any.whl")]
    [InlineData("foo_bar-01.0-1-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", "foo_bar-1.0-1-cp312-cp312-manylinux2014_x86_64.manylinux_2_17_x86_64.whl")]
    [InlineData("Foo-Bar-1.0.tar.gz", "foo_bar-1.0.tar.gz")]
    [InlineData("foo-1.0RC1.zip", "foo-1.0rc1.zip")]
    public void File_names_are_compared_in_pypi_attestations_ultranormalized_form(string name, string expected) =>
        DistributionFileName.Ultranormalize(name).Should().Be(expected);

    [Fact]
    public void A_subject_that_names_no_distribution_is_an_invalid_subject() =>
        FluentActions.Invoking(() => DistributionFileName.Ultranormalize("README.md"))
            .Should().Throw<AttestationException>().WithMessage("invalid subject: unknown distribution format: README.md");
}
