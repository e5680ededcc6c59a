namespace Wheelhouse.Python.PluginApi;

/// <summary>
/// One pytest11 entry point of the distribution: the plugin name users disable with <c>-p no:NAME</c>, the module (and
/// attribute) it names, and whether pytest registered it under that name; <see cref="LoadError"/> says why not.
/// </summary>
public sealed record PluginEntryPoint(string Name, string Module, string? Attribute, bool Loaded, string? LoadError);
