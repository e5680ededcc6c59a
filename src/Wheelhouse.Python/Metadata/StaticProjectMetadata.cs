using Tomlyn.Model;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.Python.Metadata;

/// <summary>
/// The fast path: pyproject.toml's [project] table, when it states everything <see cref="ProjectMetadata"/> holds
/// (nothing of it in <c>dynamic</c>). Then no backend needs to run: PEP 621 says the backend must produce exactly that.
/// </summary>
public static class StaticProjectMetadata
{
    /// <summary>The [project] keys behind <see cref="ProjectMetadata"/>'s fields; one of them dynamic means the backend must be asked.</summary>
    public static readonly IReadOnlyList<string> Keys = ["name", "version", "entry-points", "scripts", "gui-scripts", "dependencies", "optional-dependencies", "requires-python"];

    /// <summary>The metadata when [project] states it all; null when there is no [project] table or a needed key is dynamic.</summary>
    public static ProjectMetadata? TryRead(TomlTable document, string source)
    {
        if (!document.TryGetValue("project", out var p) || p is not TomlTable project)
            return null;
        var dynamic = project.TryGetValue("dynamic", out var d) && d is TomlArray array ? array.OfType<string>().ToHashSet(StringComparer.Ordinal) : [];
        if (Keys.Any(dynamic.Contains) || project.TryGetValue("name", out var n) is false || n is not string name || project.TryGetValue("version", out var v) is false || v is not string version)
            return null;

        var entryPoints = new List<EntryPoint>();
        foreach (var (key, group) in new[] { ("scripts", "console_scripts"), ("gui-scripts", "gui_scripts") })
            entryPoints.AddRange(Entries(Table(project, key), group));
        foreach (var (group, table) in Table(project, "entry-points") ?? new TomlTable())
            entryPoints.AddRange(Entries(table as TomlTable, group));

        var dependencies = Strings(project, "dependencies").ToList();
        foreach (var (extra, list) in Table(project, "optional-dependencies") ?? new TomlTable())
            dependencies.AddRange((list as TomlArray)?.OfType<string>().Select(r => WithExtra(r, extra)) ?? []);
        return new ProjectMetadata(name, version, entryPoints, dependencies, project.TryGetValue("requires-python", out var rp) ? rp as string : null, source);
    }

    private static IEnumerable<EntryPoint> Entries(TomlTable? table, string group) =>
        table?.Where(e => e.Value is string).Select(e => new EntryPoint(group, e.Key, (string)e.Value)) ?? [];

    private static TomlTable? Table(TomlTable parent, string key) => parent.TryGetValue(key, out var value) ? value as TomlTable : null;

    private static IEnumerable<string> Strings(TomlTable parent, string key) =>
        parent.TryGetValue(key, out var value) && value is TomlArray array ? array.OfType<string>() : [];

    /// <summary>An optional dependency as Requires-Dist writes it: its marker and'ed with extra == "name".</summary>
    private static string WithExtra(string requirement, string extra)
    {
        var at = requirement.IndexOf(';');
        return at < 0
            ? $"{requirement.Trim()}; extra == \"{extra}\""
            : $"{requirement[..at].Trim()}; ({requirement[(at + 1)..].Trim()}) and extra == \"{extra}\"";
    }
}
