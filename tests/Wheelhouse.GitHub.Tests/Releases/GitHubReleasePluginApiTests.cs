using System.Text;
using Wheelhouse.GitHub.Releases;
using Wheelhouse.Python.PluginApi;

namespace Wheelhouse.GitHub.Tests.Releases;

/// <summary>The plugin API in the GitHub release: the "Plugin API changes" part of the notes and the API document as an asset.</summary>
public sealed class GitHubReleasePluginApiTests : IAsyncLifetime
{
    private FakeGitHub github = null!;
    private readonly ReleaseProject project = new();
    private readonly LogCapture log = new();

    public async Task InitializeAsync() => github = await FakeGitHub.StartAsync();

    public async Task DisposeAsync()
    {
        await github.DisposeAsync();
        project.Dispose();
    }

    private string ApiDirectory => Path.Combine(project.Root, ".nuke", "temp", "plugin-api");

    private static byte[] Document(string version, params string[] fixtures) => PluginApiJson.Serialize(new PluginApiSnapshot(
        "evalcheck", version, ">=3.10", "7.2.1", "3.11.2",
        new[] { new PluginEntryPoint("evalcheck", "evalcheck.plugin", null, true, null) }.ToValueList(),
        fixtures.Select(f => new PluginFixture(f, "evalcheck.plugin", "function", false, null)).ToValueList(),
        ValueList<PluginMarker>.Empty, ValueList<PluginIniOption>.Empty, ValueList<PluginOption>.Empty, ValueList<PluginHookSpec>.Empty, ValueList<string>.Empty));

    private Task<GitHubReleaseOutcome> Run() =>
        ReleasePublisher.RunAsync(project.Request(github) with { PluginApiDirectory = ApiDirectory }, log.Logger);

    [Fact]
    public async Task The_gates_changes_become_the_notes_last_part_and_its_document_an_asset_listed_in_SHA256SUMS()
    {
        Directory.CreateDirectory(ApiDirectory);
        File.WriteAllText(Path.Combine(ApiDirectory, "changes-0.2.0.md"), "Against 0.1.0 (PyPI):\n\n- addition `fixture-added:evalcheck`: fixture 'evalcheck' added\n");
        var document = Document("0.2.0", "evalcheck");
        File.WriteAllBytes(Path.Combine(ApiDirectory, "evalcheck-0.2.0.json"), document);

        await Run();

        var release = github.Release("v0.2.0")!;
        release.Body.Should().Be(ReleaseProject.Notes020 + "\n\n### Plugin API changes\n\nAgainst 0.1.0 (PyPI):\n\n- addition `fixture-added:evalcheck`: fixture 'evalcheck' added");
        release.Assets.Select(a => a.Name).Should().Equal(project.Wheel, "evalcheck-0.2.0.plugin-api.json", project.Sdist, "SHA256SUMS");
        release.Assets[1].Content.Should().Equal(document);
        release.Assets[1].ContentType.Should().Be("application/json");
        Encoding.UTF8.GetString(release.Assets[3].Content).Should().Contain("  evalcheck-0.2.0.plugin-api.json\n");
    }

    [Fact]
    public async Task Without_the_gate_the_committed_records_of_this_release_and_the_one_before_give_the_changes()
    {
        project.Git("init", "--quiet", "--initial-branch=main");
        File.WriteAllBytes(Path.Combine(project.Root, "plugin-api.json"), Document("0.1.0", "evalcheck_old"));
        project.Git("add", "plugin-api.json");
        project.Git("commit", "--quiet", "-m", "Release 0.1.0");
        var previous = project.Git("rev-parse", "HEAD")[..12];
        var document = Document("0.2.0", "evalcheck");
        File.WriteAllBytes(Path.Combine(project.Root, "plugin-api.json"), document);
        project.Git("commit", "--quiet", "-am", "Release 0.2.0");

        await Run();

        var release = github.Release("v0.2.0")!;
        release.Body.Should().EndWith("### Plugin API changes\n\n" +
            $"Against 0.1.0 (the committed snapshot plugin-api.json as committed in {previous} (version 0.1.0)):\n\n" +
            "- **breaking** `fixture-removed:evalcheck_old`: fixture 'evalcheck_old' removed\n- addition `fixture-added:evalcheck`: fixture 'evalcheck' added");
        release.Assets.Single(a => a.Name == "evalcheck-0.2.0.plugin-api.json").Content.Should().Equal(document);
    }

    [Fact]
    public async Task A_first_release_on_record_says_so()
    {
        File.WriteAllBytes(Path.Combine(project.Root, "plugin-api.json"), Document("0.2.0", "evalcheck"));

        await Run();

        github.Release("v0.2.0")!.Body.Should().EndWith("### Plugin API changes\n\nNone to report: this is the first release with a plugin API on record (plugin-api.json has no earlier release in git history).");
    }

    [Fact]
    public async Task With_no_record_of_this_version_the_notes_and_assets_stay_as_they_were_and_the_log_says_why()
    {
        File.WriteAllBytes(Path.Combine(project.Root, "plugin-api.json"), Document("0.1.0", "evalcheck"));

        await Run();

        var release = github.Release("v0.2.0")!;
        release.Body.Should().Be(ReleaseProject.Notes020);
        release.Assets.Select(a => a.Name).Should().Equal(project.Wheel, project.Sdist, "SHA256SUMS");
        log.AllText.Should().Contain("records 0.1.0, not 0.2.0");
    }
}
