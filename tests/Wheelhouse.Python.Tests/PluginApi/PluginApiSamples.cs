using Wheelhouse.Python.PluginApi;

namespace Wheelhouse.Python.Tests.PluginApi;

/// <summary>Hand-made API snapshots for the pure tests.</summary>
internal static class PluginApiSamples
{
    public static ValueList<T> List<T>(params T[] items) => items.ToValueList();

    public static PluginApiSnapshot Empty(string distribution = "pytest-demo") => new(distribution, "1.0.0", ">=3.9", "8.3.5", "3.13.5",
        ValueList<PluginEntryPoint>.Empty, ValueList<PluginFixture>.Empty, ValueList<PluginMarker>.Empty, ValueList<PluginIniOption>.Empty,
        ValueList<PluginOption>.Empty, ValueList<PluginHookSpec>.Empty, ValueList<string>.Empty);

    public static PluginOption Option(string flag, string dest, PythonValue? @default = null) =>
        new(List(flag), dest, "store", null, null, null, @default ?? PythonValue.None, false, "");

    /// <summary>One item of each kind, every list given out of order.</summary>
    public static PluginApiSnapshot Full() => Empty() with
    {
        RequiresPython = null,
        EntryPoints = List(
            new PluginEntryPoint("demo_extra", "pytest_demo.extra", "Plugin", false, "blocked (-p no:demo_extra)"),
            new PluginEntryPoint("demo", "pytest_demo.plugin", null, true, null)),
        Fixtures = List(
            new PluginFixture("demo_value", "pytest_demo.plugin", "module", false, List("1", "'two'", "PurePosixPath('p')")),
            new PluginFixture("demo_auto", "pytest_demo.plugin", "function", true, null),
            new PluginFixture("demo_value", "pytest_demo.extra", "session", false, List<string>())),
        Markers = List(new PluginMarker("demo", "demo(level)", "marks a demo — with ünïcode")),
        IniOptions = List(
            new PluginIniOption("demo_paths", "paths", PythonValue.FromJson("[\"a\", {\"repr\": \"PosixPath('b')\"}]"), "Where.", List("demo_dirs")),
            new PluginIniOption("demo_level", "int", PythonValue.FromJson("1.0"), "How much.", ValueList<string>.Empty)),
        Options = List(
            new PluginOption(List("--demo-mode"), "demo_mode", "store", "?", "str", List(PythonValue.FromJson("\"a\""), PythonValue.FromJson("2")),
                PythonValue.FromJson("\"a\""), true, "Mode (%(default)s)."),
            new PluginOption(List("-D", "--demo"), "demo", "store_true", "0", null, null, PythonValue.FromJson("false"), false, "Demo."),
            Option("--demo-out", "demo_out", PythonValue.FromRepr("('x', 'y')"))),
        HookSpecs = List(new PluginHookSpec("pytest_demo_hook", "pytest_demo.hooks.Specs", List("config", "item"), true, false)),
        Unreadable = List("options: something", "fixtures: something"),
    };
}
