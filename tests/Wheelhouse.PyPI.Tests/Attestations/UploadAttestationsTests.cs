using System.Text.Json.Nodes;
using Wheelhouse.Engine;
using Wheelhouse.PyPI.Attestations;
using Wheelhouse.PyPI.Tests.LocalIndex;
using Wheelhouse.PyPI.Tests.Upload;
using Wheelhouse.PyPI.Upload;

namespace Wheelhouse.PyPI.Tests.Attestations;

/// <summary>
/// The uploader with attestations, against the local index (which verifies them as PyPI does): signed files go up
/// with one text field <c>attestations</c> each; a missing or wrong attestation stops the upload before any request;
/// turned off, nothing is sent and a warning says so.
/// </summary>
public sealed class UploadAttestationsTests : IAsyncLifetime
{
    private readonly UploadTemp temp = new();
    private AttestationLab lab = null!;
    private TestIndex index = null!;
    private readonly LogCapture log = new();

    public async Task InitializeAsync()
    {
        lab = await AttestationLab.StartAsync();
        index = await TestIndex.StartAsync(lab.Configure);
    }

    public async Task DisposeAsync()
    {
        await index.DisposeAsync();
        await lab.DisposeAsync();
        log.Dispose();
        temp.Dispose();
    }

    private IReadOnlyList<string> Files()
    {
        var dist = temp.Combine("dist");
        return [Distributions.Wheel(dist, Distributions.Metadata()), Distributions.Sdist(dist, Distributions.Metadata())];
    }

    private async Task<UploadReport> UploadAsync(IReadOnlyList<string> files, AttestationMode mode)
    {
        var (options, _) = TestOptions.Create(log: log);
        return await new Uploader().UploadAsync(index.Server.Index, UploadCredentials.ForToken(await lab.MintAsync(index.Server.Index)), files,
            options with { Attestations = mode }, CancellationToken.None);
    }

    [Fact]
    public async Task Signed_files_are_uploaded_each_with_its_attestation_in_one_text_field_and_the_index_verifies_them()
    {
        var files = Files();
        await lab.SignAsync([.. files]);

        var report = await UploadAsync(files, AttestationMode.Required);

        report.Succeeded.Should().BeTrue();
        index.Server.Uploads.Should().HaveCount(2).And.OnlyContain(u => u.StatusCode == 200 && u.Stored);
        foreach (var upload in index.Server.Uploads)
        {
            upload.Fields["attestations"].Should().ContainSingle();
            var sent = JsonNode.Parse(upload["attestations"]!)!.AsArray();
            sent.Should().ContainSingle();
            var onDisk = JsonNode.Parse(File.ReadAllText(AttestationFiles.PublishFor(files.Single(f => Path.GetFileName(f) == upload.FileName))));
            JsonNode.DeepEquals(sent[0], onDisk).Should().BeTrue("the attestation file is sent as it is");
        }

        using var client = index.Client();
        foreach (var file in files.Select(Path.GetFileName))
            (await client.GetAsync($"integrity/demo-pkg/1.0.0/{file}/provenance")).IsSuccessStatusCode.Should().BeTrue(file);
        log.Text.Should().Contain($"demo_pkg-1.0.0-py3-none-any.whl: attestation demo_pkg-1.0.0-py3-none-any.whl.publish.attestation ({PredicateTypes.Publish}) " +
                                  "signed by https://github.com/octo-org/demo-pkg/.github/workflows/release.yml@refs/tags/v1.0.0");
    }

    [Fact]
    public async Task A_second_attestation_of_another_predicate_type_goes_in_the_same_field_after_the_publish_one()
    {
        var files = Files();
        await lab.SignAsync([.. files]);
        var wheel = files[0];
        var slsa = await lab.CraftAsync(AttestationLab.Statement([(Path.GetFileName(wheel), Sha256(wheel))], PredicateTypes.SlsaProvenance));
        await File.WriteAllTextAsync(wheel + ".slsa.attestation", slsa.ToJsonString());

        await UploadAsync(files, AttestationMode.Required);

        var sent = JsonNode.Parse(index.Server.Uploads.Single(u => u.FileName == Path.GetFileName(wheel))["attestations"]!)!.AsArray();
        sent.Select(a => InTotoStatement.Parse(Convert.FromBase64String(a!["envelope"]!["statement"]!.GetValue<string>())).PredicateType)
            .Should().Equal(PredicateTypes.Publish, PredicateTypes.SlsaProvenance);
    }

    [Fact]
    public async Task A_file_without_its_publish_attestation_stops_the_upload_before_any_request()
    {
        var files = Files();
        await lab.SignAsync(files[0]);

        var act = () => UploadAsync(files, AttestationMode.Required);

        var message = (await act.Should().ThrowAsync<BuildException>()).Which.Message;
        message.Should().Contain("nothing was uploaded")
            .And.Contain("demo_pkg-1.0.0.tar.gz has no publish attestation (demo_pkg-1.0.0.tar.gz.publish.attestation is not in")
            .And.Contain("--attestations false");
        index.Server.Uploads.Should().BeEmpty();
    }

    [Fact]
    public async Task An_attestation_of_bytes_that_changed_since_signing_stops_the_upload_before_any_request_naming_every_problem()
    {
        var files = Files();
        await lab.SignAsync([.. files]);
        // The wheel gets the sdist's attestation; the sdist is rebuilt after signing: same name, other bytes.
        File.Copy(AttestationFiles.PublishFor(files[1]), AttestationFiles.PublishFor(files[0]), overwrite: true);
        var sdist = Distributions.Sdist(temp.Combine("dist"), Distributions.Metadata(body: "Rebuilt.\n"));
        sdist.Should().Be(files[1]);

        var act = () => UploadAsync(files, AttestationMode.Required);

        var message = (await act.Should().ThrowAsync<BuildException>()).Which.Message;
        message.Should().Contain($"demo_pkg-1.0.0-py3-none-any.whl.publish.attestation does not attest demo_pkg-1.0.0-py3-none-any.whl (sha256 {Sha256(files[0])}): " +
                                 "subject does not match distribution name: demo_pkg-1.0.0.tar.gz != demo_pkg-1.0.0-py3-none-any.whl.");
        message.Should().Contain($"demo_pkg-1.0.0.tar.gz.publish.attestation does not attest demo_pkg-1.0.0.tar.gz (sha256 {Sha256(sdist)}): subject does not match distribution digest.");
        message.Should().Contain("Invalid attestations supplied during upload");
        index.Server.Uploads.Should().BeEmpty();
    }

    [Fact]
    public async Task A_broken_attestation_file_stops_the_upload_naming_the_file_and_the_field()
    {
        var files = Files();
        await lab.SignAsync([.. files]);
        var path = AttestationFiles.PublishFor(files[0]);
        var node = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        node["verification_material"]!["transparency_entries"] = new JsonArray();
        await File.WriteAllTextAsync(path, node.ToJsonString());
        await File.WriteAllTextAsync(AttestationFiles.PublishFor(files[1]), "{ not json");

        var act = () => UploadAsync(files, AttestationMode.Required);

        var message = (await act.Should().ThrowAsync<BuildException>()).Which.Message;
        message.Should().Contain("demo_pkg-1.0.0-py3-none-any.whl.publish.attestation does not attest demo_pkg-1.0.0-py3-none-any.whl")
            .And.Contain("verification_material.transparency_entries: List should have at least 1 item")
            .And.Contain("demo_pkg-1.0.0.tar.gz.publish.attestation is not JSON");
        index.Server.Uploads.Should().BeEmpty();
    }

    [Fact]
    public async Task Turned_off_nothing_is_sent_and_the_attestation_files_left_behind_are_named_in_a_warning()
    {
        var files = Files();
        await lab.SignAsync([.. files]);

        await UploadAsync(files, AttestationMode.Off);

        index.Server.Uploads.Should().HaveCount(2).And.OnlyContain(u => u.StatusCode == 200 && !u.Fields.ContainsKey("attestations"));
        log.Text.Should().Contain("[Warning] Attestations are off, so demo_pkg-1.0.0-py3-none-any.whl.publish.attestation, demo_pkg-1.0.0.tar.gz.publish.attestation are not sent");
    }

    [Theory]
    [InlineData(null, true, AttestationMode.Required, null)]
    [InlineData(true, true, AttestationMode.Required, null)]
    [InlineData(false, true, AttestationMode.Off, "Attestations are off (--attestations false)")]
    [InlineData(null, false, AttestationMode.Off, null)]
    [InlineData(true, false, AttestationMode.Off, "--attestations true is not followed: PyPI accepts attestations only with trusted publishing, and this upload uses an API token")]
    [InlineData(false, false, AttestationMode.Off, "Attestations are off (--attestations false)")]
    public void The_parameter_and_the_credentials_decide_whether_attestations_are_sent(bool? parameter, bool trustedPublishing, AttestationMode expected, string? warning)
    {
        using var capture = new LogCapture();

        AttestationPolicy.Decide(parameter, trustedPublishing, capture.Logger).Should().Be(expected);

        if (warning is null)
            capture.Lines.Should().BeEmpty();
        else
            capture.Lines.Should().ContainSingle().Which.Should().StartWith("[Warning] " + warning);
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
}
