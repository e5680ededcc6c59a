using Wheelhouse.Engine;
using Wheelhouse.PyPI.Publishing;
using Wheelhouse.Python;

namespace Wheelhouse.PyPI.Tests.Publishing;

public sealed class PublishGuardsTests
{
    private const string Sdist = "evalcheck-0.2.0.tar.gz";
    private const string Wheel = "evalcheck-0.2.0-py3-none-any.whl";

    private static GuardContext InCi(TempGitRepository repo, string? gitRef, string tagFormat = "v{version}") =>
        new(repo.Root, repo.Dist, IsServerBuild: true, gitRef, tagFormat);

    private static GuardContext ByHand(TempGitRepository repo) => new(repo.Root, repo.Dist, IsServerBuild: false, null);

    private static async Task<string> RefusalAsync(GuardContext context)
    {
        var act = () => PublishGuards.CheckAsync(context);
        return (await act.Should().ThrowAsync<BuildException>()).Which.Message;
    }

    [Fact]
    public async Task One_release_in_a_clean_work_tree_passes_and_lists_the_wheel_before_the_sdist()
    {
        using var repo = new TempGitRepository();
        repo.Distributions(Wheel, Sdist);

        var set = await PublishGuards.CheckAsync(ByHand(repo));

        set.Name.Should().Be("evalcheck");
        set.Version.Should().Be("0.2.0");
        set.UploadOrder.Select(Path.GetFileName).Should().Equal(Wheel, Sdist);
    }

    [Fact]
    public async Task Files_of_two_versions_are_refused_before_anything_is_uploaded_and_each_file_is_named()
    {
        using var repo = new TempGitRepository(git: false);
        repo.Distributions(Sdist, Wheel, "evalcheck-0.1.0-py3-none-any.whl");

        var message = await RefusalAsync(InCi(repo, null));

        message.Should().StartWith("Nothing was uploaded")
            .And.Contain("more than one release")
            .And.Contain("evalcheck 0.2.0 (evalcheck-0.2.0-py3-none-any.whl, evalcheck-0.2.0.tar.gz)")
            .And.Contain("evalcheck 0.1.0 (evalcheck-0.1.0-py3-none-any.whl)")
            .And.Contain("./build.sh Build");
    }

    [Fact]
    public async Task Files_of_two_projects_are_refused()
    {
        using var repo = new TempGitRepository(git: false);
        repo.Distributions(Sdist, "other_plugin-0.2.0-py3-none-any.whl");

        var message = await RefusalAsync(InCi(repo, null));

        message.Should().Contain("more than one release").And.Contain("other_plugin 0.2.0");
    }

    [Fact]
    public async Task Spellings_of_the_same_name_and_version_count_as_one_release()
    {
        using var repo = new TempGitRepository(git: false);
        repo.Distributions("Eval_Check-1.0.0.tar.gz", "eval_check-1.0.0-py3-none-any.whl");

        var set = await PublishGuards.CheckAsync(InCi(repo, null));

        set.Files.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_local_version_is_refused_with_the_public_version_to_use()
    {
        using var repo = new TempGitRepository(git: false);
        repo.Distributions("evalcheck-0.2.0+dev.1.tar.gz", "evalcheck-0.2.0+dev.1-py3-none-any.whl");

        var message = await RefusalAsync(InCi(repo, null));

        message.Should().Contain("local version label (+dev.1)").And.Contain("PyPI refuses local versions").And.Contain("0.2.0");
    }

    [Fact]
    public async Task A_local_version_between_tags_of_a_tag_versioned_project_is_told_to_tag_a_release_with_BumpVersion()
    {
        using var repo = new TempGitRepository(git: false);
        repo.Distributions("pytest_tagdemo-0.2.1.dev3+g1a2b3c.tar.gz", "pytest_tagdemo-0.2.1.dev3+g1a2b3c-py3-none-any.whl");
        var source = new VersionSource(VersionOrigin.VcsTag, "setuptools-scm", "[tool.setuptools_scm] in pyproject.toml");

        var message = await RefusalAsync(InCi(repo, null) with { VersionSource = source });

        message.Should().Be(
            "Nothing was uploaded: pytest_tagdemo 0.2.1.dev3+g1a2b3c has a local version label (+g1a2b3c), and PyPI refuses local versions. " +
            "The version comes from git tags (setuptools-scm), and this build was made from commits after the last release tag or from a work tree with uncommitted changes. " +
            "Commit your changes, tag a release with ./build.sh BumpVersion, and build again from the tagged commit.");
    }

    [Theory]
    [InlineData(null, "Set a public version in pyproject.toml (0.2.0 or a .devN/.postN release) and build again.")]
    [InlineData(VersionOrigin.PyProject, "Set a public version in pyproject.toml (0.2.0 or a .devN/.postN release) and build again.")]
    [InlineData(VersionOrigin.SetupCfg, "Set a public version in setup.cfg (0.2.0 or a .devN/.postN release) and build again.")]
    [InlineData(VersionOrigin.Dynamic, "The version is computed by hatchling ([tool.hatch.version] path = \"src/evalcheck/__about__.py\" in pyproject.toml): set a public version there (0.2.0 or a .devN/.postN release) and build again.")]
    public async Task A_local_version_of_a_project_with_a_version_in_a_file_is_told_where_to_set_it(VersionOrigin? origin, string advice)
    {
        using var repo = new TempGitRepository(git: false);
        repo.Distributions("evalcheck-0.2.0+dev.1.tar.gz");
        var source = origin is { } kind
            ? new VersionSource(kind, kind == VersionOrigin.Dynamic ? "hatchling" : null, "[tool.hatch.version] path = \"src/evalcheck/__about__.py\" in pyproject.toml")
            : null;

        var message = await RefusalAsync(InCi(repo, null) with { VersionSource = source });

        message.Should().Be($"Nothing was uploaded: evalcheck 0.2.0+dev.1 has a local version label (+dev.1), and PyPI refuses local versions. {advice}");
    }

    [Fact]
    public async Task Publishing_reads_the_version_source_from_the_projects_pyproject_toml()
    {
        using var repo = new TempGitRepository(git: false);
        repo.Write("pyproject.toml", "[build-system]\nrequires = [\"hatchling\", \"hatch-vcs\"]\nbuild-backend = \"hatchling.build\"\n[project]\nname = \"pytest-tagdemo\"\ndynamic = [\"version\"]\n[tool.hatch.version]\nsource = \"vcs\"\n");
        repo.Distributions("pytest_tagdemo-0.2.1.dev3+g1a2b3c.tar.gz", "pytest_tagdemo-0.2.1.dev3+g1a2b3c-py3-none-any.whl");

        // The guards stop it before credentials or the index are touched.
        var act = () => ReleasePublisher.PublishAsync(new PublishRequest
        {
            Index = Wheelhouse.PyPI.PackageIndex.TestPyPI,
            RootDirectory = repo.Root,
            DistDirectory = repo.Dist,
            IsServerBuild = true,
            IsGitHubActions = false,
        });

        (await act.Should().ThrowAsync<BuildException>()).Which.Message.Should()
            .Contain("The version comes from git tags (hatch-vcs)").And.Contain("tag a release with ./build.sh BumpVersion").And.NotContain("pyproject.toml");
    }

    [Fact]
    public async Task In_CI_a_tag_that_is_not_the_versions_tag_is_refused_naming_both()
    {
        using var repo = new TempGitRepository(git: false);
        repo.Distributions(Sdist, Wheel);

        var message = await RefusalAsync(InCi(repo, "refs/tags/v0.3.0"));

        message.Should().Contain("tag v0.3.0").And.Contain("version 0.2.0").And.Contain("whose tag is v0.2.0").And.Contain("BumpVersion");
    }

    [Fact]
    public async Task In_CI_the_tag_follows_the_tag_format()
    {
        using var repo = new TempGitRepository(git: false);
        repo.Distributions(Sdist, Wheel);

        await PublishGuards.CheckAsync(InCi(repo, "refs/tags/release-0.2.0", "release-{version}"));
        var message = await RefusalAsync(InCi(repo, "refs/tags/v0.2.0", "release-{version}"));

        message.Should().Contain("whose tag is release-0.2.0 (--tag-format release-{version})");
    }

    [Fact]
    public async Task In_CI_on_a_branch_there_is_no_tag_to_compare_and_the_work_tree_is_not_checked()
    {
        using var repo = new TempGitRepository(git: false);
        repo.Distributions(Sdist, Wheel);

        var set = await PublishGuards.CheckAsync(InCi(repo, "refs/heads/main"));

        set.Version.Should().Be("0.2.0");
    }

    [Fact]
    public async Task By_hand_a_dirty_work_tree_is_refused_naming_the_changed_files()
    {
        using var repo = new TempGitRepository();
        repo.Distributions(Sdist, Wheel);
        repo.Write("README.md", "changed\n");
        repo.Write("notes.txt", "new\n");

        var message = await RefusalAsync(ByHand(repo));

        message.Should().Contain("uncommitted changes (M README.md, ?? notes.txt)").And.Contain("commit or stash them");
    }

    [Fact]
    public async Task By_hand_the_schema_the_build_rewrites_when_it_starts_does_not_count_as_a_change()
    {
        using var repo = new TempGitRepository();
        repo.Write(".nuke/build.schema.json", "{}\n");
        repo.Git("add", "--all");
        repo.Git("commit", "--quiet", "-m", "schema");
        repo.Distributions(Sdist, Wheel);
        repo.Write(".nuke/build.schema.json", "{\"rewritten\": true}\n");

        var set = await PublishGuards.CheckAsync(ByHand(repo));

        set.Files.Should().HaveCount(2);
    }

    [Fact]
    public async Task By_hand_outside_a_git_work_tree_is_refused()
    {
        using var repo = new TempGitRepository(git: false);
        repo.Distributions(Sdist, Wheel);

        var message = await RefusalAsync(ByHand(repo));

        message.Should().Contain("is not a git work tree");
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once()
    {
        using var repo = new TempGitRepository();
        repo.Distributions("evalcheck-0.2.0+local.tar.gz", "evalcheck-0.1.0-py3-none-any.whl");
        repo.Write("README.md", "changed\n");

        var message = await RefusalAsync(ByHand(repo));

        message.Should().Contain("Nothing was uploaded, because:")
            .And.Contain("- dist/ holds files of more than one release")
            .And.Contain("- evalcheck 0.2.0+local has a local version label")
            .And.Contain("- The work tree has uncommitted changes");
    }

    [Fact]
    public async Task An_empty_dist_folder_says_to_build_first()
    {
        using var repo = new TempGitRepository(git: false);
        repo.Write("dist/notes.txt", "");

        var message = await RefusalAsync(InCi(repo, null));

        message.Should().Contain("holds no wheel (.whl) or sdist (.tar.gz) (only: notes.txt)").And.Contain("./build.sh Build");
    }
}
