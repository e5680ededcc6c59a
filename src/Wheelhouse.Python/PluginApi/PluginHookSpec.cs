namespace Wheelhouse.Python.PluginApi;

/// <summary>
/// A hook the plugin specifies (<c>pytest_addhooks</c>) for other plugins to implement: its name, the module (or
/// <c>module.Class</c>) declaring it, its argument names, and pluggy's firstresult and historic options.
/// </summary>
public sealed record PluginHookSpec(string Name, string? Module, ValueList<string> Arguments, bool FirstResult, bool Historic);
