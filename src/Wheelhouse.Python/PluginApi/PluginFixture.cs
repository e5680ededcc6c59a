namespace Wheelhouse.Python.PluginApi;

/// <summary>
/// A fixture the plugin provides: its name, the module defining it, its scope, whether it is autouse, and its params as
/// Python reprs (null when it is not parametrized).
/// </summary>
public sealed record PluginFixture(string Name, string Module, string Scope, bool Autouse, ValueList<string>? Params);
