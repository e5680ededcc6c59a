using Wheelhouse.Engine;

namespace Wheelhouse.Python.Tests;

/// <summary>Builds the real evalcheck plugin with the real frontend, from a copy in a temp folder.</summary>
public sealed class PackageBuilderTests
{
    private static void CopyPlugin(string root, string target)
    {
        foreach (var file in new[] { "pyproject.toml", "PYPI_README.md", "CHANGELOG.md", "LICENSE" })
            File.Copy(Path.Combine(root, file), Path.Combine(target, file));
        foreach (var file in Directory.GetFiles(Path.Combine(root, "src", "evalcheck"), "*", SearchOption.AllDirectories).Where(f => !f.Contains("__pycache__")))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    [Fact]
    public async Task Builds_sdist_and_wheel_of_the_plugin_into_the_output_folder()
    {
        using var folder = new TempFolder();
        CopyPlugin(TempFolder.RepositoryRoot(), folder.Path);

        var version = PyProject.Load(folder.Absolute / "pyproject.toml").Version;

        // Not isolated: the installed backend builds it, so whether PyPI answers changes nothing.
        var built = await PackageBuilder.BuildAsync(folder.Absolute, folder.Absolute / "dist", null, BuildIsolation.NotIsolated);

        built.Select(b => b.Name).Should().BeEquivalentTo($"evalcheck-{version}.tar.gz", $"evalcheck-{version}-py3-none-any.whl");
        built.Should().OnlyContain(b => new FileInfo(b).Length > 1000);
    }

    [Fact]
    public async Task A_broken_project_fails_with_the_frontend_output()
    {
        using var folder = new TempFolder();
        folder.Write("pyproject.toml", "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n[project]\nname = \"broken\"\nversion = \"not a version\"\n");
        var act = () => PackageBuilder.BuildAsync(folder.Absolute, folder.Absolute / "dist", null, BuildIsolation.NotIsolated);
        (await act.Should().ThrowAsync<BuildException>()).WithMessage("*failed with exit code*");
    }
}
