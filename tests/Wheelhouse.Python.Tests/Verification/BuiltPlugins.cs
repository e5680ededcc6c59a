using System.Collections.Concurrent;
using Wheelhouse.Engine;
using Wheelhouse.Python.Verification;

namespace Wheelhouse.Python.Tests.Verification;

[CollectionDefinition(Name)]
public sealed class BuiltPluginsCollection : ICollectionFixture<BuiltPlugins>
{
    public const string Name = "Built evalcheck plugins";
}

/// <summary>
/// The real evalcheck plugin with its smoke tests (tests/smoke, named in pyproject.toml's [tool.wheelhouse.verify]), and
/// broken variants of it, each built once with the real frontend (PackageBuilder) from a copy of the plugin's files in a
/// temp folder; shared by the integration tests and removed afterwards.
/// </summary>
public sealed class BuiltPlugins : IDisposable
{
    public const string Good = "good";

    /// <summary>pytest11 entry point names a module that is not in the wheel.</summary>
    public const string MissingEntryPointModule = "missing-entry-point-module";

    /// <summary>The plugin's regression check never fails a test.</summary>
    public const string RegressionCheckOff = "regression-check-off";

    /// <summary>__version__ in the package disagrees with the version in pyproject.toml.</summary>
    public const string StaleVersionAttribute = "stale-version-attribute";

    /// <summary>The plugin no longer registers its eval marker.</summary>
    public const string MarkerLost = "marker-lost";

    private readonly TempFolder folder = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<AbsolutePath>>> builds = new();
    private readonly Lazy<Task<InterpreterProbe>> systemPython = new(FindSystemPythonAsync);

    /// <summary>The plugin's version, read from the repository's pyproject.toml (which every variant copies), so a bump changes nothing here.</summary>
    public string Version { get; } = PyProject.Load(Path.Combine(TempFolder.RepositoryRoot(), "pyproject.toml")).Version
        ?? throw new InvalidOperationException("The repository's pyproject.toml has no static version.");

    /// <summary>The version the stale-version variant's __version__ says instead.</summary>
    public const string StaleVersion = "0.0.1";

    /// <summary>The folder holding the variant's sources (pyproject.toml at its root).</summary>
    public AbsolutePath ProjectOf(string variant) => folder.Absolute / variant / "project";

    /// <summary>The variant's source tree as VerifyInstall reads it: its settings and its static [project] metadata.</summary>
    public SourceProject SourceOf(string variant) =>
        new(ProjectOf(variant), VerifySettings.Read(ProjectOf(variant)), Python.Metadata.ProjectMetadataReader.TryReadStatic(ProjectOf(variant)));

    /// <summary>The dist folder of a variant, built on first use.</summary>
    public Task<AbsolutePath> DistAsync(string variant) =>
        builds.GetOrAdd(variant, v => new Lazy<Task<AbsolutePath>>(() => BuildAsync(v))).Value;

    /// <summary>/usr/bin/python3: it has venv, pip for new venvs and pytest, so it verifies offline.</summary>
    public Task<InterpreterProbe> SystemPythonAsync() => systemPython.Value;

    public AbsolutePath NewWorkRoot() => AbsolutePath.Create(Directory.CreateDirectory(Path.Combine(folder.Path, "work-" + Guid.NewGuid().ToString("N")[..8])).FullName);

    private static async Task<InterpreterProbe> FindSystemPythonAsync() =>
        (await VerificationInterpreters.FindAsync(["/usr/bin/python3"], ["pytest"])).Single();

    private async Task<AbsolutePath> BuildAsync(string variant)
    {
        var project = ProjectOf(variant);
        CopyPlugin(TempFolder.RepositoryRoot(), project);
        switch (variant)
        {
            case Good:
                break;
            case MissingEntryPointModule:
                Patch(project / "pyproject.toml", "evalcheck = \"evalcheck.plugin\"", "evalcheck = \"evalcheck.missing_plugin\"");
                break;
            case RegressionCheckOff:
                Patch(project / "src" / "evalcheck" / "plugin.py", "    if regressions:\n", "    if regressions and False:\n");
                break;
            case StaleVersionAttribute:
                Patch(project / "src" / "evalcheck" / "__init__.py", $"__version__ = \"{Version}\"", $"__version__ = \"{StaleVersion}\"");
                break;
            case MarkerLost:
                Patch(project / "src" / "evalcheck" / "plugin.py", "    config.addinivalue_line(\n        \"markers\",", "    (\n        \"markers\",");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(variant), variant, null);
        }

        var dist = folder.Absolute / variant / "dist";
        // Not isolated: the installed backend builds it, so whether PyPI answers changes nothing.
        var built = await PackageBuilder.BuildAsync(project, dist, null, BuildIsolation.NotIsolated);
        built.Select(f => f.Name).Should().Contain($"evalcheck-{Version}-py3-none-any.whl");
        return dist;
    }

    private static void CopyPlugin(string root, string target)
    {
        foreach (var file in new[] { "pyproject.toml", "PYPI_README.md", "CHANGELOG.md", "LICENSE" })
        {
            Directory.CreateDirectory(target);
            File.Copy(Path.Combine(root, file), Path.Combine(target, file));
        }

        foreach (var file in new[] { "src/evalcheck", "tests/smoke" }
            .SelectMany(folder => Directory.GetFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories)).Where(f => !f.Contains("__pycache__")))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    /// <summary>Replaces text that must be there, so a change to the plugin's sources cannot silently make the variant a good build.</summary>
    private static void Patch(string file, string from, string to)
    {
        var text = File.ReadAllText(file);
        text.Should().Contain(from, $"the {Path.GetFileName(file)} patch for a broken variant must apply");
        File.WriteAllText(file, text.Replace(from, to, StringComparison.Ordinal));
    }

    public void Dispose() => folder.Dispose();
}
