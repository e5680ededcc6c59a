using Wheelhouse.Engine;
using Wheelhouse.Python.Release;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Tests.Release;

/// <summary>BumpVersion for a project whose version is its git tag, with real git in a temp repository.</summary>
public sealed class TagVersionReleaseTests
{
    private static readonly DateOnly Day = new(2026, 5, 17);

    private static BumpRequest Bump(params BumpKind[] bumps) => new(bumps, null, Today: Day);

    [Fact]
    public async Task A_bump_counts_from_the_last_tag_commits_only_the_changelog_and_tags_the_new_version()
    {
        using var repo = await TagVersionedPlugin.CreateAsync();
        var head = await repo.GitAsync("rev-parse", "HEAD");
        var pyproject = repo.Bytes("pyproject.toml");
        var init = repo.Bytes("src/pytest_tagdemo/__init__.py");

        var plan = await VersionRelease.RunAsync(repo.Root, Bump(BumpKind.Minor));

        plan.Source.Should().Be(new VersionSource(VersionOrigin.VcsTag, "setuptools-scm", "[tool.setuptools_scm] in pyproject.toml"));
        plan.From.ToString().Should().Be("0.1.0");
        plan.To.ToString().Should().Be("0.2.0");
        plan.Warnings.Should().BeEmpty();
        repo.Bytes("pyproject.toml").Should().Equal(pyproject, "the tag is the version: pyproject.toml has none to edit");
        repo.Bytes("src/pytest_tagdemo/__init__.py").Should().Equal(init);
        repo.Text("CHANGELOG.md").Should().Contain("## [Unreleased]\n\n## [0.2.0] - 2026-05-17\n\n### Added\n")
            .And.Contain("[0.2.0]: https://github.com/o/pytest-tagdemo/compare/v0.1.0...v0.2.0\n");

        (await repo.GitAsync("rev-parse", "HEAD~1")).Should().Be(head);
        (await repo.GitAsync("show", "--name-only", "--format=", "HEAD")).Should().Be("CHANGELOG.md");
        (await repo.GitAsync("log", "-1", "--format=%s%n%b")).Should()
            .Be("Release 0.2.0\nBump version: 0.1.0 → 0.2.0 (the tag v0.2.0 is the version, read by setuptools-scm; the last release tag was v0.1.0)");
        (await repo.GitAsync("cat-file", "-t", "v0.2.0")).Should().Be("tag", "the tag is annotated");
        (await repo.GitAsync("rev-parse", "v0.2.0^{commit}")).Should().Be(await repo.GitAsync("rev-parse", "HEAD"));
        (await repo.GitAsync("describe", "--tags", "--exact-match")).Should().Be("v0.2.0");
        (await repo.GitAsync("status", "--porcelain")).Should().BeEmpty();
    }

    [Fact]
    public async Task Without_a_release_tag_the_version_counts_from_0_0_0_and_says_so()
    {
        var files = TagVersionedPlugin.Files(TagVersionedPlugin.SetuptoolsScm);
        files["CHANGELOG.md"] = "# Changelog\n\n## [Unreleased]\n\n- First.\n";
        using var repo = await ReleaseRepository.CreateAsync(files);

        var plan = await VersionRelease.RunAsync(repo.Root, Bump(BumpKind.Minor));

        plan.From.ToString().Should().Be("0.0.0");
        plan.To.ToString().Should().Be("0.1.0");
        plan.Warnings.Should().ContainSingle().Which.Should().Be("No release tag of the form v{version} is reachable from HEAD, so the version counts from 0.0.0.");
        plan.CommitBody.Should().EndWith("no earlier release tag)");
        (await repo.GitAsync("tag", "--list")).Should().Be("v0.1.0");
    }

    [Fact]
    public async Task Tags_of_another_form_are_named_with_the_tag_format_that_would_match_them()
    {
        using var repo = await ReleaseRepository.CreateAsync(TagVersionedPlugin.Files(TagVersionedPlugin.SetuptoolsScm));
        await repo.GitAsync("tag", "1.4.0");

        var plan = VersionRelease.Plan(repo.Root, Bump(BumpKind.Patch), await ReleaseGit.TagHistoryAsync(repo.Root));

        plan.From.ToString().Should().Be("0.0.0");
        plan.Warnings.Should().ContainSingle().Which.Should()
            .Be("No release tag of the form v{version} is reachable from HEAD, so the version counts from 0.0.0. The tags reachable from HEAD (1.4.0) do not have that form: if they are the releases, pass --tag-format to match them.");
        VersionRelease.Plan(repo.Root, Bump(BumpKind.Patch) with { TagFormat = "{version}" }, await ReleaseGit.TagHistoryAsync(repo.Root))
            .Tag.Should().Be("1.4.1");
    }

    [Fact]
    public async Task The_highest_release_reachable_from_HEAD_counts_by_PEP_440_order_and_a_higher_one_elsewhere_is_named()
    {
        using var repo = await ReleaseRepository.CreateAsync(TagVersionedPlugin.Files(TagVersionedPlugin.SetuptoolsScm));
        await repo.GitAsync("tag", "-a", "-m", "0.9", "v0.9.0");
        await repo.CommitAsync("more", "notes.txt", "1\n");
        await repo.GitAsync("tag", "-a", "-m", "0.10", "v0.10.0"); // after v0.9.0 by PEP 440, before it as text
        await repo.GitAsync("tag", "v-nightly");                    // the form, but no version
        await repo.GitAsync("switch", "--quiet", "-c", "experiment");
        await repo.CommitAsync("experiment", "notes.txt", "2\n");
        await repo.GitAsync("tag", "-a", "-m", "2.0", "v2.0.0");
        await repo.GitAsync("switch", "--quiet", "main");
        await repo.CommitAsync("after", "notes.txt", "3\n");

        var plan = await VersionRelease.RunAsync(repo.Root, Bump(BumpKind.Patch));

        plan.From.ToString().Should().Be("0.10.0");
        plan.Tag.Should().Be("v0.10.1");
        plan.Warnings.Should().ContainSingle().Which.Should()
            .Be("The tag v2.0.0 names a higher version than v0.10.0, but HEAD does not descend from it (it is on another branch), so the version counts from 0.10.0.");
        (await repo.GitAsync("describe", "--tags", "--exact-match")).Should().Be("v0.10.1");
    }

    [Fact]
    public async Task The_tag_format_chooses_the_release_tags_and_names_the_new_one()
    {
        using var repo = await TagVersionedPlugin.CreateAsync(); // v0.1.0
        await repo.GitAsync("tag", "release-0.3.0");

        var plan = await VersionRelease.RunAsync(repo.Root, Bump(BumpKind.Minor) with { TagFormat = "release-{version}" });

        plan.From.ToString().Should().Be("0.3.0");
        plan.Tag.Should().Be("release-0.4.0");
        (await repo.GitAsync("tag", "--points-at", "HEAD")).Should().Be("release-0.4.0");
    }

    [Fact]
    public async Task New_version_sets_the_tag_and_the_pre_release_rules_apply()
    {
        using var repo = await TagVersionedPlugin.CreateAsync();

        var plan = await VersionRelease.RunAsync(repo.Root, new BumpRequest([], "1.0.0-RC1", Today: Day));
        plan.To.ToString().Should().Be("1.0.0rc1");
        (await repo.GitAsync("tag", "--points-at", "HEAD")).Should().Be("v1.0.0rc1");

        var refused = () => VersionRelease.RunAsync(repo.Root, Bump(BumpKind.Alpha));
        await refused.Should().ThrowAsync<BuildException>().WithMessage("--bump alpha does not increase the version: 1.0.0rc1 → 1.0.0a1*");
    }

    [Fact]
    public async Task Without_a_changelog_HEAD_is_tagged_and_nothing_is_committed()
    {
        using var repo = await TagVersionedPlugin.CreateAsync();
        await repo.GitAsync("rm", "--quiet", "CHANGELOG.md");
        await repo.GitAsync("commit", "--quiet", "-m", "No changelog");
        var head = await repo.GitAsync("rev-parse", "HEAD");

        var plan = await VersionRelease.RunAsync(repo.Root, Bump(BumpKind.Patch));

        plan.Changes.Should().BeEmpty();
        plan.Warnings.Should().ContainSingle().Which.Should().StartWith("There is no CHANGELOG.md");
        (await repo.GitAsync("rev-parse", "HEAD")).Should().Be(head);
        (await repo.GitAsync("rev-parse", "v0.1.1^{commit}")).Should().Be(head);
        (await repo.GitAsync("cat-file", "-t", "v0.1.1")).Should().Be("tag");
    }

    [Fact]
    public async Task Without_a_changelog_a_HEAD_that_is_already_a_release_is_refused()
    {
        using var repo = await TagVersionedPlugin.CreateAsync();
        await repo.GitAsync("rm", "--quiet", "CHANGELOG.md");
        await repo.GitAsync("commit", "--quiet", "-m", "No changelog");
        await repo.GitAsync("tag", "-a", "-m", "Release 0.1.1", "v0.1.1");
        var state = await repo.StateAsync();

        var act = () => VersionRelease.RunAsync(repo.Root, Bump(BumpKind.Patch));

        await act.Should().ThrowAsync<BuildException>().WithMessage("HEAD is already the release v0.1.1, and releasing 0.1.2 would change no file*so v0.1.2 would tag the same commit*");
        (await repo.StateAsync()).Should().Be(state);
    }

    [Fact]
    public async Task A_dirty_work_tree_is_refused_and_a_dry_run_writes_nothing()
    {
        using var repo = await TagVersionedPlugin.CreateAsync();
        repo.Write("notes.txt", "scratch");
        var files = repo.Snapshot();
        var state = await repo.StateAsync();

        var act = () => VersionRelease.RunAsync(repo.Root, Bump(BumpKind.Minor));
        await act.Should().ThrowAsync<BuildException>().WithMessage("The work tree has uncommitted changes (?? notes.txt)*");

        var plan = await VersionRelease.RunAsync(repo.Root, Bump(BumpKind.Minor) with { DryRun = true });
        plan.Tag.Should().Be("v0.2.0");
        plan.Diff().Should().StartWith("--- a/CHANGELOG.md\n+++ b/CHANGELOG.md\n").And.Contain("+## [0.2.0] - 2026-05-17\n").And.NotContain("pyproject.toml");
        repo.Snapshot().Should().BeEquivalentTo(files);
        (await repo.StateAsync()).Should().Be(state);
    }

    [Fact]
    public async Task A_failing_commit_undoes_the_changelog_and_makes_no_tag()
    {
        using var repo = await TagVersionedPlugin.CreateAsync();
        var hook = repo.Write(".git/hooks/pre-commit", "#!/bin/sh\necho 'hook says no' >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var files = repo.Snapshot();
        var state = await repo.StateAsync();

        var act = () => VersionRelease.RunAsync(repo.Root, Bump(BumpKind.Minor));

        (await act.Should().ThrowAsync<BuildException>()).Which.Message.Should().StartWith("The release stopped at git commit, and the files and the repository are as they were before.");
        repo.Snapshot().Should().BeEquivalentTo(files);
        (await repo.StateAsync()).Should().Be(state);
    }

    [Fact]
    public async Task A_failing_tag_of_a_release_without_a_commit_leaves_the_repository_as_it_was()
    {
        using var repo = await TagVersionedPlugin.CreateAsync();
        await repo.GitAsync("tag", "v0.1.1"); // makes "git tag" fail
        var state = await repo.StateAsync();

        var act = () => ReleaseGit.CommitAndTagAsync(repo.Root, [], "Release 0.1.1", "body", "v0.1.1", "Release 0.1.1");

        (await act.Should().ThrowAsync<BuildException>()).Which.Message.Should()
            .StartWith("The release stopped at git tag, and the files and the repository are as they were before.").And.Contain("already exists");
        (await repo.StateAsync()).Should().Be(state);
    }

    [Fact]
    public async Task A_literal_version_in_the_package_is_left_alone_with_a_warning()
    {
        using var repo = await TagVersionedPlugin.CreateAsync();
        await repo.CommitAsync("literal", "src/pytest_tagdemo/__init__.py", "__version__ = \"0.1.0\"\n");

        var plan = VersionRelease.Plan(repo.Root, Bump(BumpKind.Patch), await ReleaseGit.TagHistoryAsync(repo.Root));

        plan.Changes.Select(c => c.RelativePath).Should().Equal("CHANGELOG.md");
        plan.Warnings.Should().ContainSingle().Which.Should().Be(
            $"{Path.Combine("src", "pytest_tagdemo", "__init__.py")} says __version__ = \"0.1.0\", which BumpVersion leaves alone: the version comes from git tags (setuptools-scm), so that literal will not follow the releases. " +
            "Read it from the installed metadata instead: __version__ = importlib.metadata.version(\"pytest-tagdemo\").");
    }

    [Fact]
    public async Task Outside_a_git_repository_even_a_dry_run_says_the_tags_are_needed()
    {
        using var plain = await ReleaseRepository.CreateAsync(TagVersionedPlugin.Files(TagVersionedPlugin.HatchVcs), withGit: false);

        var act = () => VersionRelease.RunAsync(plain.Root, Bump(BumpKind.Patch) with { DryRun = true });

        await act.Should().ThrowAsync<BuildException>()
            .WithMessage($"{plain.Root} is not in a git repository, but the version of this project comes from git tags (hatch-vcs), declared by [tool.hatch.version] source = \"vcs\" in pyproject.toml.*git init*");
    }
}
