using Wheelhouse.Python.PluginApi;

namespace Wheelhouse.Python.Tests.ApiGate;

/// <summary>A small plugin API to compare: a fixture, a marker, an ini key, an option.</summary>
internal static class ApiGateSamples
{
    public static PluginApiSnapshot Api(string version = "1.0.0") => new(
        "pytest-sample", version, ">=3.10", "7.2.1", "3.11.2",
        new[] { new PluginEntryPoint("sample", "pytest_sample.plugin", null, true, null) }.ToValueList(),
        new[] { new PluginFixture("sample_db", "pytest_sample.plugin", "function", false, null) }.ToValueList(),
        new[] { new PluginMarker("sample", "sample", "a sample test") }.ToValueList(),
        new[] { new PluginIniOption("sample_level", "string", PythonValue.FromJson("\"1\""), "level", ValueList<string>.Empty) }.ToValueList(),
        new[] { new PluginOption(new[] { "--sample-update" }.ToValueList(), "sample_update", "store_true", "0", null, null, PythonValue.FromJson("false"), false, "update") }.ToValueList(),
        ValueList<PluginHookSpec>.Empty,
        ValueList<string>.Empty);

    public static PluginApiSnapshot WithoutFixture(PluginApiSnapshot api) => api with { Fixtures = ValueList<PluginFixture>.Empty };

    public static PluginApiSnapshot WithMarker(PluginApiSnapshot api, string name) =>
        api with { Markers = api.Markers.Append(new PluginMarker(name, name, "added")).ToValueList() };
}
