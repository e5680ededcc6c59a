using Wheelhouse.Engine;

namespace Wheelhouse.Python.Tests;

public sealed class PyProjectTests
{
    [Fact]
    public void Reads_name_version_and_backend_of_the_repository_plugin()
    {
        var project = PyProject.Load(Path.Combine(TempFolder.RepositoryRoot(), "pyproject.toml"));
        project.Name.Should().Be("evalcheck");
        project.Version.Should().Be("0.2.0");
        project.BuildBackend.Should().Be("hatchling.build");
        project.BackendModule.Should().Be("hatchling.build");
        project.BuildRequires.Should().ContainMatch("hatchling*");
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
