namespace Wheelhouse.Python.PluginApi;

/// <summary>
/// A marker the plugin registers (a <c>markers</c> ini line): the bare name, the text before the colon as written
/// (<c>sample(name)</c>), and the description after it.
/// </summary>
public sealed record PluginMarker(string Name, string Signature, string Description);
