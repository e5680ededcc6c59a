using Tomlyn;
using Tomlyn.Model;
using Wheelhouse.Engine;

namespace Wheelhouse.Python.ApiGate;

/// <summary>A deliberate exception to the gate: one change by its ID, with the reason printed in every run that uses it.</summary>
public sealed record AllowedChange(string Change, string Reason);

/// <summary>
/// <c>[tool.wheelhouse.api]</c> in pyproject.toml: <c>allow = [{ change = "fixture-removed:old_name", reason = "..." }]</c>
/// and <c>zero-major-breaking = "minor"</c> (Cargo's rule: below 1.0.0 a breaking change needs a MINOR bump; "major"
/// asks for 1.0.0).
/// </summary>
public sealed record ApiGateSettings(IReadOnlyList<AllowedChange> Allow, SemverBump ZeroMajorBreaking)
{
    public const string Table = "tool.wheelhouse.api";

    public static ApiGateSettings Default { get; } = new([], SemverBump.Minor);

    public static ApiGateSettings Load(string pyprojectPath)
    {
        if (!File.Exists(pyprojectPath))
            return Default;
        TomlTable document;
        try
        {
            document = TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(pyprojectPath)) ?? new TomlTable();
        }
        catch (Exception e) when (e is not BuildException)
        {
            throw new BuildException($"{pyprojectPath} is not valid TOML: {e.Message.Split('\n')[0]}. Fix the file.");
        }

        return Parse(document, pyprojectPath);
    }

    public static ApiGateSettings Parse(TomlTable document, string source)
    {
        var table = document.TryGetValue("tool", out var t) && t is TomlTable tool && tool.TryGetValue("wheelhouse", out var w) && w is TomlTable wheelhouse
            && wheelhouse.TryGetValue("api", out var a) ? a as TomlTable : null;
        if (table is null)
            return Default;

        var allow = new List<AllowedChange>();
        if (table.TryGetValue("allow", out var list))
        {
            if (list is not TomlTableArray and not TomlArray)
                throw Invalid(source);
            foreach (var entry in list is TomlTableArray tables ? tables.Cast<object>() : ((TomlArray)list).Cast<object>())
            {
                if (entry is not TomlTable item || !item.TryGetValue("change", out var c) || c is not string change || change.IndexOf(':') <= 0
                    || !item.TryGetValue("reason", out var r) || r is not string reason || string.IsNullOrWhiteSpace(reason))
                    throw Invalid(source);
                allow.Add(new AllowedChange(change.Trim(), reason.Trim()));
            }
        }

        var zeroMajor = SemverBump.Minor;
        if (table.TryGetValue("zero-major-breaking", out var z))
        {
            zeroMajor = z switch
            {
                "minor" => SemverBump.Minor,
                "major" => SemverBump.Major,
                _ => throw new BuildException($"{source}: [{Table}] zero-major-breaking must be \"minor\" (Cargo's rule, the default) or \"major\"; it is {z}."),
            };
        }

        return new ApiGateSettings(allow, zeroMajor);
    }

    private static BuildException Invalid(string source) => new(
        $"{source}: [{Table}] allow must be a list of tables with a change ID and a reason, for example " +
        "allow = [{ change = \"fixture-removed:old_name\", reason = \"renamed to new_name; old name deprecated since 1.2\" }]. Fix the entry.");
}
