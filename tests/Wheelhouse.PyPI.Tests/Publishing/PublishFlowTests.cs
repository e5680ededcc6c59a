using Wheelhouse.Engine;
using Wheelhouse.Engine.Http;
using Wheelhouse.PyPI.Publishing;
using Wheelhouse.PyPI.Tests.Rehearsal;
using Wheelhouse.PyPI.Tests.TrustedPublishing;
using Wheelhouse.PyPI.Upload;

namespace Wheelhouse.PyPI.Tests.Publishing;

/// <summary>The publish flow against the real local index with the real plugin's distributions.</summary>
[Collection(BuiltPluginCollection.Name)]
public sealed class PublishFlowTests(BuiltPlugin plugin) : IAsyncLifetime
{
    private const string ApiToken = "pypi-AgEIcHlwaS5vcmcCJGtub3duLXRlc3Qtc2VjcmV0LWZvci1wdWJsaXNoLWZsb3c";
    private readonly string folder = Directory.CreateTempSubdirectory("wheelhouse-publish-flow-").FullName;
    private TrustedIndex trusted = null!;

    public async Task InitializeAsync() => trusted = await TrustedIndex.StartAsync(apiTokens: [ApiToken]);

    public async Task DisposeAsync()
    {
        await trusted.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private static readonly UploadOptions QuietUpload = new() { ShowProgress = false, InitialBackoff = TimeSpan.FromMilliseconds(10) };

    private static readonly PollOptions QuickPoll = new()
    {
        Timeout = TimeSpan.FromSeconds(10),
        Backoff = new Backoff(TimeSpan.FromMilliseconds(100), 2, TimeSpan.FromSeconds(1), 0.25),
    };

    /// <summary>A git repository holding the plugin's sources committed and its dist/ (ignored by git).</summary>
    private async Task<AbsolutePath> CommittedProjectAsync()
    {
        var project = await plugin.NewProjectAsync(folder);
        File.WriteAllText(project / ".gitignore", "dist/\n");
        foreach (var arguments in new[]
                 {
                     new[] { "init", "--quiet", "--initial-branch=main" }, ["config", "user.email", "t@example.com"], ["config", "user.name", "T"],
                     ["add", "--all"], ["commit", "--quiet", "-m", "plugin"],
                 })
        {
            var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", arguments) { WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true })!;
            await process.WaitForExitAsync();
            process.ExitCode.Should().Be(0);
        }

        return project;
    }

    private PublishRequest Request(AbsolutePath project) => new()
    {
        Index = trusted.Index,
        RootDirectory = project,
        DistDirectory = project / "dist",
        IsServerBuild = false,
        IsGitHubActions = false,
        ApiToken = ApiToken,
        ProtectSecret = secret => { lock (trusted.Protected) trusted.Protected.Add(secret); },
        Upload = QuietUpload,
        Poll = QuickPoll,
    };

    [Fact]
    public async Task By_hand_with_an_API_token_every_file_is_uploaded_and_listed_and_a_rerun_finds_them_present()
    {
        var project = await CommittedProjectAsync();

        var first = await ReleasePublisher.PublishAsync(Request(project));
        var second = await ReleasePublisher.PublishAsync(Request(project));

        first.Files.Should().HaveCount(2).And.OnlyContain(f => f.Outcome == UploadOutcome.Uploaded);
        first.Files[0].FileName.Should().EndWith(".whl", "the wheels go first, the sdist last");
        second.Files.Should().HaveCount(2).And.OnlyContain(f => f.Outcome == UploadOutcome.AlreadyPresent);
        trusted.Protected.Should().Contain(ApiToken, "the token is registered with the masker before the upload");
        string.Join('\n', LogCapture.All).Should().NotContain(ApiToken);
    }

    [Fact]
    public async Task Inside_GitHub_Actions_the_upload_goes_through_trusted_publishing_on_a_matching_tag()
    {
        var project = await plugin.NewProjectAsync(folder);
        var tag = $"refs/tags/v{plugin.Version}";
        trusted.Tokens(o => o with { Identity = TrustedIndex.Publisher with { Ref = tag } });

        var report = await ReleasePublisher.PublishAsync(Request(project) with
        {
            IsServerBuild = true,
            IsGitHubActions = true,
            ApiToken = null,
            GitRef = tag,
            GitHub = trusted.GitHub.Environment,
            Attestations = false, // the attestation path: Attestations/UploadAttestationsTests, Rehearsal/ReleaseRehearsalTests
        });

        report.Files.Should().OnlyContain(f => f.Outcome == UploadOutcome.Uploaded);
        trusted.GitHub.TokensIssued.Should().Be(1);
        trusted.Server.Uploads.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_dry_run_runs_the_guards_lists_and_mints_but_uploads_nothing()
    {
        var project = await plugin.NewProjectAsync(folder);
        var tag = $"refs/tags/v{plugin.Version}";
        trusted.Tokens(o => o with { Identity = TrustedIndex.Publisher with { Ref = tag } });

        var report = await ReleasePublisher.PublishAsync(Request(project) with
        {
            IsServerBuild = true,
            IsGitHubActions = true,
            ApiToken = null,
            GitRef = tag,
            GitHub = trusted.GitHub.Environment,
            DryRun = true,
            Attestations = false, // the dry run is about the uploads; attestations have their own tests
            Verification = new PublishVerification { WorkRoot = AbsolutePath.Create(Path.Combine(folder, "never-used")) },
        });

        report.Files.Should().HaveCount(2).And.OnlyContain(f => f.Outcome == UploadOutcome.WouldUpload);
        trusted.GitHub.TokensIssued.Should().Be(1, "the credentials are checked: the publisher matched and a token was minted");
        trusted.Server.Uploads.Should().BeEmpty();
        Directory.Exists(Path.Combine(folder, "never-used")).Should().BeFalse("a dry run verifies no install");
        LogCapture.All.Should().Contain(l => l.Contains($"Dry run: evalcheck {plugin.Version} passed every check for {trusted.Index.Name}") && l.Contains("nothing was uploaded"));
    }

    [Fact]
    public async Task Inside_GitHub_Actions_files_without_the_signing_steps_attestations_stop_the_publish_before_any_upload()
    {
        var project = await plugin.NewProjectAsync(folder);
        var tag = $"refs/tags/v{plugin.Version}";
        trusted.Tokens(o => o with { Identity = TrustedIndex.Publisher with { Ref = tag } });

        var act = () => ReleasePublisher.PublishAsync(Request(project) with
        {
            IsServerBuild = true, IsGitHubActions = true, ApiToken = null, GitRef = tag, GitHub = trusted.GitHub.Environment,
        });

        (await act.Should().ThrowAsync<BuildException>()).Which.Message.Should().Contain($"evalcheck-{plugin.Version}.tar.gz has no publish attestation")
            .And.Contain("pass --attestations false");
        trusted.Server.Uploads.Should().BeEmpty();
    }

    [Fact]
    public async Task A_guard_that_fails_stops_before_the_index_is_contacted()
    {
        var project = await plugin.NewProjectAsync(folder);

        var act = () => ReleasePublisher.PublishAsync(Request(project) with { IsServerBuild = true, IsGitHubActions = true, ApiToken = null, GitRef = "refs/tags/v9.9.9", GitHub = trusted.GitHub.Environment });
        var message = (await act.Should().ThrowAsync<BuildException>()).Which.Message;

        message.Should().StartWith($"Nothing was uploaded: This run is for the tag v9.9.9, but dist/ holds version {plugin.Version}");
        trusted.Server.Uploads.Should().BeEmpty();
        trusted.GitHub.TokensIssued.Should().Be(0);
    }

    [Fact]
    public async Task A_refused_API_token_ends_with_the_uploaders_message_and_never_shows_the_token()
    {
        var project = await CommittedProjectAsync();
        const string wrong = "pypi-not-a-token-this-index-knows-1234567890";

        var act = () => ReleasePublisher.PublishAsync(Request(project) with { ApiToken = wrong });
        var message = (await act.Should().ThrowAsync<BuildException>()).Which.Message;

        message.Should().Contain("403").And.NotContain(wrong);
        string.Join('\n', LogCapture.All).Should().NotContain(wrong);
    }
}
