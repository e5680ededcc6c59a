using System.Collections.Concurrent;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;
using Wheelhouse.Python.Verification;

namespace Wheelhouse.Python.Tests.Verification;

[CollectionDefinition(Name)]
public sealed class SmallPluginsCollection : ICollectionFixture<SmallPlugins>
{
    public const string Name = "Small plugins of other shapes";
}

/// <summary>
/// Small real pytest plugins that are not evalcheck, written into a temp folder and built on first use with the real
/// frontend (<c>/usr/bin/python3 -m build --no-isolation --skip-dependency-check</c>):
/// <list type="bullet">
/// <item>pytest-tiny (hatchling, src layout) with a fixture, a marker, an ini option and an option, optional fixtures in
/// pytest_tiny/extra.py that the plugin registers when it can import them, and smoke tests; and broken variants of it;</item>
/// <item>pytest-flat (setuptools, metadata and entry point in setup.cfg, one top-level module), in a folder that also
/// holds a build/ folder without __init__.py, as a repository with the C# build has.</item>
/// </list>
/// </summary>
public sealed class SmallPlugins : IDisposable
{
    public const string SystemPython = "/usr/bin/python3";

    public const string Tiny = "tiny";

    /// <summary>The wheel leaves out pytest_tiny/extra.py, which the source tree has.</summary>
    public const string TinyMissingModule = "tiny-missing-module";

    /// <summary>A second pytest11 entry point named 'tmpdir', a name pytest's own tmpdir plugin already holds.</summary>
    public const string TinyEntryPointNameTaken = "tiny-entry-point-name-taken";

    /// <summary>A smoke test that fails against the installed package.</summary>
    public const string TinyFailingSmokeTest = "tiny-failing-smoke-test";

    public const string Flat = "flat";

    private readonly TempFolder folder = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<AbsolutePath>>> builds = new();
    private readonly Lazy<Task<InterpreterProbe>> systemPython = new(() => FindAsync());

    public AbsolutePath ProjectOf(string variant) => folder.Absolute / variant / "project";

    /// <summary>The dist folder of a variant, built on first use.</summary>
    public Task<AbsolutePath> DistAsync(string variant) =>
        builds.GetOrAdd(variant, v => new Lazy<Task<AbsolutePath>>(() => BuildAsync(v))).Value;

    public Task<InterpreterProbe> SystemPythonAsync() => systemPython.Value;

    public AbsolutePath NewWorkRoot() => AbsolutePath.Create(Directory.CreateDirectory(Path.Combine(folder.Path, "work-" + Guid.NewGuid().ToString("N")[..8])).FullName);

    /// <summary>A request to verify the variant from its dist folder, offline, with its source tree and its document folder.</summary>
    public async Task<VerificationRequest> RequestAsync(string variant)
    {
        var dist = await DistAsync(variant);
        var project = ProjectOf(variant);
        var work = NewWorkRoot();
        var (name, version) = variant == Flat ? ("pytest-flat", "2.0.0") : ("pytest-tiny", "1.0.0");
        return new VerificationRequest(name, version, new DistFolderSource(dist), work / "verify", SystemSitePackages: true, TimeSpan.Zero)
        {
            Project = new SourceProject(project, VerifySettings.Read(project), Python.Metadata.ProjectMetadataReader.TryReadStatic(project)),
            PluginApiDirectory = work / "plugin-api",
        };
    }

    private static async Task<InterpreterProbe> FindAsync() => (await VerificationInterpreters.FindAsync([SystemPython], ["pytest"])).Single();

    private async Task<AbsolutePath> BuildAsync(string variant)
    {
        var project = ProjectOf(variant);
        foreach (var (path, content) in Files(variant))
        {
            var file = project / path;
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, content);
        }

        var dist = folder.Absolute / variant / "dist";
        await Tool.RunAsync(SystemPython, ["-m", "build", "--no-isolation", "--skip-dependency-check", "--outdir", dist, project], new ToolOptions
        {
            WorkingDirectory = project,
            LogOutput = false,
            Environment = new Dictionary<string, string?> { ["PYTHONNOUSERSITE"] = "1", ["PYTHONDONTWRITEBYTECODE"] = "1" },
        });
        Directory.GetFiles(dist, "*.whl").Should().ContainSingle();
        return dist;
    }

    private static IReadOnlyList<(string Path, string Content)> Files(string variant) => variant switch
    {
        Flat => FlatFiles,
        Tiny => TinyFiles(),
        TinyMissingModule => TinyFiles(wheelSettings: "exclude = [\"src/pytest_tiny/extra.py\"]\n"),
        TinyEntryPointNameTaken => TinyFiles(entryPoints: "tmpdir = \"pytest_tiny.extra\"\n"),
        TinyFailingSmokeTest => TinyFiles(smokeTest: """

            def test_the_mode_is_slow_by_default(tiny_value):
                assert tiny_value == "slow", "expected the slow mode"
            """),
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
    };

    private static IReadOnlyList<(string, string)> TinyFiles(string wheelSettings = "", string entryPoints = "", string smokeTest = "") =>
    [
        ("pyproject.toml", $$"""
            [build-system]
            requires = ["hatchling"]
            build-backend = "hatchling.build"

            [project]
            name = "pytest-tiny"
            version = "1.0.0"
            requires-python = ">=3.8"
            dependencies = ["pytest>=7"]

            [project.entry-points.pytest11]
            tiny = "pytest_tiny.plugin"
            {{entryPoints}}
            [tool.hatch.build.targets.wheel]
            packages = ["src/pytest_tiny"]
            {{wheelSettings}}
            [tool.wheelhouse.verify]
            tests = ["tests/smoke"]
            """),
        ("src/pytest_tiny/__init__.py", "__version__ = \"1.0.0\"\n"),
        ("src/pytest_tiny/plugin.py", """
            import pytest


            def pytest_addoption(parser):
                parser.addoption("--tiny-mode", default="fast", choices=["fast", "slow"], help="How tiny tests run.")
                parser.addini("tiny_level", help="How much tiny tests report.", default="1")


            def pytest_configure(config):
                config.addinivalue_line("markers", "tiny(size): a tiny test")
                try:
                    from pytest_tiny import extra
                except ImportError:  # the extra fixtures are optional
                    return
                config.pluginmanager.register(extra, "tiny-extra")


            @pytest.fixture
            def tiny_value(request):
                return request.config.getoption("tiny_mode")
            """),
        ("src/pytest_tiny/extra.py", """
            import pytest


            @pytest.fixture(scope="session")
            def tiny_extra():
                return "extra"
            """),
        ("tests/smoke/test_tiny.py", """
            import pytest


            @pytest.mark.tiny
            def test_the_mode_is_fast_by_default(tiny_value):
                assert tiny_value == "fast"
            """ + smokeTest),
    ];

    private static readonly IReadOnlyList<(string, string)> FlatFiles =
    [
        ("pyproject.toml", """
            [build-system]
            requires = ["setuptools>=61", "wheel"]
            build-backend = "setuptools.build_meta"

            [tool.wheelhouse.verify]
            tests = ["tests"]
            """),
        ("setup.cfg", """
            [metadata]
            name = pytest-flat
            version = 2.0.0

            [options]
            py_modules = pytest_flat
            python_requires = >=3.8
            install_requires = pytest>=7

            [options.entry_points]
            pytest11 =
                flat = pytest_flat
            """),
        ("pytest_flat.py", """
            import pytest


            def pytest_addoption(parser):
                group = parser.getgroup("flat")
                group.addoption("--flat-size", type=int, default=3, help="How flat.")
                parser.addini("flat_style", help="The flat style.", default="plain")


            def pytest_configure(config):
                config.addinivalue_line("markers", "flat: a flat test")


            @pytest.fixture(scope="module")
            def flat_value(request):
                return request.config.getoption("flat_size")
            """),
        ("build/_build.csproj", "<Project />\n"),
        ("tests/test_flat.py", """
            def test_the_size_is_three_by_default(flat_value):
                assert flat_value == 3
            """),
    ];

    public void Dispose() => folder.Dispose();
}
