using System.Collections.Concurrent;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;
using Wheelhouse.PyPI.ApiBaseline;
using Wheelhouse.PyPI.Tests.LocalIndex;
using Wheelhouse.Python.ApiGate;
using Wheelhouse.Python.PluginApi;
using Wheelhouse.Python.Verification;

namespace Wheelhouse.PyPI.Tests.ApiBaseline;

[CollectionDefinition(Name)]
public sealed class GatePluginsCollection : ICollectionFixture<GatePlugins>
{
    public const string Name = "One small plugin in many versions";
}

/// <summary>
/// One small real pytest plugin, pytest-gate (hatchling): two fixtures and a parametrized one, a marker, two ini keys, three
/// options (choices, a flag, a typed value), two hookspecs and a pytest11 entry point; version 1.0.0 as released, and
/// variants that each change one thing. Each variant's wheel is built once, on first use, with the real frontend
/// (<c>/usr/bin/python3 -m build --wheel --no-isolation</c>) in a temp folder; the tests share them.
/// </summary>
public sealed class GatePlugins : IDisposable
{
    public const string SystemPython = "/usr/bin/python3";
    public const string Base = "base";

    /// <summary>What every variant changes: (file, text in the base, text in the variant), and its version.</summary>
    public sealed record Variant(string Version, params (string File, string From, string To)[] Edits);

    /// <summary>Each breaking kind of the gate, alone, at 1.1.0 (a MINOR bump over 1.0.0), by the change ID it must be named by.</summary>
    public static readonly IReadOnlyDictionary<string, Variant> Breaking = new Dictionary<string, Variant>
    {
        ["fixture-removed:gate_extra"] = new("1.1.0", (Plugin, "@pytest.fixture\ndef gate_extra():\n    return \"extra\"\n", "")),
        ["fixture-removed:gate_value"] = new("1.1.0", (Plugin, "def gate_value(", "def gate_result(")), // renamed
        ["fixture-scope-changed:gate_extra"] = new("1.1.0", (Plugin, "@pytest.fixture\ndef gate_extra", "@pytest.fixture(scope=\"session\")\ndef gate_extra")),
        ["fixture-autouse-enabled:gate_extra"] = new("1.1.0", (Plugin, "@pytest.fixture\ndef gate_extra", "@pytest.fixture(autouse=True)\ndef gate_extra")),
        ["fixture-params-changed:gate_mode"] = new("1.1.0", (Plugin, "params=[\"fast\", \"slow\"]", "params=[\"fast\"]")),
        ["marker-removed:gate"] = new("1.1.0", (Plugin, "config.addinivalue_line(\"markers\", \"gate(level): a gated test\")", "pass")),
        ["ini-removed:gate_level"] = new("1.1.0", (Plugin, "    parser.addini(\"gate_level\", help=\"How much to report.\", default=\"1\")\n", "")),
        ["ini-type-changed:gate_paths"] = new("1.1.0", (Plugin, "type=\"args\"", "type=\"linelist\"")),
        ["ini-default-changed:gate_level"] = new("1.1.0", (Plugin, "default=\"1\"", "default=\"2\"")),
        ["option-removed:--gate-update"] = new("1.1.0", (Plugin, "    group.addoption(\"--gate-update\", action=\"store_true\", default=False, help=\"Update.\")\n", "")),
        ["option-removed:--gate-size"] = new("1.1.0", (Plugin, "\"--gate-size\"", "\"--gate-count\"")), // renamed
        ["option-default-changed:--gate-size"] = new("1.1.0", (Plugin, "type=int, default=3", "type=int, default=4")),
        ["option-type-changed:--gate-size"] = new("1.1.0", (Plugin, "type=int, default=3", "type=float, default=3")),
        ["option-choices-narrowed:--gate-mode"] = new("1.1.0", (Plugin, "choices=[\"fast\", \"slow\"]", "choices=[\"fast\"]")),
        ["option-action-changed:--gate-update"] = new("1.1.0", (Plugin, "action=\"store_true\", default=False", "action=\"store\", default=False")), // a flag now takes a value
        ["hookspec-removed:pytest_gate_started"] = new("1.1.0", (Hooks, "@pytest.hookspec\ndef pytest_gate_started(config):\n    \"A gated run started.\"\n", "")),
        ["hookspec-arguments-changed:pytest_gate_report"] = new("1.1.0", (Hooks, "def pytest_gate_report(result, config):", "def pytest_gate_report(result, config, extra):")),
        ["entry-point-removed:gate"] = new("1.1.0", (PyProject, "gate = \"pytest_gate.plugin\"", "gate_plugin = \"pytest_gate.plugin\"")),
        ["requires-python-raised:python"] = new("1.1.0", (PyProject, "requires-python = \">=3.8\"", "requires-python = \">=3.10\"")),
    };

    /// <summary>Every kind of addition at once, at 1.1.0.</summary>
    public const string Additions = "additions";

    public static readonly IReadOnlyList<string> AdditionIds =
        ["fixture-added:gate_new", "marker-added:gate_slow", "ini-added:gate_color", "option-added:--gate-color", "hookspec-added:pytest_gate_finished", "option-choices-added:--gate-mode"];

    /// <summary>The same API as 1.0.0, at 1.0.1.</summary>
    public const string Unchanged = "unchanged";

    /// <summary>gate_extra removed, at 0.4.1: for the rule below 1.0.0.</summary>
    public const string ZeroMajor = "zero-major";

    private const string Plugin = "pytest_gate/plugin.py";
    private const string Hooks = "pytest_gate/hooks.py";
    private const string PyProject = "pyproject.toml";

    private static readonly Variant BaseVariant = new("1.0.0");

    private static readonly IReadOnlyDictionary<string, Variant> Others = new Dictionary<string, Variant>
    {
        [Additions] = new("1.1.0",
            (Plugin, "@pytest.fixture\ndef gate_extra", "@pytest.fixture\ndef gate_new():\n    return 1\n\n\n@pytest.fixture\ndef gate_extra"),
            (Plugin, "config.addinivalue_line(\"markers\", \"gate(level): a gated test\")",
                "config.addinivalue_line(\"markers\", \"gate(level): a gated test\")\n    config.addinivalue_line(\"markers\", \"gate_slow: a slow gated test\")"),
            (Plugin, "    parser.addini(\"gate_paths\"", "    parser.addini(\"gate_color\", help=\"Colour.\", default=\"auto\")\n    parser.addini(\"gate_paths\""),
            (Plugin, "    group.addoption(\"--gate-size\"", "    group.addoption(\"--gate-color\", default=\"auto\", help=\"Colour.\")\n    group.addoption(\"--gate-size\""),
            (Plugin, "choices=[\"fast\", \"slow\"]", "choices=[\"fast\", \"slow\", \"medium\"]"),
            (Hooks, "@pytest.hookspec\ndef pytest_gate_started", "@pytest.hookspec\ndef pytest_gate_finished(session):\n    \"A gated run finished.\"\n\n\n@pytest.hookspec\ndef pytest_gate_started")),
        [Unchanged] = new("1.0.1"),
        [ZeroMajor] = new("0.4.1", (Plugin, "@pytest.fixture\ndef gate_extra():\n    return \"extra\"\n", "")),
    };

    private readonly string root = TempDirectory.Create("gate-plugins");
    private readonly ConcurrentDictionary<string, Lazy<Task<AbsolutePath>>> builds = new();
    private readonly Lazy<Task<InterpreterProbe>> python = new(async () => (await VerificationInterpreters.FindAsync([SystemPython], ["pytest"])).Single());
    private readonly Lazy<Task<PluginApiSnapshot>> baseApi;

    public GatePlugins() => baseApi = new Lazy<Task<PluginApiSnapshot>>(async () =>
        await WheelApiReader.ReadAsync(WheelIn(await DistAsync(Base)), await PythonAsync(), Folder("base-api")));

    public Task<InterpreterProbe> PythonAsync() => python.Value;

    /// <summary>The API of 1.0.0 as WheelApiReader reads it from its wheel: the committed snapshot of the tests.</summary>
    public Task<PluginApiSnapshot> BaseApiAsync() => baseApi.Value;

    /// <summary>The dist folder of a variant (or <see cref="Base"/>), built on first use.</summary>
    public Task<AbsolutePath> DistAsync(string variant) =>
        builds.GetOrAdd(variant, v => new Lazy<Task<AbsolutePath>>(() => BuildAsync(v))).Value;

    public static AbsolutePath WheelIn(AbsolutePath dist) => AbsolutePath.Create(Directory.GetFiles(dist, "*.whl").Single());

    /// <summary>A fresh folder under the fixture's temp folder.</summary>
    public AbsolutePath Folder(string purpose) => AbsolutePath.Create(Directory.CreateDirectory(Path.Combine(root, $"{purpose}-{Guid.NewGuid():N}"[..(purpose.Length + 9)])).FullName);

    /// <summary>
    /// A project folder as the gate reads it: pyproject.toml (with <paramref name="apiSettings"/> as its [tool.wheelhouse.api]
    /// table) and, unless <paramref name="snapshotVersion"/> is null, plugin-api.json holding 1.0.0's API under that version.
    /// </summary>
    public async Task<AbsolutePath> ProjectAsync(string? snapshotVersion = "1.0.0", string apiSettings = "")
    {
        var project = Folder("project");
        await File.WriteAllTextAsync(project / "pyproject.toml", $"[project]\nname = \"pytest-gate\"\n\n[tool.wheelhouse.api]\n{apiSettings}\n");
        if (snapshotVersion is not null)
            PluginApiJson.WriteFile((await BaseApiAsync()) with { Version = snapshotVersion }, project / CommittedApi.FileName);
        return project;
    }

    /// <summary>CheckPluginApi for a variant's wheel against the project's committed snapshot (no index), or against <paramref name="index"/>.</summary>
    public async Task<PluginApiGateOutcome> CheckAsync(string variant, AbsolutePath project, PackageIndex? index = null, HttpClient? http = null) =>
        await PluginApiGate.CheckAsync(new PluginApiGateRequest(project, await DistAsync(variant), Folder("api"), index, "the tests compare offline")
        {
            Python = SystemPython,
            Http = http,
        });

    private async Task<AbsolutePath> BuildAsync(string variant)
    {
        var project = AbsolutePath.Create(Path.Combine(root, "src-" + Guid.NewGuid().ToString("N")[..8]));
        await WriteSourceAsync(variant, project);
        var dist = project / "dist";
        await Tool.RunAsync(SystemPython, ["-m", "build", "--wheel", "--no-isolation", "--skip-dependency-check", "--outdir", dist, project], new ToolOptions
        {
            WorkingDirectory = project,
            LogOutput = false,
            Environment = new Dictionary<string, string?> { ["PYTHONNOUSERSITE"] = "1", ["PYTHONDONTWRITEBYTECODE"] = "1" },
        });
        Directory.GetFiles(dist, "*.whl").Should().ContainSingle();
        return dist;
    }

    /// <summary>Writes a variant's sources into <paramref name="project"/>, at its own version or at <paramref name="version"/>.</summary>
    public static async Task WriteSourceAsync(string variant, AbsolutePath project, string? version = null)
    {
        var definition = variant == Base ? BaseVariant : Breaking.GetValueOrDefault(variant) ?? Others[variant];
        foreach (var (path, content) in Files(version ?? definition.Version))
        {
            var text = content;
            foreach (var edit in definition.Edits.Where(e => e.File == path))
            {
                text.Should().Contain(edit.From, $"variant {variant} edits {path}");
                text = text.Replace(edit.From, edit.To, StringComparison.Ordinal);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(project / path)!);
            await File.WriteAllTextAsync(project / path, text);
        }
    }

    private static IReadOnlyList<(string Path, string Content)> Files(string version) =>
    [
        (PyProject, $$"""
            [build-system]
            requires = ["hatchling"]
            build-backend = "hatchling.build"

            [project]
            name = "pytest-gate"
            version = "{{version}}"
            requires-python = ">=3.8"
            dependencies = ["pytest>=7"]

            [project.entry-points.pytest11]
            gate = "pytest_gate.plugin"

            """),
        ("pytest_gate/__init__.py", ""),
        (Hooks, """
            import pytest


            @pytest.hookspec
            def pytest_gate_report(result, config):
                "A gated test has a result."


            @pytest.hookspec
            def pytest_gate_started(config):
                "A gated run started."

            """),
        (Plugin, """
            import pytest


            def pytest_addhooks(pluginmanager):
                from pytest_gate import hooks

                pluginmanager.add_hookspecs(hooks)


            def pytest_addoption(parser):
                group = parser.getgroup("gate")
                group.addoption("--gate-mode", default="fast", choices=["fast", "slow"], help="How gated tests run.")
                group.addoption("--gate-update", action="store_true", default=False, help="Update.")
                group.addoption("--gate-size", type=int, default=3, help="How big.")
                parser.addini("gate_level", help="How much to report.", default="1")
                parser.addini("gate_paths", help="Where to look.", type="args")


            def pytest_configure(config):
                config.addinivalue_line("markers", "gate(level): a gated test")


            @pytest.fixture
            def gate_value(request):
                return request.config.getoption("gate_mode")


            @pytest.fixture
            def gate_extra():
                return "extra"


            @pytest.fixture(params=["fast", "slow"])
            def gate_mode(request):
                return request.param

            """),
    ];

    public void Dispose() => TempDirectory.Delete(root);
}
