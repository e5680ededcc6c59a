using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;

namespace Wheelhouse.Python.Tests.PluginApi;

[CollectionDefinition(Name)]
public sealed class ProbePluginsCollection : ICollectionFixture<ProbePlugins>
{
    public const string Name = "Plugins for the plugin-API probe";
}

/// <summary>
/// Small real pytest plugins written into a temp folder, built into wheels with the real frontend
/// (<c>/usr/bin/python3 -m build</c>, hatchling and setuptools backends) and installed offline into fresh venvs:
/// pytest-sample (every kind of API item, two entry points) and pytest-neighbour share one venv, so each one's
/// extraction must leave out the other's; pytest-broken, whose entry point fails to import, has its own.
/// </summary>
public sealed class ProbePlugins : IDisposable
{
    public const string SystemPython = "/usr/bin/python3";

    private readonly TempFolder folder = new();
    private readonly Lazy<Task<AbsolutePath>> sharedVenv;
    private readonly Lazy<Task<AbsolutePath>> brokenVenv;
    private readonly Lazy<Task<string>> pytestVersion;
    private readonly Lazy<Task<string>> modernPython;

    public ProbePlugins()
    {
        sharedVenv = new(() => VenvAsync("shared", [Sample, Neighbour]));
        brokenVenv = new(() => VenvAsync("broken", [Broken]));
        pytestVersion = new(ReadPytestVersionAsync);
        modernPython = new(ModernVenvAsync);
    }

    /// <summary>
    /// A python that runs, on the host's command line, the Debian 13 root's Python 3.13 and pytest 8 in a venv made there with
    /// pytest-sample built and installed by the root's own tools (a wrapper: see DebianRoot.WriteProgramWrapper).
    /// </summary>
    public Task<string> ModernPythonAsync() => modernPython.Value;

    private async Task<string> ModernVenvAsync()
    {
        var root = Wheelhouse.TestSupport.DebianRoot.Trixie;
        var modern = folder.Absolute / "modern";
        var project = modern / "projects" / Sample.Name;
        foreach (var (path, content) in Sample.Files)
        {
            var file = project / path;
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, content);
        }

        async Task InRootAsync(params string[] command)
        {
            var result = await root.RunAsync(command, modern);
            if (result.ExitCode != 0)
                throw new InvalidOperationException($"{string.Join(' ', command)} failed in the Debian 13 root ({result.ExitCode}):\n{result.StandardOutput}\n{result.StandardError}");
        }

        await InRootAsync("python3", "-m", "build", "--wheel", "--no-isolation", "--outdir", modern / "dist", project);
        await InRootAsync("python3", "-m", "venv", "--system-site-packages", modern / "venv");
        await InRootAsync(modern / "venv" / "bin" / "python", "-m", "pip", "install", "--no-index", "--no-deps", "--disable-pip-version-check",
            Directory.GetFiles(modern / "dist", "*.whl").Single());
        return root.WriteProgramWrapper(modern / "venv" / "bin" / "python", modern / "python");
    }

    /// <summary>The python of the venv holding pytest-sample and pytest-neighbour.</summary>
    public async Task<string> SharedPythonAsync() => Python(await sharedVenv.Value);

    /// <summary>The python of the venv holding pytest-broken.</summary>
    public async Task<string> BrokenPythonAsync() => Python(await brokenVenv.Value);

    /// <summary>The version of the system's pytest, which the venvs see.</summary>
    public Task<string> PytestVersionAsync() => pytestVersion.Value;

    /// <summary>A fresh folder for one extraction.</summary>
    public AbsolutePath NewWorkFolder() =>
        AbsolutePath.Create(Directory.CreateDirectory(Path.Combine(folder.Path, "work-" + Guid.NewGuid().ToString("N")[..8])).FullName);

    private static string Python(AbsolutePath venv) => venv / "bin" / "python";

    private async Task<AbsolutePath> VenvAsync(string name, IReadOnlyList<PluginSource> plugins)
    {
        var wheels = new List<string>();
        foreach (var plugin in plugins)
            wheels.Add(await BuildAsync(plugin));
        var venv = folder.Absolute / "venvs" / name;
        // The venv's own pip (ensurepip, offline): a machine's Python may have venv but no pip of its own (Debian without python3-pip).
        await Tool.RunAsync(SystemPython, ["-m", "venv", "--system-site-packages", venv], Quiet);
        await Tool.RunAsync(Python(venv), ["-m", "pip", "install", "--no-index", "--no-deps", "--disable-pip-version-check", .. wheels], Quiet);
        return venv;
    }

    private async Task<string> BuildAsync(PluginSource plugin)
    {
        var project = folder.Absolute / "projects" / plugin.Name;
        foreach (var (path, content) in plugin.Files)
        {
            var file = project / path;
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, content);
        }

        var dist = folder.Absolute / "dist" / plugin.Name;
        await Tool.RunAsync(SystemPython, ["-m", "build", "--wheel", "--no-isolation", "--skip-dependency-check", "--outdir", dist, project],
            Quiet with { WorkingDirectory = project });
        return Directory.GetFiles(dist, "*.whl").Single();
    }

    private static async Task<string> ReadPytestVersionAsync()
    {
        var result = await Tool.RunAsync(SystemPython, ["-I", "-c", "import pytest; print(pytest.__version__)"], Quiet);
        return result.StandardOutput.Trim();
    }

    private static readonly ToolOptions Quiet = new()
    {
        LogOutput = false,
        Environment = new Dictionary<string, string?> { ["PYTHONNOUSERSITE"] = "1", ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1", ["PYTHONDONTWRITEBYTECODE"] = "1" },
    };

    public void Dispose() => folder.Dispose();

    private sealed record PluginSource(string Name, IReadOnlyList<(string Path, string Content)> Files);

    /// <summary>hatchling, src layout, two entry points: every kind of API item the probe reads.</summary>
    private static readonly PluginSource Sample = new("pytest-sample",
    [
        ("pyproject.toml", """
            [build-system]
            requires = ["hatchling"]
            build-backend = "hatchling.build"

            [project]
            name = "pytest-sample"
            version = "1.2.3"
            requires-python = ">=3.8"
            dependencies = ["pytest>=7"]

            [project.entry-points.pytest11]
            sample = "pytest_sample.plugin"
            sample_extra = "pytest_sample.extra"

            [tool.hatch.build.targets.wheel]
            packages = ["src/pytest_sample"]
            """),
        ("src/pytest_sample/__init__.py", ""),
        ("src/pytest_sample/hooks.py", """
            import pytest


            @pytest.hookspec(firstresult=True)
            def pytest_sample_choose(config, candidates):
                "Pick one candidate."


            @pytest.hookspec(historic=True)
            def pytest_sample_registered(name):
                "A sample was registered."
            """),
        ("src/pytest_sample/plugin.py", """
            from pathlib import PurePosixPath

            import pytest


            def pytest_addhooks(pluginmanager):
                from pytest_sample import hooks

                pluginmanager.add_hookspecs(hooks)


            def pytest_addoption(parser):
                group = parser.getgroup("sample", "the sample plugin")
                group.addoption("--sample-mode", action="store", dest="sample_mode", default="fast", choices=["fast", "slow"], help="How samples run.")
                group.addoption("--sample-count", type=int, default=3, help="How many samples.")
                group.addoption("-S", "--sample-verbose", action="store_true", help="Talk more.")
                group.addoption("--sample-out", default=PurePosixPath("out"), help="Where to write.")
                group.addoption("--sample-tag", action="append", default=[], help="Tag (repeatable).")
                parser.addoption("--sample-pair", nargs=2, default=("a", "b"), help="Two words.")
                parser.addini("sample_threshold", help="Smallest score that passes.", type="string", default="0.5")
                parser.addini("sample_enabled", help="Whether samples run.", type="bool", default=True)
                parser.addini("sample_paths", help="Lines of paths.", type="linelist")
                parser.addini("sample_name", help="A name.")


            def pytest_configure(config):
                config.addinivalue_line("markers", "sample(name): mark a test as a sample")


            @pytest.fixture(scope="module", params=[1, "two", None, PurePosixPath("p")])
            def sample_value(request):
                return request.param


            @pytest.fixture(autouse=True)
            def sample_autouse():
                yield
            """),
        ("src/pytest_sample/extra.py", """
            import pytest


            @pytest.fixture(scope="session")
            def sample_extra():
                return 1


            @pytest.fixture(name="tmp_path")
            def sample_tmp_path():
                "Overrides pytest's tmp_path: a fixture of the plugin although pytest has one of that name."
                return None
            """),
    ]);

    /// <summary>setuptools, one top-level module: another plugin in the same venv.</summary>
    private static readonly PluginSource Neighbour = new("pytest-neighbour",
    [
        ("pyproject.toml", """
            [build-system]
            requires = ["setuptools>=61"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "pytest-neighbour"
            version = "0.1.0"

            [project.entry-points.pytest11]
            neighbour = "pytest_neighbour"

            [tool.setuptools]
            py-modules = ["pytest_neighbour"]
            """),
        ("pytest_neighbour.py", """
            import pytest


            def pytest_addoption(parser):
                parser.addoption("--neighbour", action="store_true", help="Be neighbourly.")
                parser.addini("neighbour_level", help="How close.", type="args", default=["near"])


            def pytest_configure(config):
                config.addinivalue_line("markers", "neighbour: next door")


            @pytest.fixture
            def neighbour_value():
                return 2
            """),
    ]);

    /// <summary>setuptools; the entry point's module imports a module that does not exist.</summary>
    private static readonly PluginSource Broken = new("pytest-broken",
    [
        ("pyproject.toml", """
            [build-system]
            requires = ["setuptools>=61"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "pytest-broken"
            version = "0.0.1"

            [project.entry-points.pytest11]
            broken = "pytest_broken.plugin"

            [tool.setuptools]
            packages = ["pytest_broken"]
            """),
        ("pytest_broken/__init__.py", ""),
        ("pytest_broken/plugin.py", """
            import pytest_broken_missing_dependency  # not installed: pytest cannot load this plugin
            """),
    ]);
}
