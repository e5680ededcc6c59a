using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Wheelhouse.Engine;
using Wheelhouse.PyPI.Attestations;
using Wheelhouse.PyPI.Rehearsal;
using Wheelhouse.PyPI.Rehearsal.StandIns;
using Wheelhouse.PyPI.Tests.Attestations;

namespace Wheelhouse.PyPI.Tests.Rehearsal;

/// <summary>
/// The rehearsal's stand-in for Fulcio issues certificates shaped like the real ones (compared with a certificate
/// Fulcio issued for a real GitHub release), from the claims of a GitHub OIDC token meant for Sigstore only.
/// </summary>
public sealed class FulcioStandInTests : IAsyncLifetime
{
    private AttestationLab lab = null!;

    public async Task InitializeAsync() => lab = await AttestationLab.StartAsync();

    public async Task DisposeAsync() => await lab.DisposeAsync();

    private static X509Certificate2 RealCertificate() =>
        AttestationCheck.Certificate(Attestation.Parse(RealAttestationTests.Fixture("pypi_attestations-0.0.19.tar.gz.publish.attestation")));

    private static HashSet<string> FulcioOidsOf(X509Certificate2 certificate) =>
        certificate.Extensions.Cast<X509Extension>().Select(e => e.Oid!.Value!).Where(o => o.StartsWith(FulcioOids.Arc + ".", StringComparison.Ordinal)).ToHashSet();

    [Fact]
    public async Task A_certificate_carries_every_identity_extension_and_usage_a_real_fulcio_certificate_carries()
    {
        using var real = RealCertificate();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var issued = await lab.Fulcio.IssueAsync(lab.GitHub.CreateToken(FulcioStandIn.Audience), key);

        FulcioOidsOf(issued).Should().BeEquivalentTo(FulcioOidsOf(real).Append(FulcioOids.DeploymentEnvironment),
            "the same Fulcio extensions, and the deployment environment newer Fulcio adds for a job with one");
        foreach (var oid in FulcioOidsOf(real))
            issued.Extensions[oid]!.Critical.Should().Be(real.Extensions[oid]!.Critical, oid);
        issued.Subject.Should().Be(real.Subject).And.BeEmpty();
        issued.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value).Should().Equal(FulcioOids.CodeSigning);
        issued.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages.Should().Be(real.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        issued.Extensions["2.5.29.17"]!.Critical.Should().BeTrue("Fulcio marks the SAN critical, the subject being empty");
        (issued.NotAfter - issued.NotBefore).Should().Be(real.NotAfter - real.NotBefore, "ten minutes, as Fulcio");
        issued.PublicKey.Oid.Value.Should().Be(real.PublicKey.Oid.Value);
    }

    [Fact]
    public async Task The_identity_comes_from_the_tokens_claims_as_fulcio_maps_them()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var options = lab.GitHub.Options;
        lab.GitHub.Options = options with { ChangeClaims = c => c["job_workflow_ref"] = "octo-org/shared/.github/workflows/publish.yml@refs/heads/main" };
        var token = lab.GitHub.CreateToken(FulcioStandIn.Audience);
        lab.GitHub.Options = options;

        using var issued = await lab.Fulcio.IssueAsync(token, key);

        var identity = FulcioIdentity.Read(issued);
        identity.Issuer.Should().Be("https://token.actions.githubusercontent.com");
        identity.SourceRepositoryUri.Should().Be("https://github.com/octo-org/demo-pkg");
        identity.SourceRepositoryRef.Should().Be("refs/tags/v1.0.0");
        identity.SourceRepositoryDigest.Should().Be(lab.Identity.Sha);
        identity.BuildConfigUri.Should().Be("https://github.com/octo-org/demo-pkg/.github/workflows/release.yml@refs/tags/v1.0.0", "the workflow that started the run (workflow_ref)");
        identity.BuildSignerUri.Should().Be("https://github.com/octo-org/shared/.github/workflows/publish.yml@refs/heads/main", "the workflow the job runs in (job_workflow_ref)");
        identity.SubjectUris.Should().Equal(identity.BuildSignerUri);
        FulcioIdentity.ExtensionText(issued, FulcioOids.DeploymentEnvironment).Should().Be("pypi");
        FulcioIdentity.ExtensionText(issued, FulcioOids.GitHubWorkflowRepository).Should().Be("octo-org/demo-pkg");
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(lab.Fulcio.Root);
        chain.ChainPolicy.ExtraStore.Add(lab.Fulcio.Intermediate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.Build(issued).Should().BeTrue(string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        lab.Fulcio.Root.HasPrivateKey.Should().BeFalse();
    }

    [Fact]
    public async Task A_token_for_another_audience_or_from_another_issuer_key_gets_no_certificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var stranger = await GitHubOidcStandIn.StartAsync(new OidcStandInOptions { Identity = lab.Identity });

        var pypiAudience = () => lab.Fulcio.IssueAsync(lab.GitHub.CreateToken("pypi"), key);
        var otherKey = () => lab.Fulcio.IssueAsync(stranger.CreateToken(FulcioStandIn.Audience), key);

        (await pypiAudience.Should().ThrowAsync<BuildException>()).Which.Message.Should().Contain("refused the OIDC token");
        (await otherKey.Should().ThrowAsync<BuildException>()).Which.Message.Should().Contain("refused the OIDC token");
    }

    [Fact]
    public async Task The_signer_asks_the_token_endpoint_for_a_sigstore_token_and_does_not_overwrite_an_attestation()
    {
        var folder = Directory.CreateTempSubdirectory("wheelhouse-signer-").FullName;
        try
        {
            var file = Path.Combine(folder, "demo_pkg-1.0.0.tar.gz");
            await File.WriteAllBytesAsync(file, [1, 2, 3]);

            var written = await lab.SignAsync(file);
            var again = () => lab.SignAsync(file);

            written.Should().Equal(file + ".publish.attestation");
            lab.GitHub.TokensIssued.Should().Be(1);
            var attestation = Attestation.Parse(await File.ReadAllTextAsync(written[0]));
            PublisherVerification.Verify(attestation, lab.Fulcio.TrustRoot, new GitHubPublisherIdentity("octo-org/demo-pkg", "release.yml", "pypi"),
                GitHubPublisherIdentity.GitHubIssuer, "demo_pkg-1.0.0.tar.gz", Convert.ToHexStringLower(SHA256.HashData(new byte[] { 1, 2, 3 }))).Should().Be(PredicateTypes.Publish);
            (await again.Should().ThrowAsync<BuildException>()).Which.Message.Should().Contain("already exists; the signing step does not overwrite attestations");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
