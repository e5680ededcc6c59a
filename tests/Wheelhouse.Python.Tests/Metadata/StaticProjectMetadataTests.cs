using Tomlyn;
using Tomlyn.Model;
using Wheelhouse.Python.Metadata;

namespace Wheelhouse.Python.Tests.Metadata;

public sealed class StaticProjectMetadataTests
{
    private static ProjectMetadata? Read(string toml) => StaticProjectMetadata.TryRead(TomlSerializer.Deserialize<TomlTable>(toml)!, "pyproject.toml");

    [Fact]
    public void A_project_table_that_states_everything_is_read_without_a_backend()
    {
        var metadata = Read("""
            [project]
            name = "pytest-sample"
            version = "1.2.0"
            requires-python = ">=3.10"
            dependencies = ["pytest>=7"]
            optional-dependencies = { yaml = ["pyyaml>=6", "tomli; python_version < '3.11'"] }
            scripts = { sample = "pytest_sample.cli:main" }
            [project.entry-points.pytest11]
            sample = "pytest_sample.plugin"
            """);

        metadata.Should().NotBeNull();
        metadata!.Name.Should().Be("pytest-sample");
        metadata.Version.Should().Be("1.2.0");
        metadata.RequiresPython.Should().Be(">=3.10");
        metadata.Group("pytest11").Should().Equal(new Dictionary<string, string> { ["sample"] = "pytest_sample.plugin" });
        metadata.Group("console_scripts").Should().ContainKey("sample");
        metadata.Dependencies.Should().Equal("pytest>=7", "pyyaml>=6; extra == \"yaml\"", "tomli; (python_version < '3.11') and extra == \"yaml\"");
        metadata.Source.Should().Be("pyproject.toml");
    }

    [Theory]
    [InlineData("version")]
    [InlineData("entry-points")]
    [InlineData("dependencies")]
    [InlineData("requires-python")]
    public void A_dynamic_field_the_release_checks_needs_the_backend(string field) =>
        Read($"[project]\nname = \"x\"\nversion = \"1\"\ndynamic = [\"{field}\"]\n").Should().BeNull();

    [Fact]
    public void A_dynamic_field_the_release_does_not_check_keeps_the_fast_path() =>
        Read("[project]\nname = \"x\"\nversion = \"1\"\ndynamic = [\"readme\", \"classifiers\"]\n").Should().NotBeNull();

    [Fact]
    public void No_project_table_means_setup_cfg_or_setup_py_and_needs_the_backend() =>
        Read("[build-system]\nrequires = [\"setuptools\"]\n").Should().BeNull();
}
