namespace Wheelhouse.Python.PluginApi;

/// <summary>
/// An ini/pyproject key the plugin registers with <c>parser.addini</c>: its type (<c>string</c> when none was given), the
/// value pytest returns when no configuration sets it, its help, and its aliases (pytest 9 and later).
/// </summary>
public sealed record PluginIniOption(string Name, string Type, PythonValue Default, string Help, ValueList<string> Aliases);
