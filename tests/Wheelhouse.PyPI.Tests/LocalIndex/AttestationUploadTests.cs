using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wheelhouse.PyPI.Attestations;
using Wheelhouse.PyPI.Rehearsal.StandIns;
using Wheelhouse.PyPI.Tests.Attestations;

namespace Wheelhouse.PyPI.Tests.LocalIndex;

/// <summary>
/// The local index takes PEP 740 attestations as warehouse does: verified against the trusted publisher and the
/// index's CA, every refusal warehouse's 400 "Invalid attestations supplied during upload: ..." with nothing stored,
/// and what passes served at /integrity/…/provenance and as <c>provenance</c> in the simple API.
/// </summary>
public sealed class AttestationUploadTests : IAsyncLifetime
{
    private const string Refusal = "Invalid attestations supplied during upload: ";
    private const string Unverified = Refusal + "Could not verify the uploaded artifact using the included attestation: Verification failed: ";

    private readonly string folder = TempDirectory.Create("attest-index");
    private AttestationLab lab = null!;
    private TestIndex index = null!;
    private string minted = "";

    public async Task InitializeAsync()
    {
        lab = await AttestationLab.StartAsync();
        index = await TestIndex.StartAsync(lab.Configure);
        minted = await lab.MintAsync(index.Server.Index);
    }

    public async Task DisposeAsync()
    {
        await index.DisposeAsync();
        await lab.DisposeAsync();
        TempDirectory.Delete(folder);
    }

    private static readonly TestDist Wheel = TestDist.Wheel("demo-pkg", "1.0.0");
    private static readonly TestDist Sdist = TestDist.Sdist("demo-pkg", "1.0.0");

    /// <summary>Writes the file, signs it as the signing step does, and returns its attestation file's JSON.</summary>
    private async Task<JsonNode> SignedAsync(TestDist dist)
    {
        var path = Path.Combine(folder, dist.FileName);
        await File.WriteAllBytesAsync(path, dist.Bytes);
        var written = await lab.SignAsync(path);
        return JsonNode.Parse(await File.ReadAllTextAsync(written.Single()))!;
    }

    private async Task<(HttpStatusCode Status, string Reason)> UploadAsync(TestDist dist, JsonNode? attestations, string? password = null)
    {
        using var client = index.Client();
        using var request = UploadRequest.For(index.Upload, dist, fields =>
        {
            if (attestations != null)
                fields.Set("attestations", attestations.ToJsonString());
        }, password ?? minted);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, response.ReasonPhrase ?? "");
    }

    private async Task ShouldRefuseAsync(TestDist dist, JsonNode attestations, string message, string? password = null)
    {
        var (status, reason) = await UploadAsync(dist, attestations, password);

        ((int)status).Should().Be(400, reason);
        reason.Should().Be(message);
        index.Server.Uploads[^1].Stored.Should().BeFalse();
        using var client = index.Client();
        (await client.GetAsync("simple/demo-pkg/")).StatusCode.Should().Be(HttpStatusCode.NotFound, "nothing was stored");
        Directory.EnumerateFiles(index.Directory, "*.whl", SearchOption.AllDirectories).Concat(Directory.EnumerateFiles(index.Directory, "*.tar.gz", SearchOption.AllDirectories))
            .Should().BeEmpty("no file is kept");
    }

    private static JsonArray List(params JsonNode[] attestations) => new(attestations.Select(a => a.DeepClone()).ToArray());

    [Fact]
    public async Task A_signed_file_is_stored_and_its_provenance_is_served_by_the_integrity_api_and_the_simple_api()
    {
        var attestation = await SignedAsync(Wheel);

        var (status, reason) = await UploadAsync(Wheel, List(attestation));
        ((int)status).Should().Be(200, reason);
        (await UploadAsync(Sdist, null)).Status.Should().Be(HttpStatusCode.OK, "attestations stay optional for the index");

        using var client = index.Client();
        using var simpleRequest = new HttpRequestMessage(HttpMethod.Get, "simple/demo-pkg/");
        simpleRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.pypi.simple.v1+json"));
        var simple = JsonNode.Parse(await (await client.SendAsync(simpleRequest)).Content.ReadAsStringAsync())!;
        simple["meta"]!["api-version"]!.GetValue<string>().Should().Be("1.4");
        var files = simple["files"]!.AsArray().ToDictionary(f => f!["filename"]!.GetValue<string>(), f => f!["provenance"]?.GetValue<string>());
        var url = files[Wheel.FileName];
        url.Should().Be(new Uri(index.Server.BaseAddress, $"integrity/demo-pkg/1.0.0/{Wheel.FileName}/provenance").ToString());
        files[Sdist.FileName].Should().BeNull();
        (await client.GetStringAsync("simple/demo-pkg/")).Should().Contain($"data-provenance=\"{url}\"");

        using var answer = await client.GetAsync(url);
        answer.StatusCode.Should().Be(HttpStatusCode.OK);
        answer.Content.Headers.ContentType!.MediaType.Should().Be("application/vnd.pypi.integrity.v1+json");
        var provenance = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        provenance["version"]!.GetValue<int>().Should().Be(1);
        var bundle = provenance["attestation_bundles"]!.AsArray().Single()!;
        JsonNode.DeepEquals(bundle["publisher"], JsonNode.Parse("""{"kind": "GitHub", "repository": "octo-org/demo-pkg", "workflow": "release.yml", "environment": "pypi"}""")).Should().BeTrue(bundle["publisher"]!.ToJsonString());
        JsonNode.DeepEquals(bundle["attestations"]!.AsArray().Single(), attestation).Should().BeTrue("the attestation is served as it was uploaded");

        using var none = await client.GetAsync($"integrity/demo-pkg/1.0.0/{Sdist.FileName}/provenance");
        none.StatusCode.Should().Be(HttpStatusCode.NotFound);
        JsonNode.Parse(await none.Content.ReadAsStringAsync())!["message"]!.GetValue<string>().Should().Be($"No provenance available for {Sdist.FileName}");
        (await client.GetAsync($"integrity/demo-pkg/2.0.0/{Wheel.FileName}/provenance")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_attestation_of_another_file_is_refused() =>
        await ShouldRefuseAsync(Sdist, List(await SignedAsync(Wheel)),
            Unverified + $"subject does not match distribution name: demo_pkg-1.0.0-py3-none-any.whl != {Sdist.FileName}");

    [Fact]
    public async Task An_attestation_of_other_bytes_under_the_same_name_is_refused()
    {
        var attestation = await SignedAsync(Wheel);

        await ShouldRefuseAsync(TestDist.Wheel("demo-pkg", "1.0.0", salt: "changed after signing"), List(attestation), Unverified + "subject does not match distribution digest");
    }

    [Fact]
    public async Task An_attestation_signed_in_another_workflow_is_refused_naming_the_build_config_uri()
    {
        var statement = AttestationLab.Statement([(Wheel.FileName, Wheel.Sha256)]);
        var attestation = await lab.CraftAsync(statement, claims => claims["workflow_ref"] = "octo-org/demo-pkg/.github/workflows/nightly.yml@refs/tags/v1.0.0");

        await ShouldRefuseAsync(Wheel, List(attestation),
            Unverified + "Certificate's Build Config URI (https://github.com/octo-org/demo-pkg/.github/workflows/nightly.yml@refs/tags/v1.0.0) " +
            "does not match expected Trusted Publisher (release.yml @ octo-org/demo-pkg)");
    }

    [Fact]
    public async Task A_reusable_workflows_attestation_is_judged_by_the_calling_workflow_it_names_as_build_config()
    {
        var statement = AttestationLab.Statement([(Wheel.FileName, Wheel.Sha256)]);
        // The publish job runs in a reusable workflow (job_workflow_ref) called by release.yml (workflow_ref).
        var attestation = await lab.CraftAsync(statement, claims => claims["job_workflow_ref"] = "octo-org/demo-pkg/.github/workflows/publish.yml@refs/tags/v1.0.0");

        var (status, reason) = await UploadAsync(Wheel, List(attestation));

        ((int)status).Should().Be(200, reason);
    }

    [Fact]
    public async Task An_attestation_from_another_repository_is_refused_by_the_repository_policy()
    {
        var statement = AttestationLab.Statement([(Wheel.FileName, Wheel.Sha256)]);
        var attestation = await lab.CraftAsync(statement, claims =>
        {
            claims["repository"] = "mallory/demo-pkg";
            claims["workflow_ref"] = "mallory/demo-pkg/.github/workflows/release.yml@refs/tags/v1.0.0";
        });

        await ShouldRefuseAsync(Wheel, List(attestation),
            Unverified + "1 of 2 policies failed: Certificate's OIDCSourceRepositoryURI does not match (got 'https://github.com/mallory/demo-pkg', expected 'https://github.com/octo-org/demo-pkg')");
    }

    [Fact]
    public async Task A_statement_with_two_subjects_is_refused()
    {
        var statement = AttestationLab.Statement([(Wheel.FileName, Wheel.Sha256), (Sdist.FileName, Sdist.Sha256)]);

        await ShouldRefuseAsync(Wheel, List(await lab.CraftAsync(statement)), Unverified + "too many subjects in statement (must be exactly one)");
    }

    [Fact]
    public async Task An_unknown_predicate_type_is_refused()
    {
        var statement = AttestationLab.Statement([(Wheel.FileName, Wheel.Sha256)], "https://example.org/attestations/v0");

        await ShouldRefuseAsync(Wheel, List(await lab.CraftAsync(statement)), Unverified + "unknown attestation type: https://example.org/attestations/v0");
    }

    [Fact]
    public async Task A_certificate_from_another_authority_does_not_chain_to_the_index_root()
    {
        using var other = Wheelhouse.PyPI.Rehearsal.StandIns.FulcioStandIn.Create(lab.GitHub.IssuerKey);
        var attestation = await lab.CraftAsync(AttestationLab.Statement([(Wheel.FileName, Wheel.Sha256)]), ca: other);

        var (status, reason) = await UploadAsync(Wheel, List(attestation));

        ((int)status).Should().Be(400);
        reason.Should().StartWith(Unverified + "failed to build chain: ");
    }

    [Fact]
    public async Task A_signature_logged_after_the_ten_minute_certificate_expired_is_refused()
    {
        var attestation = await lab.CraftAsync(AttestationLab.Statement([(Wheel.FileName, Wheel.Sha256)]), loggedAt: DateTimeOffset.UtcNow.AddMinutes(11));

        var (status, reason) = await UploadAsync(Wheel, List(attestation));

        ((int)status).Should().Be(400);
        reason.Should().StartWith(Unverified + "failed to build chain: ");
    }

    [Fact]
    public async Task A_signature_that_does_not_cover_the_statement_or_a_log_entry_of_another_envelope_is_refused()
    {
        var attestation = await SignedAsync(Wheel);
        var other = await lab.CraftAsync(AttestationLab.Statement([(Wheel.FileName, Wheel.Sha256)]));

        var swappedSignature = attestation.DeepClone();
        swappedSignature["envelope"]!["signature"] = other["envelope"]!["signature"]!.DeepClone();
        (await UploadAsync(Wheel, List(swappedSignature))).Reason.Should().Be(Unverified + "transparency log entry is inconsistent with other materials");

        var resigned = attestation.DeepClone();
        var entry = resigned["verification_material"]!["transparency_entries"]![0]!;
        var body = JsonNode.Parse(Convert.FromBase64String(entry["canonicalizedBody"]!.GetValue<string>()))!;
        var wrong = Convert.FromBase64String(other["envelope"]!["signature"]!.GetValue<string>());
        body["spec"]!["signatures"]![0]!["signature"] = Convert.ToBase64String(wrong);
        entry["canonicalizedBody"] = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(body));
        resigned["envelope"]!["signature"] = Convert.ToBase64String(wrong);
        await ShouldRefuseAsync(Wheel, List(resigned), Unverified + "Signature is invalid for input");
    }

    [Fact]
    public async Task Attestations_with_an_api_token_are_refused() =>
        await ShouldRefuseAsync(Wheel, List(await SignedAsync(Wheel)), Refusal + "Attestations are only supported when using Trusted Publishing", TestIndex.Token);

    [Fact]
    public async Task An_empty_list_too_many_attestations_or_two_of_one_predicate_type_are_refused()
    {
        var attestation = await SignedAsync(Wheel);

        await ShouldRefuseAsync(Wheel, new JsonArray(), Refusal + "Malformed attestations: an empty attestation set is not permitted");
        await ShouldRefuseAsync(Wheel, List(attestation, attestation, attestation), Refusal + "A maximum of 2 attestations per file are supported");
        await ShouldRefuseAsync(Wheel, List(attestation, attestation),
            Refusal + $"Multiple attestations for the same file with the same predicate type ({PredicateTypes.Publish}) are not supported");
    }

    [Fact]
    public async Task Malformed_attestations_are_refused_naming_the_field()
    {
        var attestation = await SignedAsync(Wheel);
        var badSignature = attestation.DeepClone();
        badSignature["envelope"]!["signature"] = "not base64!";
        var noEntries = attestation.DeepClone();
        noEntries["verification_material"]!["transparency_entries"] = new JsonArray();
        var version = attestation.DeepClone();
        version["version"] = 2;

        await ShouldRefuseAsync(Wheel, List(badSignature),
            Refusal + "Malformed attestations: 1 validation error for list[Attestation]: 0.envelope.signature: Base64 decoding error: whitespace is not allowed");
        await ShouldRefuseAsync(Wheel, List(noEntries),
            Refusal + "Malformed attestations: 1 validation error for list[Attestation]: 0.verification_material.transparency_entries: List should have at least 1 item after validation, not 0");
        await ShouldRefuseAsync(Wheel, List(version), Refusal + "Malformed attestations: 1 validation error for list[Attestation]: 0.version: Input should be 1");
        await ShouldRefuseAsync(Wheel, JsonNode.Parse("""{"not": "a list"}""")!, Refusal + "Malformed attestations: 1 validation error for list[Attestation]: Input should be a valid list");
    }

    [Fact]
    public async Task A_certificate_that_is_not_der_is_an_unknown_error_as_in_warehouse()
    {
        var attestation = await SignedAsync(Wheel);
        attestation["verification_material"]!["certificate"] = Convert.ToBase64String("not a certificate"u8.ToArray());

        await ShouldRefuseAsync(Wheel, List(attestation), Refusal + "Unknown error while trying to verify included attestations: invalid X.509 certificate");
    }
}
