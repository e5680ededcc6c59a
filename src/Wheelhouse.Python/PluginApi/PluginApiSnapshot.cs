namespace Wheelhouse.Python.PluginApi;

/// <summary>
/// A pytest plugin's public API as pytest sees it once the distribution is installed: what users' test suites,
/// configuration files and command lines can touch. Extracted by <see cref="PluginApiExtractor"/>, written and read by
/// <see cref="PluginApiJson"/> (docs/plugin-api-schema.md). Lists are in the stable order of <see cref="InStableOrder"/>.
/// </summary>
/// <param name="Distribution">The distribution's name as its metadata spells it.</param>
/// <param name="RequiresPython">The Requires-Python metadata, null when the distribution declares none.</param>
/// <param name="PytestVersion">The pytest that was asked; what it reports can differ slightly between pytest versions.</param>
/// <param name="Unreadable">
/// Parts the probe could not read with this pytest (a private attribute moved and no fallback found it). Empty for the
/// pytest versions this was tested with; when not empty, a missing item may be a gap rather than a removal.
/// </param>
public sealed record PluginApiSnapshot(
    string Distribution,
    string Version,
    string? RequiresPython,
    string PytestVersion,
    string PythonVersion,
    ValueList<PluginEntryPoint> EntryPoints,
    ValueList<PluginFixture> Fixtures,
    ValueList<PluginMarker> Markers,
    ValueList<PluginIniOption> IniOptions,
    ValueList<PluginOption> Options,
    ValueList<PluginHookSpec> HookSpecs,
    ValueList<string> Unreadable)
{
    /// <summary>The version of the JSON document's shape; a reader refuses any other.</summary>
    public const int Schema = 1;

    /// <summary>
    /// The same API with every list sorted by name (options by first flag, fixtures by name then module), ordinal, so the
    /// same API always gives the same document.
    /// </summary>
    public PluginApiSnapshot InStableOrder() => this with
    {
        EntryPoints = EntryPoints.OrderBy(e => e.Name, StringComparer.Ordinal).ToValueList(),
        Fixtures = Fixtures.OrderBy(f => f.Name, StringComparer.Ordinal).ThenBy(f => f.Module, StringComparer.Ordinal).ToValueList(),
        Markers = Markers.OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Signature, StringComparer.Ordinal)
            .ThenBy(m => m.Description, StringComparer.Ordinal).ToValueList(),
        IniOptions = IniOptions.OrderBy(o => o.Name, StringComparer.Ordinal).ToValueList(),
        Options = Options.OrderBy(o => o.FirstFlag, StringComparer.Ordinal).ThenBy(o => o.Dest, StringComparer.Ordinal).ToValueList(),
        HookSpecs = HookSpecs.OrderBy(h => h.Name, StringComparer.Ordinal).ToValueList(),
        Unreadable = Unreadable.Order(StringComparer.Ordinal).ToValueList(),
    };
}
