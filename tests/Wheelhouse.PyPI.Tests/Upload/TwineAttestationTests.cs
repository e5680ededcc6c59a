using System.Text.Json.Nodes;
using Wheelhouse.PyPI.Attestations;
using Wheelhouse.PyPI.Tests.Attestations;
using Wheelhouse.PyPI.Tests.LocalIndex;
using Wheelhouse.PyPI.Upload;
using Wheelhouse.TestSupport;

namespace Wheelhouse.PyPI.Tests.Upload;

/// <summary>
/// twine 6.1, the reference client (Debian 13's, in the root TestTools makes), uploads signed files with
/// <c>--attestations</c> and a trusted-publishing token to the local index: the index verifies and serves them; the
/// uploader sends the very same <c>attestations</c> field; and a swapped attestation is refused to twine with
/// warehouse's message.
/// </summary>
public sealed class TwineAttestationTests : IAsyncLifetime
{
    private static readonly DebianRoot Root = DebianRoot.Trixie;

    private readonly UploadTemp temp = new();
    private AttestationLab lab = null!;

    public async Task InitializeAsync() => lab = await AttestationLab.StartAsync();

    public async Task DisposeAsync()
    {
        await lab.DisposeAsync();
        temp.Dispose();
    }

    /// <summary>A wheel and an sdist in a fresh folder, signed as the release workflow's signing step does.</summary>
    private async Task<(string Folder, IReadOnlyList<string> Distributions)> SignedAsync(string name)
    {
        var folder = temp.Combine(name);
        IReadOnlyList<string> files = [Distributions.Wheel(folder, Distributions.Metadata()), Distributions.Sdist(folder, Distributions.Metadata())];
        await lab.SignAsync([.. files]);
        return (folder, files);
    }

    private async Task<RootRunResult> TwineAsync(TestIndex index, string folder)
    {
        var token = await lab.MintAsync(index.Server.Index);
        var inputs = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToList();
        return await Root.RunAsync(
            ["twine", "upload", "--non-interactive", "--disable-progress-bar", "--attestations", "--repository-url", index.Upload.AbsoluteUri, .. inputs],
            folder, new Dictionary<string, string?> { ["TWINE_USERNAME"] = "__token__", ["TWINE_PASSWORD"] = token, ["NO_COLOR"] = "1" });
    }

    [Fact]
    public async Task Twine_uploads_the_signed_files_with_their_attestations_the_index_verifies_them_and_the_uploader_sends_the_same_field()
    {
        var (folder, files) = await SignedAsync("twine");
        await using var twineIndex = await TestIndex.StartAsync(lab.Configure);
        await using var ourIndex = await TestIndex.StartAsync(lab.Configure);

        var run = await TwineAsync(twineIndex, folder);
        var (options, _) = TestOptions.Create();
        await new Uploader().UploadAsync(ourIndex.Server.Index, UploadCredentials.ForToken(await lab.MintAsync(ourIndex.Server.Index)), files,
            options with { Attestations = AttestationMode.Required }, CancellationToken.None);

        run.ExitCode.Should().Be(0, run.Describe());
        twineIndex.Server.Uploads.Should().HaveCount(2).And.OnlyContain(u => u.StatusCode == 200 && u.Stored && u.Credential == "trusted-publisher");
        foreach (var file in files.Select(Path.GetFileName))
        {
            var theirs = JsonNode.Parse(twineIndex.Server.Uploads.Single(u => u.FileName == file)["attestations"]!);
            var ours = JsonNode.Parse(ourIndex.Server.Uploads.Single(u => u.FileName == file)["attestations"]!);
            theirs!.AsArray().Should().ContainSingle();
            JsonNode.DeepEquals(ours, theirs).Should().BeTrue($"the uploader's attestations field for {file} is twine's");
            using var client = twineIndex.Client();
            using var provenance = await client.GetAsync($"integrity/demo-pkg/1.0.0/{file}/provenance");
            provenance.IsSuccessStatusCode.Should().BeTrue($"the index serves the provenance of {file} that twine uploaded");
            JsonNode.DeepEquals(JsonNode.Parse(await provenance.Content.ReadAsStringAsync())!["attestation_bundles"]![0]!["attestations"], theirs).Should().BeTrue();
        }
    }

    [Fact]
    public async Task A_swapped_attestation_is_refused_to_twine_with_warehouses_message_and_nothing_is_stored()
    {
        var (folder, files) = await SignedAsync("swapped");
        var (wheel, sdist) = (AttestationFiles.PublishFor(files[0]), AttestationFiles.PublishFor(files[1]));
        File.Move(wheel, wheel + ".tmp");
        File.Move(sdist, wheel);
        File.Move(wheel + ".tmp", sdist);
        await using var index = await TestIndex.StartAsync(lab.Configure);

        var run = await TwineAsync(index, folder);

        run.ExitCode.Should().NotBe(0, run.Describe());
        // twine wraps its output to the terminal's width.
        var said = string.Join(' ', (run.StandardOutput + run.StandardError).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
        said.Should().Contain("HTTPError: 400 Bad Request from").And.Contain("Invalid attestations supplied during upload: Could not verify the uploaded artifact using the included attestation: " +
                               "Verification failed: subject does not match distribution name: demo_pkg-1.0.0.tar.gz != demo_pkg-1.0.0-py3-none-any.whl", run.Describe());
        index.Server.Uploads.Should().NotBeEmpty().And.OnlyContain(u => !u.Stored && u.StatusCode == 400);
    }
}
