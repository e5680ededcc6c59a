using System.Text;
using Wheelhouse.Engine;
using Wheelhouse.GitHub.Releases;

namespace Wheelhouse.GitHub.Tests.Releases;

/// <summary>GitHubRelease end to end: Octokit against <see cref="FakeGitHub"/>, a project in a temp folder.</summary>
public sealed class GitHubReleaseRunTests : IAsyncLifetime
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

    /// <summary>The warnings besides the one every run here gets: the temp project is no git repository, so the tag is not found locally.</summary>
    private IReadOnlyList<string> Warnings => log.Warnings.Where(w => !w.Contains("does not exist in the local repository", StringComparison.Ordinal)).ToList();

    private Task<GitHubReleaseOutcome> Run(ReleaseProject? other = null, string? token = null) =>
        ReleasePublisher.RunAsync((other ?? project).Request(github, token), log.Logger);

    [Fact]
    public async Task A_new_release_gets_the_changelog_section_as_notes_and_the_dist_files_and_SHA256SUMS_as_assets()
    {
        var wheel = project.ReadDist(project.Wheel);
        var sdist = project.ReadDist(project.Sdist);

        var outcome = await Run();

        var release = github.Release("v0.2.0")!;
        release.Should().NotBeNull();
        release.Name.Should().Be("v0.2.0");
        release.Body.Should().Be(ReleaseProject.Notes020);
        release.Prerelease.Should().BeFalse();
        release.Draft.Should().BeFalse();
        release.Assets.Select(a => a.Name).Should().Equal(project.Wheel, project.Sdist, "SHA256SUMS");
        release.Assets[0].Content.Should().Equal(wheel);
        release.Assets[1].Content.Should().Equal(sdist);
        Encoding.UTF8.GetString(release.Assets[2].Content).Should().Be(project.ExpectedSums());
        release.Assets.Select(a => a.ContentType).Should().Equal("application/zip", "application/gzip", "text/plain");
        outcome.HtmlUrl.Should().Be($"{github.Origin}/evalcheck/evalcheck/releases/tag/v0.2.0");
        github.UploadRequests.Should().Be(3);
        github.Unanswered.Should().BeEmpty();
    }

    [Fact]
    public async Task Reads_GitHub_answers_with_503_are_retried_after_its_Retry_After_and_the_release_is_made()
    {
        github.FailReads = 2;

        await Run();

        github.Requests.Count(r => r.EndsWith(" [503]", StringComparison.Ordinal)).Should().Be(2);
        github.Requests.Should().Contain(r => r.StartsWith("GET ", StringComparison.Ordinal) && r.Contains("/releases/tags/v0.2.0") && !r.EndsWith(" [503]", StringComparison.Ordinal));
        github.Release("v0.2.0")!.Assets.Select(a => a.Name).Should().Equal(project.Wheel, project.Sdist, "SHA256SUMS");
    }

    [Fact]
    public async Task A_refused_token_is_not_retried()
    {
        await FluentActions.Awaiting(() => Run(token: "wrong")).Should().ThrowAsync<BuildException>();

        github.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task SHA256SUMS_is_made_in_memory_and_never_written_into_dist()
    {
        await Run();

        Directory.GetFiles(project.Dist).Select(Path.GetFileName).Should().BeEquivalentTo([project.Wheel, project.Sdist]);
    }

    [Fact]
    public async Task SHA256SUMS_is_uploaded_after_the_files_it_lists()
    {
        await Run();

        github.Requests.Where(r => r.StartsWith("POST /uploads/", StringComparison.Ordinal)).Select(r => r[(r.IndexOf("name=", StringComparison.Ordinal) + 5)..])
            .Should().Equal(project.Wheel, project.Sdist, "SHA256SUMS");
    }

    [Theory]
    [InlineData("1.0.0rc1", true)]
    [InlineData("1.0.0a1", true)]
    [InlineData("1.0.0b2", true)]
    [InlineData("1.0.0.dev3", true)]
    [InlineData("1.0.0", false)]
    [InlineData("1.0.0.post1", false)]
    public async Task Pre_releases_by_PEP_440_are_marked_as_such(string version, bool prerelease)
    {
        using var other = new ReleaseProject(version, $"# Changelog\n\n## [{version}] - 2026-05-10\n\n- Notes for {version}.\n");

        await Run(other);

        var release = github.Release($"v{version}")!;
        release.Prerelease.Should().Be(prerelease);
        release.Body.Should().Be($"- Notes for {version}.");
    }

    [Fact]
    public async Task The_release_candidate_of_the_sample_changelog_is_a_pre_release_with_its_own_notes()
    {
        using var candidate = new ReleaseProject("1.0.0rc1");

        await Run(candidate);

        var release = github.Release("v1.0.0rc1")!;
        release.Prerelease.Should().BeTrue();
        release.Body.Should().Be("### Changed\n\n- Baselines are written atomically.");
    }

    [Fact]
    public async Task A_second_run_keeps_every_asset_and_uploads_nothing()
    {
        await Run();
        var writesAfterFirstRun = github.WriteRequests;

        var outcome = await Run();

        github.WriteRequests.Should().Be(writesAfterFirstRun, "nothing changed, so nothing is created, updated, uploaded or deleted");
        github.UploadRequests.Should().Be(3);
        github.Downloads.Should().Be(0, "the API reports each asset's sha256 digest");
        github.Release("v0.2.0")!.Assets.Select(a => a.Name).Should().Equal(project.Wheel, project.Sdist, "SHA256SUMS");
        outcome.Plan.Release.Should().Be(ReleaseAction.Unchanged);
        outcome.Plan.Assets.Should().OnlyContain(a => a.Action == AssetAction.Keep);
        log.Lines().Should().Contain($"{project.Wheel}: already attached with the same content");
        Warnings.Should().BeEmpty();
    }

    [Fact]
    public async Task Without_digests_from_the_API_a_second_run_downloads_the_assets_to_compare_and_still_uploads_nothing()
    {
        github.ReportDigest = false;
        await Run();

        await Run();

        github.UploadRequests.Should().Be(3);
        github.Downloads.Should().Be(3, "the three assets have the local sizes, so only their content can tell");
        github.Requests.Should().Contain(r => r.StartsWith("GET /repos/evalcheck/evalcheck/releases/assets/", StringComparison.Ordinal), "downloads go through the API URL");
        github.Release("v0.2.0")!.Assets.Should().HaveCount(3);
        Warnings.Should().BeEmpty();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_file_with_other_content_under_the_same_name_is_replaced_with_a_warning(bool reportDigest)
    {
        github.ReportDigest = reportDigest;
        await Run();
        var changed = project.WriteDist(project.Wheel, ReleaseProject.Content("rebuilt wheel", 700)); // same size: only the content differs

        await Run();

        var release = github.Release("v0.2.0")!;
        release.Assets.Select(a => a.Name).Should().BeEquivalentTo([project.Wheel, project.Sdist, "SHA256SUMS"]);
        release.Assets.Single(a => a.Name == project.Wheel).Content.Should().Equal(changed);
        Encoding.UTF8.GetString(release.Assets.Single(a => a.Name == "SHA256SUMS").Content).Should().Be(project.ExpectedSums());
        github.UploadRequests.Should().Be(5, "the wheel and SHA256SUMS are uploaded again, the sdist is kept");
        github.DeleteRequests.Should().Be(2);
        Warnings.Should().Contain(w => w.Contains(project.Wheel) && w.Contains("different content") && w.Contains("replaced"));
        Warnings.Should().Contain(w => w.StartsWith("SHA256SUMS", StringComparison.Ordinal) && w.Contains("different content"));
    }

    [Fact]
    public async Task Assets_that_are_not_in_dist_are_left_alone_with_a_warning()
    {
        var release = github.Seed("v0.2.0", "v0.2.0", ReleaseProject.Notes020, prerelease: false);
        github.SeedAsset(release, "evalcheck-0.2.0.sigstore.json", [1, 2, 3]);

        await Run();

        github.Release("v0.2.0")!.Assets.Select(a => a.Name).Should().Contain("evalcheck-0.2.0.sigstore.json").And.HaveCount(4);
        github.DeleteRequests.Should().Be(0);
        Warnings.Should().ContainSingle(w => w.Contains("evalcheck-0.2.0.sigstore.json") && w.Contains("not in dist/") && w.Contains("left as it is"));
    }

    [Fact]
    public async Task An_existing_release_gets_its_name_notes_and_pre_release_flag_updated()
    {
        github.Seed("v0.2.0", "Old title", "Old notes", prerelease: true);

        var outcome = await Run();

        var release = github.Release("v0.2.0")!;
        release.Name.Should().Be("v0.2.0");
        release.Body.Should().Be(ReleaseProject.Notes020);
        release.Prerelease.Should().BeFalse();
        github.Releases.Should().ContainSingle();
        github.CreateBodies.Should().BeEmpty();
        github.UpdateBodies.Should().ContainSingle();
        outcome.Plan.ReleaseChanges.Should().Equal("name", "notes", "pre-release flag");
        github.UpdateBodies.Single().Select(p => p.Key).Should().BeEquivalentTo(["name", "body", "prerelease"], "the tag and the draft state are left as they are");
        log.Lines().Should().Contain("Updating release v0.2.0: name, notes, pre-release flag");
        release.Assets.Should().HaveCount(3);
    }

    [Fact]
    public async Task An_up_to_date_release_is_not_patched()
    {
        github.Seed("v0.2.0", "v0.2.0", ReleaseProject.Notes020.Replace("\n", "\r\n", StringComparison.Ordinal), prerelease: false);

        await Run();

        github.UpdateBodies.Should().BeEmpty("line endings aside, the notes are the same");
    }

    [Fact]
    public async Task A_failed_upload_stops_the_run_with_a_clear_message_and_a_rerun_finishes_it()
    {
        github.FailUploadAttempt = 2;

        var failure = await FluentActions.Awaiting(() => Run()).Should().ThrowAsync<BuildException>();

        failure.Which.Message.Should().StartWith($"Uploading {project.Sdist} to release v0.2.0 failed: GitHub answered 500 Internal Server Error: Server Error.")
            .And.Contain("1 of 3 upload(s) had finished")
            .And.Contain("Run GitHubRelease again");
        github.Release("v0.2.0")!.Assets.Select(a => a.Name).Should().Equal(project.Wheel);

        github.FailUploadAttempt = null;
        await Run();

        var assets = github.Release("v0.2.0")!.Assets;
        assets.Select(a => a.Name).Should().BeEquivalentTo([project.Wheel, project.Sdist, "SHA256SUMS"]);
        assets.GroupBy(a => a.Name).Should().OnlyContain(g => g.Count() == 1);
        github.UploadRequests.Should().Be(4, "1 upload, the failed one, then the 2 missing ones; the wheel is not uploaded again");
        github.Releases.Should().ContainSingle();
    }

    [Fact]
    public async Task A_half_made_asset_left_by_an_interrupted_upload_is_replaced_on_the_rerun()
    {
        github.FailUploadAttempt = 2;
        github.LeaveStarterOnFailure = true;
        await FluentActions.Awaiting(() => Run()).Should().ThrowAsync<BuildException>();
        github.Release("v0.2.0")!.Assets.Should().Contain(a => a.Name == project.Sdist && a.State == "starter");

        github.FailUploadAttempt = null;
        await Run();

        var assets = github.Release("v0.2.0")!.Assets;
        assets.Select(a => a.Name).Should().BeEquivalentTo([project.Wheel, project.Sdist, "SHA256SUMS"]);
        assets.Should().OnlyContain(a => a.State == "uploaded");
        assets.Single(a => a.Name == project.Sdist).Content.Should().Equal(project.ReadDist(project.Sdist));
        Warnings.Should().ContainSingle(w => w.Contains(project.Sdist) && w.Contains("interrupted upload"));
    }

    [Fact]
    public async Task A_version_without_a_changelog_section_fails_before_GitHub_is_asked_anything()
    {
        using var unnoted = new ReleaseProject("0.3.0");

        var failure = await FluentActions.Awaiting(() => Run(unnoted)).Should().ThrowAsync<BuildException>();

        failure.Which.Message.Should().Contain("CHANGELOG.md has no section for 0.3.0").And.Contain("BumpVersion").And.Contain("add the section");
        github.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task An_empty_dist_fails_and_says_to_build_first()
    {
        foreach (var file in Directory.GetFiles(project.Dist))
            File.Delete(file);

        var failure = await FluentActions.Awaiting(() => Run()).Should().ThrowAsync<BuildException>();

        failure.Which.Message.Should().Contain("run ./build.sh Build first");
        github.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_missing_dist_folder_fails_the_same_way()
    {
        Directory.Delete(project.Dist, recursive: true);

        var failure = await FluentActions.Awaiting(() => Run()).Should().ThrowAsync<BuildException>();

        failure.Which.Message.Should().Contain("run ./build.sh Build first");
    }

    [Fact]
    public async Task Distributions_of_another_version_in_dist_are_refused()
    {
        project.WriteDist("evalcheck-0.1.0-py3-none-any.whl", [1]);

        var failure = await FluentActions.Awaiting(() => Run()).Should().ThrowAsync<BuildException>();

        failure.Which.Message.Should().Contain("evalcheck-0.1.0-py3-none-any.whl").And.Contain("not version 0.2.0");
        github.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_wrong_token_fails_with_a_clear_message_that_does_not_show_it()
    {
        const string wrong = "ghp_wrongTokenWrongTokenWrongToken0000";

        var failure = await FluentActions.Awaiting(() => Run(token: wrong)).Should().ThrowAsync<BuildException>();

        failure.Which.Message.Should().Contain("GitHub refused the token (401 Unauthorized: Bad credentials)").And.NotContain(wrong);
    }

    [Fact]
    public async Task The_token_never_reaches_the_log()
    {
        github.ReportDigest = false;
        await Run();
        project.WriteDist(project.Wheel, ReleaseProject.Content("changed", 701));
        github.FailUploadAttempt = 5;
        var failure = await FluentActions.Awaiting(() => Run()).Should().ThrowAsync<BuildException>();
        github.FailUploadAttempt = null;
        await Run();

        log.Lines().Should().HaveCountGreaterThan(10);
        log.AllText.Should().NotContain(github.Token);
        failure.Which.ToString().Should().NotContain(github.Token);
    }

    [Fact]
    public async Task A_token_with_surrounding_whitespace_is_trimmed_and_the_trimmed_form_is_registered_as_a_secret()
    {
        var secrets = new List<string>();

        await ReleasePublisher.RunAsync(project.Request(github, $"  {github.Token}\n", secrets), log.Logger);

        secrets.Should().Equal(github.Token);
        github.Release("v0.2.0").Should().NotBeNull();
    }

    [Fact]
    public async Task GitHub_Enterprise_Server_addresses_with_an_api_v3_path_work()
    {
        await using var enterprise = await FakeGitHub.StartAsync(prefix: "/api/v3");
        var request = project.Request(enterprise) with { ApiUrl = enterprise.ApiUrl.TrimEnd('/') };

        await ReleasePublisher.RunAsync(request, log.Logger);

        enterprise.Release("v0.2.0")!.Assets.Should().HaveCount(3);
        enterprise.Requests.Should().Contain("GET /api/v3/repos/evalcheck/evalcheck/releases/tags/v0.2.0");
        enterprise.Unanswered.Should().BeEmpty();
    }

    [Fact]
    public async Task Without_a_local_tag_the_release_leaves_the_commit_to_GitHub_and_says_so()
    {
        await Run();

        var created = github.CreateBodies.Single();
        created.ContainsKey("target_commitish").Should().BeFalse();
        created["draft"]!.GetValue<bool>().Should().BeFalse("a published release is what GET …/releases/tags/{tag} finds on the next run");
        log.Warnings.Should().ContainSingle(w => w.Contains("Tag v0.2.0 does not exist in the local repository"));
    }

    [Fact]
    public async Task With_a_local_tag_a_new_release_targets_its_commit()
    {
        project.Git("init", "--quiet");
        project.Git("add", "-A");
        project.Git("commit", "--quiet", "-m", "Release 0.2.0");
        project.Git("tag", "-a", "v0.2.0", "-m", "v0.2.0");
        var commit = project.Git("rev-parse", "HEAD");

        await Run();

        github.CreateBodies.Single()["target_commitish"]!.GetValue<string>().Should().Be(commit);
        log.Warnings.Should().BeEmpty();
    }

    [Fact]
    public async Task Without_GitHubRepository_the_origin_remote_names_the_repository_and_its_credentials_become_secrets()
    {
        const string credential = "ghp_remoteCredential0123456789abcdef";
        project.Git("init", "--quiet");
        project.Git("remote", "add", "origin", $"https://x-access-token:{credential}@github.com/evalcheck/evalcheck.git");
        var secrets = new List<string>();

        await ReleasePublisher.RunAsync(project.Request(github, secrets: secrets) with { Repository = null }, log.Logger);

        github.Release("v0.2.0").Should().NotBeNull();
        secrets.Should().Contain(credential);
        log.AllText.Should().NotContain(credential);
        log.Lines().Should().Contain("Repository evalcheck/evalcheck on github.com (from the origin remote)");
    }

    [Fact]
    public async Task Without_GitHubRepository_or_an_origin_remote_the_error_says_how_to_set_it()
    {
        var failure = await FluentActions.Awaiting(() => ReleasePublisher.RunAsync(project.Request(github) with { Repository = null }, log.Logger))
            .Should().ThrowAsync<BuildException>();

        failure.Which.Message.Should().Contain("GitHubRepository is not set").And.Contain("owner/name").And.Contain("GITHUB_REPOSITORY");
    }

    [Theory]
    [InlineData("http://api.example.org/", "plain http")]
    [InlineData("not a url", "not the address of a GitHub API")]
    [InlineData("ftp://example.org/", "not the address of a GitHub API")]
    public async Task Unusable_API_addresses_are_refused_before_anything_is_sent(string apiUrl, string expected)
    {
        var failure = await FluentActions.Awaiting(() => ReleasePublisher.RunAsync(project.Request(github) with { ApiUrl = apiUrl }, log.Logger))
            .Should().ThrowAsync<BuildException>();

        failure.Which.Message.Should().Contain(expected);
    }

    [Fact]
    public async Task The_tag_follows_the_tag_format()
    {
        await ReleasePublisher.RunAsync(project.Request(github) with { TagFormat = "release-{version}" }, log.Logger);

        github.Release("release-0.2.0")!.Name.Should().Be("release-0.2.0");
    }
}
