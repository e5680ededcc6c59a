using Wheelhouse.Engine;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.Python.Tests.Inspection;

public sealed class BuildOwnFilesTests
{
    [Fact]
    public void The_build_projects_folder_is_the_nearest_folder_with_a_csproj_above_where_the_build_runs()
    {
        using var root = new TempFolder();
        root.Write("tools/release/Release.csproj", "<Project />");
        root.Write("tools/release/bin/publish/Release.dll", "MZ");

        BuildOwnFiles.FindProjectFolder(root.Absolute, Path.Combine(root.Path, "tools", "release", "bin", "publish")).Should().Be("tools/release");
        BuildOwnFiles.FindProjectFolder(root.Absolute, Path.Combine(root.Path, "tools", "release")).Should().Be("tools/release");
    }

    [Fact]
    public void There_is_no_build_folder_outside_the_root_nor_at_the_root_itself()
    {
        using var root = new TempFolder();
        using var elsewhere = new TempFolder();
        elsewhere.Write("Release.csproj", "<Project />");
        root.Write("Root.csproj", "<Project />");
        root.Write("bin/publish/Root.dll", "MZ");

        BuildOwnFiles.FindProjectFolder(root.Absolute, elsewhere.Path).Should().BeNull("a build that runs from elsewhere (a package, a tool) has no folder in the project");
        BuildOwnFiles.FindProjectFolder(root.Absolute, Path.Combine(root.Path, "bin", "publish")).Should().BeNull("the root is the package's, never the build's alone");
    }

    [Fact]
    public void The_project_folder_joins_the_bootstraps_own_files()
    {
        BuildOwnFiles.WithProjectFolder("build/").Folders.Should().Equal("build", ".nuke");
        BuildOwnFiles.WithProjectFolder(null).Should().Be(BuildOwnFiles.Bootstrap);
        BuildOwnFiles.Bootstrap.RootFiles.Should().Equal("build.sh", "build.ps1", "global.json");
    }

    [Fact]
    public void This_builds_own_project_folder_is_found_from_its_tests_too()
    {
        // The test assembly runs from tests/<project>/bin/..., whose project folder is the test project's.
        var root = AbsolutePath.Create(TempFolder.RepositoryRoot());
        BuildOwnFiles.FindProjectFolder(root, AppContext.BaseDirectory).Should().Be("tests/Wheelhouse.Python.Tests");
    }
}
