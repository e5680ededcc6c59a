using Wheelhouse.Python.PluginApi;
using Wheelhouse.Python.Requirements;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.ApiGate;

/// <summary>
/// Compares a plugin's API with the API of its last release, the way cargo-semver-checks compares a crate's: one rule
/// per kind of change. What users' suites touch is the contract: fixtures by name (scope, autouse and params are part of
/// it), markers, ini keys (type and default), command-line options by flag (default, type, choices, action), hookspecs
/// (arguments), the pytest11 entry-point names (users write <c>-p no:NAME</c>), and requires-python. Pure.
/// </summary>
public static class PluginApiDiff
{
    public static IReadOnlyList<ApiChange> Compare(PluginApiSnapshot baseline, PluginApiSnapshot current)
    {
        var changes = new List<ApiChange>();
        Fixtures(baseline, current, changes);
        Markers(baseline, current, changes);
        IniOptions(baseline, current, changes);
        Options(baseline, current, changes);
        HookSpecs(baseline, current, changes);
        EntryPoints(baseline, current, changes);
        RequiresPython(baseline, current, changes);
        return changes.OrderBy(c => c.Severity == ApiChangeSeverity.Breaking ? 0 : 1).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
    }

    private static void Fixtures(PluginApiSnapshot before, PluginApiSnapshot after, List<ApiChange> changes)
    {
        var old = before.Fixtures.GroupBy(f => f.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var now = after.Fixtures.GroupBy(f => f.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var (name, fixture) in old)
        {
            if (!now.TryGetValue(name, out var next))
            {
                changes.Add(Breaking("fixture-removed", name, $"fixture '{name}' removed"));
                continue;
            }

            if (next.Scope != fixture.Scope)
                changes.Add(Breaking("fixture-scope-changed", name, $"fixture '{name}': scope {fixture.Scope} -> {next.Scope}"));
            if (next.Autouse && !fixture.Autouse)
                changes.Add(Breaking("fixture-autouse-enabled", name, $"fixture '{name}' is now autouse: it runs for every test"));
            if (!Equals(next.Params, fixture.Params))
                changes.Add(Breaking("fixture-params-changed", name, $"fixture '{name}': params {List(fixture.Params)} -> {List(next.Params)}"));
        }

        foreach (var name in now.Keys.Where(n => !old.ContainsKey(n)))
            changes.Add(Addition("fixture-added", name, $"fixture '{name}' added"));
    }

    private static void Markers(PluginApiSnapshot before, PluginApiSnapshot after, List<ApiChange> changes)
    {
        var old = before.Markers.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var now = after.Markers.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in old.Where(n => !now.Contains(n)))
            changes.Add(Breaking("marker-removed", name, $"marker '{name}' removed: suites using it warn, or fail under --strict-markers"));
        foreach (var name in now.Where(n => !old.Contains(n)))
            changes.Add(Addition("marker-added", name, $"marker '{name}' added"));
    }

    private static void IniOptions(PluginApiSnapshot before, PluginApiSnapshot after, List<ApiChange> changes)
    {
        var now = after.IniOptions.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var old = before.IniOptions.ToDictionary(o => o.Name, StringComparer.Ordinal);
        foreach (var (name, option) in old)
        {
            if (!now.TryGetValue(name, out var next))
            {
                changes.Add(Breaking("ini-removed", name, $"ini key '{name}' removed: configurations that set it are ignored or rejected"));
                continue;
            }

            if (next.Type != option.Type)
                changes.Add(Breaking("ini-type-changed", name, $"ini key '{name}': type {option.Type} -> {next.Type}"));
            if (next.Default != option.Default)
                changes.Add(Breaking("ini-default-changed", name, $"ini key '{name}': default {option.Default} -> {next.Default}"));
        }

        foreach (var name in now.Keys.Where(n => !old.ContainsKey(n)))
            changes.Add(Addition("ini-added", name, $"ini key '{name}' added"));
    }

    private static void Options(PluginApiSnapshot before, PluginApiSnapshot after, List<ApiChange> changes)
    {
        // Users write flags, so an option is found by any of its flags; a flag that no option has any more is a removal.
        var byFlag = after.Options.SelectMany(o => o.Flags.Select(f => (Flag: f, Option: o))).GroupBy(p => p.Flag).ToDictionary(g => g.Key, g => g.First().Option, StringComparer.Ordinal);
        foreach (var option in before.Options)
        {
            var name = option.FirstFlag;
            var gone = option.Flags.Where(f => !byFlag.ContainsKey(f)).ToList();
            var next = option.Flags.Select(f => byFlag.GetValueOrDefault(f)).FirstOrDefault(o => o != null);
            if (next is null)
            {
                changes.Add(Breaking("option-removed", name, $"option {string.Join("/", option.Flags)} removed: command lines and addopts that pass it fail"));
                continue;
            }

            foreach (var flag in gone)
                changes.Add(Breaking("option-flag-removed", flag, $"option {name}: flag {flag} removed"));
            if (next.Action != option.Action || next.Nargs != option.Nargs)
                changes.Add(Breaking("option-action-changed", name, $"option {name}: action {Action(option)} -> {Action(next)}"));
            if (next.Type != option.Type)
                changes.Add(Breaking("option-type-changed", name, $"option {name}: type {option.Type ?? "none"} -> {next.Type ?? "none"}"));
            if (next.Default != option.Default)
                changes.Add(Breaking("option-default-changed", name, $"option {name}: default {option.Default} -> {next.Default}"));
            if (option.Choices is { } oldChoices)
            {
                var newChoices = next.Choices;
                var dropped = newChoices is null ? [] : oldChoices.Where(c => !newChoices.Contains(c)).ToList();
                if (dropped.Count > 0)
                    changes.Add(Breaking("option-choices-narrowed", name, $"option {name}: choice{(dropped.Count == 1 ? "" : "s")} {string.Join(", ", dropped)} removed"));
                var added = newChoices?.Where(c => !oldChoices.Contains(c)).ToList() ?? [];
                if (added.Count > 0)
                    changes.Add(Addition("option-choices-added", name, $"option {name}: choice{(added.Count == 1 ? "" : "s")} {string.Join(", ", added)} added"));
            }
            else if (next.Choices is not null)
            {
                changes.Add(Breaking("option-choices-narrowed", name, $"option {name}: now limited to the choices {string.Join(", ", next.Choices)}"));
            }

            foreach (var flag in next.Flags.Where(f => !option.Flags.Contains(f)))
                changes.Add(Addition("option-flag-added", flag, $"option {name}: flag {flag} added"));
        }

        var oldFlags = before.Options.SelectMany(o => o.Flags).ToHashSet(StringComparer.Ordinal);
        foreach (var option in after.Options.Where(o => o.Flags.All(f => !oldFlags.Contains(f))))
            changes.Add(Addition("option-added", option.FirstFlag, $"option {string.Join("/", option.Flags)} added"));
    }

    private static void HookSpecs(PluginApiSnapshot before, PluginApiSnapshot after, List<ApiChange> changes)
    {
        var now = after.HookSpecs.ToDictionary(h => h.Name, StringComparer.Ordinal);
        var old = before.HookSpecs.ToDictionary(h => h.Name, StringComparer.Ordinal);
        foreach (var (name, hook) in old)
        {
            if (!now.TryGetValue(name, out var next))
                changes.Add(Breaking("hookspec-removed", name, $"hookspec {name} removed: plugins implementing it fail validation"));
            else if (!next.Arguments.SequenceEqual(hook.Arguments))
                changes.Add(Breaking("hookspec-arguments-changed", name, $"hookspec {name}: arguments ({string.Join(", ", hook.Arguments)}) -> ({string.Join(", ", next.Arguments)})"));
        }

        foreach (var name in now.Keys.Where(n => !old.ContainsKey(n)))
            changes.Add(Addition("hookspec-added", name, $"hookspec {name} added"));
    }

    private static void EntryPoints(PluginApiSnapshot before, PluginApiSnapshot after, List<ApiChange> changes)
    {
        var old = before.EntryPoints.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        var now = after.EntryPoints.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in old.Where(n => !now.Contains(n)))
            changes.Add(Breaking("entry-point-removed", name, $"pytest11 entry point '{name}' removed or renamed: users' -p no:{name} stops working"));
        foreach (var name in now.Where(n => !old.Contains(n)))
            changes.Add(Addition("entry-point-added", name, $"pytest11 entry point '{name}' added"));
    }

    private static void RequiresPython(PluginApiSnapshot before, PluginApiSnapshot after, List<ApiChange> changes)
    {
        var oldLowest = LowestPython(before.RequiresPython);
        var newLowest = LowestPython(after.RequiresPython);
        if (newLowest is { } raised && (oldLowest is null || raised.CompareTo(oldLowest) > 0))
            changes.Add(Breaking("requires-python-raised", "python", $"requires-python raised: {before.RequiresPython ?? "any"} -> {after.RequiresPython} (Python {oldLowest?.ToString() ?? "any"} users get no update)"));
    }

    /// <summary>The oldest Python 3 minor release a requires-python admits (3.0 to 3.30); null when it admits 3.0 or names no bound.</summary>
    private static Pep440Version? LowestPython(string? requiresPython)
    {
        if (string.IsNullOrWhiteSpace(requiresPython) || !VersionSpecifierSet.TryParse(requiresPython, out var specifiers))
            return null;
        for (var minor = 0; minor <= 30; minor++)
        {
            var version = Pep440Version.Parse($"3.{minor}");
            if (specifiers.Contains(version, prereleases: true))
                return minor == 0 ? null : version;
        }

        return null;
    }

    private static string Action(PluginOption option) => option.Nargs is null ? option.Action : $"{option.Action} (nargs {option.Nargs})";

    private static string List(ValueList<string>? values) => values is null ? "none" : $"[{string.Join(", ", values)}]";

    private static ApiChange Breaking(string kind, string item, string text) => new(ApiChangeSeverity.Breaking, kind, item, text);

    private static ApiChange Addition(string kind, string item, string text) => new(ApiChangeSeverity.Addition, kind, item, text);
}
