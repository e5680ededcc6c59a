namespace Wheelhouse.Python.PluginApi;

/// <summary>
/// A command-line option the plugin adds, as argparse holds it: its flags in declared order, dest, action name
/// (<c>store</c>, <c>store_true</c>, <c>append</c>, or <c>module.Class</c> for a custom action), nargs (null, a count or
/// <c>?</c>/<c>*</c>/<c>+</c>), the type's name, choices, default, whether it is required, and its help.
/// </summary>
public sealed record PluginOption(
    ValueList<string> Flags,
    string Dest,
    string Action,
    string? Nargs,
    string? Type,
    ValueList<PythonValue>? Choices,
    PythonValue Default,
    bool Required,
    string Help)
{
    /// <summary>The option's name in messages and its place in the stable order.</summary>
    public string FirstFlag => Flags.Count > 0 ? Flags[0] : Dest;
}
