using Wheelhouse.Engine;
using Wheelhouse.Python.Release;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Tests.Release;

/// <summary>BumpVersion end to end, with real git in a temp repository.</summary>
public sealed class VersionReleaseTests
{
    private static readonly DateOnly Day = new(2026, 5, 17);

    private static BumpRequest Bump(params BumpKind[] bumps) => new(bumps, null, Today: Day);

    [Fact]
    public async Task A_bump_edits_the_files_commits_them_and_makes_an_annotated_tag()
    {
        using var repo = await ReleaseRepository.CreateAsync();
        var head = await repo.GitAsync("rev-parse", "HEAD");

        var plan = await VersionRelease.RunAsync(repo.Root, Bump(BumpKind.Minor));

        plan.From.ToString().Should().Be("0.2.0");
        plan.To.ToString().Should().Be("0.3.0");
        repo.Text("pyproject.toml").Should().Be(ReleaseRepository.PyProject.Replace("\n", "\r\n").Replace("'0.2.0'", "'0.3.0'"));
        repo.Text("src/demo_plugin/__init__.py").Should().Be(ReleaseRepository.Init.Replace("0.2.0", "0.3.0"));
        repo.Text("CHANGELOG.md").Should().Contain("## [Unreleased]\n\n## [0.3.0] - 2026-05-17\n\n### Fixed\n")
            .And.Contain("[Unreleased]: https://github.com/o/demo/compare/v0.3.0...HEAD\n[0.3.0]: https://github.com/o/demo/compare/v0.2.0...v0.3.0\n");

        (await repo.GitAsync("log", "-1", "--format=%s%n%b")).Should().Be("Release 0.3.0\nBump version: 0.2.0 → 0.3.0");
        (await repo.GitAsync("rev-parse", "HEAD~1")).Should().Be(head);
        (await repo.GitAsync("show", "--name-only", "--format=", "HEAD")).Split('\n').Should().BeEquivalentTo("CHANGELOG.md", "pyproject.toml", "src/demo_plugin/__init__.py");
        (await repo.GitAsync("cat-file", "-t", "v0.3.0")).Should().Be("tag", "the tag is annotated");
        (await repo.GitAsync("rev-parse", "v0.3.0^{commit}")).Should().Be(await repo.GitAsync("rev-parse", "HEAD"));
        (await repo.GitAsync("tag", "-l", "--format=%(contents:subject)", "v0.3.0")).Should().Be("Release 0.3.0");
        (await repo.GitAsync("status", "--porcelain")).Should().BeEmpty();
    }

    [Fact]
    public async Task New_version_and_tag_format()
    {
        using var repo = await ReleaseRepository.CreateAsync();
        await VersionRelease.RunAsync(repo.Root, new BumpRequest([], "1.0.0-RC1", TagFormat: "release-{version}", Today: Day));
        repo.Text("pyproject.toml").Should().Contain("version = '1.0.0rc1'");
        (await repo.GitAsync("tag", "--list")).Should().Be("release-1.0.0rc1");
        repo.Text("CHANGELOG.md").Should().Contain("[1.0.0rc1]: https://github.com/o/demo/compare/v0.2.0...release-1.0.0rc1");
    }

    [Fact]
    public async Task A_failing_tag_step_undoes_the_commit_and_the_files()
    {
        using var repo = await ReleaseRepository.CreateAsync();
        await repo.GitAsync("tag", "v0.3.0"); // makes "git tag" fail
        var files = repo.Snapshot();
        var state = await repo.StateAsync();
        var plan = VersionRelease.Plan(repo.Root, Bump(BumpKind.Minor));

        // Straight to the effects, past the check that would have refused the existing tag.
        var act = () => ReleaseGit.CommitAndTagAsync(repo.Root, plan.Changes, plan.CommitSubject, plan.CommitBody, plan.Tag, "Release 0.3.0");

        (await act.Should().ThrowAsync<BuildException>()).Which.Message.Should()
            .StartWith("The release stopped at git tag, and the files and the repository are as they were before. What failed:").And.Contain("already exists");
        repo.Snapshot().Should().BeEquivalentTo(files);
        (await repo.StateAsync()).Should().Be(state);
        (await repo.GitAsync("log", "--format=%s")).Should().Be("Initial");
    }

    [Fact]
    public async Task A_failing_commit_undoes_the_files_and_the_index()
    {
        using var repo = await ReleaseRepository.CreateAsync();
        var hook = repo.Write(".git/hooks/pre-commit", "#!/bin/sh\necho 'hook says no' >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var files = repo.Snapshot();
        var state = await repo.StateAsync();

        var act = () => VersionRelease.RunAsync(repo.Root, Bump(BumpKind.Patch));

        (await act.Should().ThrowAsync<BuildException>()).Which.Message.Should().StartWith("The release stopped at git commit, and the files and the repository are as they were before.").And.Contain("hook says no");
        repo.Snapshot().Should().BeEquivalentTo(files);
        (await repo.StateAsync()).Should().Be(state);
    }

    [Fact]
    public async Task An_existing_tag_is_refused_before_anything_is_written()
    {
        using var repo = await ReleaseRepository.CreateAsync();
        await repo.GitAsync("tag", "v0.2.1");
        var files = repo.Snapshot();

        var act = () => VersionRelease.RunAsync(repo.Root, Bump(BumpKind.Patch));

        await act.Should().ThrowAsync<BuildException>().WithMessage("The tag v0.2.1 exists already.*");
        repo.Snapshot().Should().BeEquivalentTo(files);
        (await repo.GitAsync("log", "--format=%s")).Should().Be("Initial");
    }

    [Fact]
    public async Task A_dirty_work_tree_is_refused_with_the_dirty_paths()
    {
        using var repo = await ReleaseRepository.CreateAsync();
        repo.Write("notes.txt", "scratch");
        repo.Write(".gitignore", "dist/\n*.log\n");
        var files = repo.Snapshot();

        var act = () => VersionRelease.RunAsync(repo.Root, Bump(BumpKind.Patch));

        await act.Should().ThrowAsync<BuildException>().WithMessage("The work tree has uncommitted changes (M .gitignore, ?? notes.txt)*--allow-dirty*");
        repo.Snapshot().Should().BeEquivalentTo(files);
    }

    [Fact]
    public async Task Allow_dirty_commits_only_the_version_files()
    {
        using var repo = await ReleaseRepository.CreateAsync();
        repo.Write("notes.txt", "scratch");
        repo.Write(".gitignore", "dist/\n*.log\n");
        await repo.GitAsync("add", ".gitignore"); // staged, yet not part of the release commit

        await VersionRelease.RunAsync(repo.Root, Bump(BumpKind.Patch) with { AllowDirty = true });

        (await repo.GitAsync("show", "--name-only", "--format=", "HEAD")).Split('\n').Should().BeEquivalentTo("CHANGELOG.md", "pyproject.toml", "src/demo_plugin/__init__.py");
        (await repo.GitAsync("status", "--porcelain")).Split('\n').Should().BeEquivalentTo("M  .gitignore", "?? notes.txt");
        (await repo.GitAsync("cat-file", "-t", "v0.2.1")).Should().Be("tag");
    }

    [Fact]
    public async Task A_dry_run_writes_nothing_and_returns_the_diff()
    {
        using var repo = await ReleaseRepository.CreateAsync();
        var files = repo.Snapshot();
        var state = await repo.StateAsync();

        var plan = await VersionRelease.RunAsync(repo.Root, Bump(BumpKind.Major, BumpKind.Rc) with { DryRun = true });

        plan.To.ToString().Should().Be("1.0.0rc1");
        repo.Snapshot().Should().BeEquivalentTo(files);
        (await repo.StateAsync()).Should().Be(state);
        var diff = plan.Diff();
        diff.Should().Contain("--- a/pyproject.toml\n+++ b/pyproject.toml\n@@ -1,6 +1,6 @@\n # The project.\n [project]\n name = \"demo-plugin\"\n-version = '0.2.0'   # bumped by BumpVersion\n+version = '1.0.0rc1'   # bumped by BumpVersion\n");
        diff.Should().Contain("--- a/src/demo_plugin/__init__.py\n+++ b/src/demo_plugin/__init__.py\n");
        diff.Should().Contain("+## [1.0.0rc1] - 2026-05-17\n");
        diff.Should().Contain("-[Unreleased]: https://github.com/o/demo/compare/v0.2.0...HEAD\n+[Unreleased]: https://github.com/o/demo/compare/v1.0.0rc1...HEAD\n+[1.0.0rc1]: https://github.com/o/demo/compare/v0.2.0...v1.0.0rc1\n");
    }

    [Fact]
    public async Task A_dry_run_on_a_dirty_tree_or_outside_git_only_warns()
    {
        using var dirty = await ReleaseRepository.CreateAsync();
        dirty.Write("notes.txt", "scratch");
        (await VersionRelease.RunAsync(dirty.Root, Bump(BumpKind.Patch) with { DryRun = true })).To.ToString().Should().Be("0.2.1");

        using var plain = await ReleaseRepository.CreateAsync(withGit: false);
        var files = plain.Snapshot();
        (await VersionRelease.RunAsync(plain.Root, Bump(BumpKind.Patch) with { DryRun = true })).To.ToString().Should().Be("0.2.1");
        plain.Snapshot().Should().BeEquivalentTo(files);
    }

    [Fact]
    public async Task Outside_a_git_repository_a_real_run_is_refused()
    {
        using var plain = await ReleaseRepository.CreateAsync(withGit: false);
        var files = plain.Snapshot();
        var act = () => VersionRelease.RunAsync(plain.Root, Bump(BumpKind.Patch) with { AllowDirty = true });
        await act.Should().ThrowAsync<BuildException>().WithMessage("* is not in a git repository*");
        plain.Snapshot().Should().BeEquivalentTo(files);
    }

    [Fact]
    public async Task A_bump_that_does_not_increase_changes_nothing()
    {
        using var repo = await ReleaseRepository.CreateAsync();
        var files = repo.Snapshot();
        var act = () => VersionRelease.RunAsync(repo.Root, Bump(BumpKind.Alpha));
        await act.Should().ThrowAsync<BuildException>().WithMessage("--bump alpha does not increase the version: 0.2.0 → 0.2.0a1*--bump patch --bump alpha (→ 0.2.1a1)*");
        repo.Snapshot().Should().BeEquivalentTo(files);
    }

    [Theory]
    [InlineData(new BumpKind[0], null, "BumpVersion needs --bump KIND*or --new-version X.Y.Z.")]
    [InlineData(new[] { BumpKind.Minor }, "1.0", "Pass either --bump or --new-version, not both*")]
    public void Exactly_one_of_bump_and_new_version(BumpKind[] bumps, string? newVersion, string message)
    {
        var act = () => VersionRelease.Plan("/nonexistent", new BumpRequest(bumps, newVersion));
        act.Should().Throw<BuildException>().WithMessage(message);
    }

    [Fact]
    public async Task Without_a_changelog_or_version_literal_only_pyproject_changes_with_a_warning()
    {
        using var repo = await ReleaseRepository.CreateAsync();
        File.Delete(Path.Combine(repo.Root, "CHANGELOG.md"));
        repo.Write("src/demo_plugin/__init__.py", "from importlib.metadata import version\n__version__ = version('demo-plugin')\n");
        var plan = VersionRelease.Plan(repo.Root, Bump(BumpKind.Patch));
        plan.Changes.Select(c => c.RelativePath).Should().Equal("pyproject.toml");
        plan.Warnings.Should().ContainSingle().Which.Should().StartWith("There is no CHANGELOG.md");
    }

    [Fact]
    public async Task A_dynamic_version_is_a_clear_error()
    {
        using var repo = await ReleaseRepository.CreateAsync();
        repo.Write("pyproject.toml", "[project]\nname = \"demo-plugin\"\ndynamic = [\"version\"]\n");
        var act = () => VersionRelease.Plan(repo.Root, Bump(BumpKind.Patch));
        act.Should().Throw<BuildException>().WithMessage($"{Path.Combine(repo.Root, "pyproject.toml")} declares the version dynamic*");
    }

    [Fact]
    public async Task A_differing_version_literal_is_updated_with_a_warning()
    {
        using var repo = await ReleaseRepository.CreateAsync();
        repo.Write("src/demo_plugin/__init__.py", "__version__ = \"0.1.9\"\n");
        var plan = VersionRelease.Plan(repo.Root, Bump(BumpKind.Patch));
        plan.Warnings.Should().ContainSingle().Which.Should().Contain("said __version__ = \"0.1.9\" while pyproject.toml said 0.2.0; both now say 0.2.1");
    }

    [Fact]
    public async Task A_version_in_setup_cfg_is_bumped_there_committed_and_tagged()
    {
        using var repo = await ReleaseRepository.CreateAsync(new Dictionary<string, string>
        {
            ["pyproject.toml"] = "[build-system]\nrequires = [\"setuptools>=61\"]\nbuild-backend = \"setuptools.build_meta\"\n",
            ["setup.cfg"] = "[metadata]\nname = demo-plugin\nversion = 0.2.0\n\n[options]\npackages = demo_plugin\n",
            ["demo_plugin/__init__.py"] = ReleaseRepository.Init,
            ["CHANGELOG.md"] = ReleaseRepository.ChangelogText,
        });

        var plan = await VersionRelease.RunAsync(repo.Root, Bump(BumpKind.Minor));

        plan.To.ToString().Should().Be("0.3.0");
        repo.Text("setup.cfg").Should().Be("[metadata]\nname = demo-plugin\nversion = 0.3.0\n\n[options]\npackages = demo_plugin\n");
        repo.Text("demo_plugin/__init__.py").Should().Contain("__version__ = \"0.3.0\"");
        (await repo.GitAsync("show", "--name-only", "--format=", "HEAD")).Split('\n').Should().BeEquivalentTo("CHANGELOG.md", "setup.cfg", "demo_plugin/__init__.py");
        (await repo.GitAsync("cat-file", "-t", "v0.3.0")).Should().Be("tag");
    }

    [Fact]
    public async Task The_version_a_bump_counts_from_is_read_where_the_backend_reads_it()
    {
        // --bump auto (the plugin API gate) asks this before planning; setup.cfg and [tool.poetry] projects have no [project] table.
        using var cfg = await ReleaseRepository.CreateAsync(new Dictionary<string, string>
        {
            ["pyproject.toml"] = "[build-system]\nrequires = [\"setuptools>=61\"]\nbuild-backend = \"setuptools.build_meta\"\n",
            ["setup.cfg"] = "[metadata]\nname = demo-plugin\nversion = 1.4.0\n",
        });
        using var poetry = await ReleaseRepository.CreateAsync(new Dictionary<string, string>
        {
            ["pyproject.toml"] = "[build-system]\nrequires = [\"poetry-core\"]\nbuild-backend = \"poetry.core.masonry.api\"\n\n[tool.poetry]\nname = \"demo-plugin\"\nversion = \"2.0.1\"\n",
        });

        (await VersionRelease.CurrentVersionAsync(cfg.Root, "v{version}")).ToString().Should().Be("1.4.0");
        (await VersionRelease.CurrentVersionAsync(poetry.Root, "v{version}")).ToString().Should().Be("2.0.1");
    }

    [Fact]
    public async Task Poetry_s_own_version_is_bumped_in_pyproject_toml()
    {
        const string pyproject = "[build-system]\nrequires = [\"poetry-core\"]\nbuild-backend = \"poetry.core.masonry.api\"\n\n[tool.poetry]\nname = \"demo-plugin\"\nversion = \"0.2.0\"\n";
        using var repo = await ReleaseRepository.CreateAsync(new Dictionary<string, string> { ["pyproject.toml"] = pyproject, ["CHANGELOG.md"] = ReleaseRepository.ChangelogText });

        var plan = await VersionRelease.RunAsync(repo.Root, Bump(BumpKind.Patch));

        plan.To.ToString().Should().Be("0.2.1");
        repo.Text("pyproject.toml").Should().Be(pyproject.Replace("\"0.2.0\"", "\"0.2.1\""));
        (await repo.GitAsync("tag", "--list")).Should().Be("v0.2.1");
    }
}
