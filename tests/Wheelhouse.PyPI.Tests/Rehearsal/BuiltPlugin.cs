using Wheelhouse.Engine;
using Wheelhouse.Python;

namespace Wheelhouse.PyPI.Tests.Rehearsal;

[CollectionDefinition(Name)]
public sealed class BuiltPluginCollection : ICollectionFixture<BuiltPlugin>
{
    public const string Name = "Built evalcheck plugin";
}

/// <summary>
/// The evalcheck plugin, copied from the repository into a temp folder and built there once with the real frontend
/// (PackageBuilder); the repository's own dist/ is never touched. Tests copy the built files into their own projects.
/// </summary>
public sealed class BuiltPlugin : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("wheelhouse-plugin-").FullName;
    private readonly Lazy<Task<AbsolutePath>> dist;

    public BuiltPlugin() => dist = new Lazy<Task<AbsolutePath>>(BuildAsync);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The version in the plugin's pyproject.toml, so bumping the plugin changes nothing here.</summary>
    public string Version { get; } = PyProject.Load(Path.Combine(RepositoryRoot, "pyproject.toml")).Version
        ?? throw new InvalidOperationException("The plugin's pyproject.toml has no static version.");

    /// <summary>The dist/ folder of the built plugin (sdist and wheel of the version in pyproject.toml).</summary>
    public Task<AbsolutePath> DistAsync() => dist.Value;

    /// <summary>A new project folder with the plugin's sources and a copy of the built dist/.</summary>
    public async Task<AbsolutePath> NewProjectAsync(string parent)
    {
        var project = AbsolutePath.Create(Path.Combine(parent, "project"));
        CopyPlugin(RepositoryRoot, project);
        Directory.CreateDirectory(project / "dist");
        foreach (var file in Directory.GetFiles(await DistAsync()))
            File.Copy(file, project / "dist" / Path.GetFileName(file));
        return project;
    }

    private async Task<AbsolutePath> BuildAsync()
    {
        var project = AbsolutePath.Create(Path.Combine(folder, "source"));
        CopyPlugin(RepositoryRoot, project);
        var output = project / "dist";
        // Not isolated: the installed backend builds it, so whether PyPI answers changes nothing.
        var built = await PackageBuilder.BuildAsync(project, output, null, BuildIsolation.NotIsolated);
        built.Select(f => f.Name).Should().BeEquivalentTo($"evalcheck-{Version}.tar.gz", $"evalcheck-{Version}-py3-none-any.whl");
        return output;
    }

    public static void CopyPlugin(string root, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in new[] { "pyproject.toml", "PYPI_README.md", "CHANGELOG.md", "LICENSE" })
            File.Copy(Path.Combine(root, file), Path.Combine(target, file));
        // tests/smoke: pyproject.toml's [tool.wheelhouse.verify] names it, and VerifyInstall runs it.
        foreach (var file in new[] { "src/evalcheck", "tests/smoke" }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories)).Where(f => !f.Contains("__pycache__")))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Wheelhouse.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException("Wheelhouse.sln not found above the test assembly.");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
