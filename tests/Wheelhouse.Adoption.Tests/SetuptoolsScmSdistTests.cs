using Wheelhouse.Adoption.Tests.Support;

namespace Wheelhouse.Adoption.Tests;

/// <summary>
/// setuptools-scm puts every tracked file into the sdist; its git file finder lists them with git archive, which honours
/// the export-ignore attributes of the .gitattributes the template writes. Built with /usr/bin/python3's setuptools and
/// setuptools-scm, offline.
/// </summary>
[Collection(PackedWheelhouseCollection.Name)]
public sealed class SetuptoolsScmSdistTests(PackedWheelhouse packed) : IDisposable
{
    private readonly TempFolder temp = new("scm");

    [Fact]
    public void With_the_template_s_gitattributes_the_sdist_holds_the_tracked_files_but_none_of_the_build_s()
    {
        var files = AdoptCommitAndBuildSdist("pytest-scm-adopted");

        files.Should().Contain(["tests/test_greeting.py", ".gitignore", "src/pytest_scm_adopted/plugin.py"], "setuptools-scm ships every tracked file");
        files.Where(BuildFiles.IsBuildFile).Should().BeEmpty();
    }

    [Fact]
    public void Without_it_setuptools_scm_ships_the_build_s_files()
    {
        var files = AdoptCommitAndBuildSdist("pytest-scm-bare", "--gitattributes", "false");

        files.Should().Contain(["build.sh", "build.ps1", "global.json", ".nuke/parameters.json"]);
    }

    private IReadOnlyList<string> AdoptCommitAndBuildSdist(string name, params string[] layDownArguments)
    {
        var root = temp.Folder(name);
        SamplePlugins.WriteSetuptoolsScm(root, name, "acme");
        var layDown = packed.LayDown(root, ["--repository", $"acme/{name}", .. layDownArguments]);
        layDown.ExitCode.Should().Be(0, layDown.Describe());
        ChildProcess.Git(root, "add", "-A").ExitCode.Should().Be(0);
        ChildProcess.Git(root, "commit", "-q", "-m", "Adopt the Wheelhouse build").ExitCode.Should().Be(0);
        ChildProcess.Git(root, "tag", "v1.0.1").ExitCode.Should().Be(0);

        // From outside the repository: there, its build/ folder would pass for the module `build`.
        var dist = Path.Combine(temp.Path, name + "-dist");
        var sdist = ChildProcess.Run("/usr/bin/python3", ["-m", "build", "--sdist", "--no-isolation", "--skip-dependency-check", "--outdir", dist, root], temp.Path);
        sdist.ExitCode.Should().Be(0, sdist.Describe());
        var file = Archives.OnlySdist(dist);
        Path.GetFileName(file).Should().Contain("1.0.1", "the version comes from the tag, so setuptools-scm did run");
        return Archives.SdistFiles(file);
    }

    public void Dispose() => temp.Dispose();
}
