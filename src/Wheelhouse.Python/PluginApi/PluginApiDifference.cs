namespace Wheelhouse.Python.PluginApi;

/// <summary>
/// The plugin's own API from two probe runs in the same venv: one with the distribution's entry points, one with each
/// disabled (<c>-p no:NAME</c>). What only the first run has is the plugin's; pytest's own fixtures and options, and
/// those of every other installed plugin, are in both and drop out.
/// </summary>
/// <remarks>
/// Items are matched by identity, not by full content: a fixture by name and defining module (a plugin overriding
/// <c>tmp_path</c> is kept, pytest's <c>tmp_path</c> is not), a marker by its whole line, an ini key by name, an option
/// by its flags, a hookspec by name. So a value that differs between runs for reasons of its own (another plugin's
/// default computed from the clock) does not make that item the plugin's.
/// </remarks>
public static class PluginApiDifference
{
    public static PluginApiSnapshot Between(PluginApiSnapshot withPlugin, PluginApiSnapshot withoutPlugin)
    {
        var unreadable = withPlugin.Unreadable.Concat(withoutPlugin.Unreadable).Distinct(StringComparer.Ordinal);
        return (withPlugin with
        {
            Fixtures = Only(withPlugin.Fixtures, withoutPlugin.Fixtures, f => (f.Name, f.Module)),
            Markers = Only(withPlugin.Markers, withoutPlugin.Markers, m => (m.Name, m.Signature, m.Description)),
            IniOptions = Only(withPlugin.IniOptions, withoutPlugin.IniOptions, o => o.Name),
            Options = Only(withPlugin.Options, withoutPlugin.Options, o => string.Join('\n', o.Flags)),
            HookSpecs = Only(withPlugin.HookSpecs, withoutPlugin.HookSpecs, h => h.Name),
            Unreadable = unreadable.ToValueList(),
        }).InStableOrder();
    }

    private static ValueList<T> Only<T, TKey>(IEnumerable<T> with, IEnumerable<T> without, Func<T, TKey> key)
    {
        var seen = without.Select(key).ToHashSet();
        return with.Where(item => !seen.Contains(key(item))).ToValueList();
    }
}
