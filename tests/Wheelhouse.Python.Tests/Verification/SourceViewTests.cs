using Wheelhouse.Engine;
using Wheelhouse.Python.Inspection;
using Wheelhouse.Python.Metadata;
using Wheelhouse.Python.Verification;

namespace Wheelhouse.Python.Tests.Verification;

public sealed class SourceViewTests
{
    private static ProjectMetadata Metadata(params EntryPoint[] entryPoints) =>
        new("pytest-demo", "1.2.3", entryPoints, ["pytest>=7"], ">=3.8", "pyproject.toml");

    [Fact]
    public void A_src_layout_package_is_copied_without_bytecode_beside_a_dist_info_with_every_entry_point()
    {
        using var project = new TempFolder();
        project.Write("src/pytest_demo/__init__.py", "");
        project.Write("src/pytest_demo/plugin.py", "");
        project.Write("src/pytest_demo/sub/extra.py", "");
        project.Write("src/pytest_demo/data/table.txt", "data");
        project.Write("src/pytest_demo/__pycache__/plugin.cpython-311.pyc", "");
        project.Write("src/pytest_demo.egg-info/PKG-INFO", "");
        using var work = new TempFolder();

        var view = SourceView.Create(project.Absolute, VerifySettings.DefaultSourceRoots,
            Metadata(new EntryPoint("pytest11", "demo", "pytest_demo.plugin"), new EntryPoint("console_scripts", "demo", "pytest_demo.cli:main [cli]")),
            [], work.Absolute / "view");

        view.Origins.Should().Equal(new Dictionary<string, string> { ["pytest_demo"] = "src/pytest_demo" });
        view.Modules.Should().Equal("pytest_demo", "pytest_demo.plugin", "pytest_demo.sub.extra");
        File.ReadAllText(view.Folder / "pytest_demo" / "data" / "table.txt").Should().Be("data");
        Directory.Exists(view.Folder / "pytest_demo" / "__pycache__").Should().BeFalse();
        Directory.Exists(view.Folder / "pytest_demo.egg-info").Should().BeFalse();
        var distInfo = view.Folder / "pytest_demo-1.2.3.dist-info";
        File.ReadAllText(distInfo / "METADATA").Should().Be("Metadata-Version: 2.1\nName: pytest-demo\nVersion: 1.2.3\nRequires-Python: >=3.8\n");
        EntryPointsFile.Parse(File.ReadAllText(distInfo / "entry_points.txt")).Entries.Should().Equal(
            new EntryPoint("pytest11", "demo", "pytest_demo.plugin"), new EntryPoint("console_scripts", "demo", "pytest_demo.cli:main [cli]"));
    }

    [Fact]
    public void A_flat_module_at_the_root_is_copied_and_the_roots_other_folders_are_not()
    {
        using var project = new TempFolder();
        project.Write("pytest_flat.py", "");
        project.Write("build/_build.csproj", "<Project />");
        project.Write("tests/test_flat.py", "");
        using var work = new TempFolder();

        var view = SourceView.Create(project.Absolute, VerifySettings.DefaultSourceRoots, Metadata(new EntryPoint("pytest11", "flat", "pytest_flat")), [], work.Absolute / "view");

        view.Origins.Should().Equal(new Dictionary<string, string> { ["pytest_flat"] = "pytest_flat.py" });
        Directory.GetFileSystemEntries(view.Folder).Select(Path.GetFileName).Should().BeEquivalentTo("pytest_flat.py", "pytest_demo-1.2.3.dist-info");
        view.Modules.Should().Equal("pytest_flat");
    }

    [Fact]
    public void The_wheels_top_level_names_are_found_too_src_first_and_the_folder_is_emptied_first()
    {
        using var project = new TempFolder();
        project.Write("src/pytest_demo/__init__.py", "");
        project.Write("pytest_demo/__init__.py", "# a stale copy at the root");
        project.Write("lib/demo_helpers.py", "");
        using var work = new TempFolder();
        work.Write("view/left_over.py", "");

        var view = SourceView.Create(project.Absolute, ["src", "lib", "."], Metadata(new EntryPoint("pytest11", "demo", "pytest_demo")), ["demo_helpers"], work.Absolute / "view");

        view.Origins.Should().Equal(new Dictionary<string, string> { ["demo_helpers"] = "lib/demo_helpers.py", ["pytest_demo"] = "src/pytest_demo" });
        File.Exists(work.Absolute / "view" / "left_over.py").Should().BeFalse();
        File.ReadAllText(view.Folder / "pytest_demo" / "__init__.py").Should().BeEmpty();
    }

    [Fact]
    public void A_module_in_no_source_root_is_an_error_saying_how_to_point_at_it()
    {
        using var project = new TempFolder();
        project.Write("lib/pytest_demo/__init__.py", "");
        using var work = new TempFolder();

        var act = () => SourceView.Create(project.Absolute, VerifySettings.DefaultSourceRoots, Metadata(new EntryPoint("pytest11", "demo", "pytest_demo.plugin")),
            ["pytest_demo"], work.Absolute / "view");

        act.Should().Throw<BuildException>().Which.Message.Should()
            .Contain("'pytest_demo' (imported by the entry points or shipped in the wheel) is in none of the source roots src/, the project root of")
            .And.Contain("Set source-roots in [tool.wheelhouse.verify]").And.Contain("compare-source = false");
    }

    [Theory]
    [InlineData("pytest_demo.plugin", "pytest_demo")]
    [InlineData("pytest_demo.plugin:Plugin [extra]", "pytest_demo")]
    [InlineData(" flat ", "flat")]
    public void The_top_level_module_of_an_entry_point(string value, string expected) => SourceView.TopLevel(value).Should().Be(expected);
}
