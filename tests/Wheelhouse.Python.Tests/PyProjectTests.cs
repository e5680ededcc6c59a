using Wheelhouse.Engine;

namespace Wheelhouse.Python.Tests;

public sealed class PyProjectTests
{
    [Fact]
    public void Reads_name_version_and_backend_of_a_hatchling_project()
    {
        using var folder = new TempFolder();
        var path = folder.Write("pyproject.toml", """
            [build-system]
            requires = ["hatchling>=1.21"]
            build-backend = "hatchling.build"

            [project]
            name = "demo-plugin"
            version = "3.1.4rc2"
            """);

        var project = PyProject.Load(path);

        project.Name.Should().Be("demo-plugin");
        project.Version.Should().Be("3.1.4rc2");
        project.Dynamic.Should().BeEmpty();
        project.BuildBackend.Should().Be("hatchling.build");
        project.BackendModule.Should().Be("hatchling.build");
        project.BuildRequires.Should().Equal("hatchling>=1.21");
    }

    [Fact]
    public void Reads_the_repository_plugin_whose_version_agrees_with_its_version_attribute()
    {
        var root = TempFolder.RepositoryRoot();
        var project = PyProject.Load(Path.Combine(root, "pyproject.toml"));
        project.Name.Should().Be("evalcheck");
        project.BuildBackend.Should().Be("hatchling.build");
        project.BuildRequires.Should().ContainMatch("hatchling*");
        // Not a pinned release: BumpVersion changes it, and keeps __version__ in step.
        var init = File.ReadAllText(Path.Combine(root, "src", "evalcheck", "__init__.py"));
        project.Version.Should().NotBeNullOrEmpty();
        init.Should().Contain($"__version__ = \"{project.Version}\"");
    }

    [Fact]
    public void Missing_build_system_means_the_legacy_setuptools_backend()
    {
        using var folder = new TempFolder();
        var project = PyProject.Load(folder.Write("pyproject.toml", "[project]\nname = \"x\"\ndynamic = [\"version\"]\n"));
        project.BuildBackend.Should().Be(PyProject.LegacyBackend);
        project.BackendModule.Should().Be("setuptools.build_meta");
        project.Dynamic.Should().Equal("version");
        project.Version.Should().BeNull();
    }

    [Fact]
    public void Invalid_toml_is_an_error_naming_the_file()
    {
        using var folder = new TempFolder();
        var path = folder.Write("pyproject.toml", "[project\nname = ");
        var act = () => PyProject.Load(path);
        act.Should().Throw<BuildException>().WithMessage($"{path} is not valid TOML*");
    }

    [Fact]
    public void Missing_file_is_an_error_naming_it()
    {
        var act = () => PyProject.Load("/nonexistent/pyproject.toml");
        act.Should().Throw<BuildException>().WithMessage("/nonexistent/pyproject.toml does not exist*");
    }
}
