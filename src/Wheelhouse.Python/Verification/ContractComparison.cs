using Wheelhouse.Python.PluginApi;

namespace Wheelhouse.Python.Verification;

/// <summary>
/// One item of a plugin's API in a form two documents can be compared by: its kind, what identifies it within the kind,
/// how messages name it, the module defining it (when the API says), and its other properties as text.
/// </summary>
public sealed record ContractItem(string Kind, string Key, string Display, string? Module, IReadOnlyList<KeyValuePair<string, string>> Fields);

/// <summary>An item only one side has (the other is null), or one both have with different properties.</summary>
public sealed record ContractDifference(ContractItem? First, ContractItem? Second)
{
    public ContractItem Item => First ?? Second!;
}

/// <summary>
/// Compares two readings of a plugin's API (the installed wheel's and the source tree's; the first interpreter's and
/// another's): entry points, fixtures, markers, ini options, command-line options and hookspecs. What describes the
/// reading rather than the API (the pytest and Python versions, the distribution's version, <c>unreadable</c>) is not
/// compared. Pure: the messages name each differing item and the property that differs.
/// </summary>
public static class ContractComparison
{
    public static IReadOnlyList<ContractDifference> Between(PluginApiSnapshot first, PluginApiSnapshot second)
    {
        var left = Items(first).GroupBy(i => (i.Kind, i.Key)).ToDictionary(g => g.Key, g => g.First());
        var right = Items(second).GroupBy(i => (i.Kind, i.Key)).ToDictionary(g => g.Key, g => g.First());
        var differences = new List<ContractDifference>();
        foreach (var (key, item) in left)
        {
            if (!right.TryGetValue(key, out var other))
                differences.Add(new ContractDifference(item, null));
            else if (!item.Fields.SequenceEqual(other.Fields))
                differences.Add(new ContractDifference(item, other));
        }

        differences.AddRange(right.Where(r => !left.ContainsKey(r.Key)).Select(r => new ContractDifference(null, r.Value)));
        return differences.OrderBy(d => KindOrder.IndexOf(d.Item.Kind)).ThenBy(d => d.Item.Key, StringComparer.Ordinal).ToList();
    }

    private static readonly List<string> KindOrder = ["entry point", "fixture", "marker", "ini option", "option", "hookspec"];

    /// <summary>Every item of the API, in the shape <see cref="Between"/> compares.</summary>
    public static IEnumerable<ContractItem> Items(PluginApiSnapshot api)
    {
        foreach (var e in api.EntryPoints)
            yield return Item("entry point", e.Name, $"entry point '{e.Name}'", e.Module,
                ("module", e.Attribute is null ? e.Module : $"{e.Module}:{e.Attribute}"), ("loaded", Flag(e.Loaded)), ("load error", e.LoadError ?? "none"));
        foreach (var f in api.Fixtures)
            yield return Item("fixture", $"{f.Name}\n{f.Module}", $"fixture '{f.Name}' ({f.Module})", f.Module,
                ("scope", f.Scope), ("autouse", Flag(f.Autouse)), ("params", f.Params is null ? "none" : f.Params.ToString()));
        foreach (var m in api.Markers)
            yield return Item("marker", m.Name, $"marker '{m.Name}'", null, ("signature", m.Signature), ("description", m.Description));
        foreach (var o in api.IniOptions)
            yield return Item("ini option", o.Name, $"ini option '{o.Name}'", null,
                ("type", o.Type), ("default", o.Default.ToString()), ("help", o.Help), ("aliases", o.Aliases.ToString()));
        foreach (var o in api.Options)
            yield return Item("option", string.Join('\n', o.Flags), $"option {string.Join('/', o.Flags)}", null,
                ("dest", o.Dest), ("action", o.Action), ("nargs", o.Nargs ?? "none"), ("type", o.Type ?? "none"),
                ("choices", o.Choices?.ToString() ?? "none"), ("default", o.Default.ToString()), ("required", Flag(o.Required)), ("help", o.Help));
        foreach (var h in api.HookSpecs)
            yield return Item("hookspec", h.Name, $"hookspec '{h.Name}'{(h.Module is null ? "" : $" ({h.Module})")}", h.Module,
                ("module", h.Module ?? "none"), ("arguments", h.Arguments.ToString()), ("firstresult", Flag(h.FirstResult)), ("historic", Flag(h.Historic)));
    }

    /// <summary>
    /// One line per difference, each starting with "  - ". <paramref name="firstName"/> and <paramref name="secondName"/> name
    /// the two readings ("the installed wheel", "the source tree"); <paramref name="moduleNote"/> may add a remark about
    /// the module defining an item (that the wheel lacks it).
    /// </summary>
    public static string Describe(IReadOnlyList<ContractDifference> differences, string firstName, string secondName, Func<string, string?>? moduleNote = null)
    {
        string Name(ContractItem item) =>
            item.Module is { } module && moduleNote?.Invoke(module) is { } note ? $"{item.Display}, {note}," : item.Display;

        var lines = differences.Select(d => d switch
        {
            { First: { } item, Second: null } => $"{Name(item)} is in {firstName}, not in {secondName}",
            { First: null, Second: { } item } => $"{Name(item)} is in {secondName}, not in {firstName}",
            _ => $"{Name(d.First!)}: " + string.Join("; ", d.First!.Fields.Zip(d.Second!.Fields)
                .Where(p => p.First.Value != p.Second.Value)
                .Select(p => $"{p.First.Key} {Quote(p.First.Value)} in {firstName}, {Quote(p.Second.Value)} in {secondName}")),
        });
        return string.Join(Environment.NewLine, lines.Select(l => "  - " + l));
    }

    private static string Quote(string value) => value.Length > 80 ? $"'{value[..77]}...'" : $"'{value}'";

    private static string Flag(bool value) => value ? "true" : "false";

    private static ContractItem Item(string kind, string key, string display, string? module, params (string Field, string Value)[] fields) =>
        new(kind, key, display, module, fields.Select(f => new KeyValuePair<string, string>(f.Field, f.Value)).ToList());
}
