using System.Text;
using Wheelhouse.Engine;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.Python.ApiGate;

/// <summary>
/// How the gate's decision reads: the lines the log prints (each change on its own line with its kind), the error when
/// the release bumps too little, and the Markdown the release notes take (<c>changes-VERSION.md</c>). Pure.
/// </summary>
public static class ApiGateReport
{
    /// <summary>Where the gate leaves the Markdown for the release notes: <c>DIRECTORY/changes-VERSION.md</c> (.nuke/temp/plugin-api in the build).</summary>
    public static AbsolutePath ChangesFile(AbsolutePath directory, string version) =>
        directory / $"changes-{DistributionNames.CanonicalVersion(version) ?? version}.md";

    /// <summary>One change: <c>breaking  ini-removed:name  ini key 'name' removed ...</c>, and the reason when the allow list excuses it.</summary>
    public static string Line(ApiChange change, AllowedChange? allowed = null) =>
        $"{Kind(change),-8}  {change.Id}  {change.Text}" + (allowed is null ? "" : $"  (allowed: {allowed.Reason})");

    /// <summary>Why the changes need the bump they need, in words.</summary>
    public static string Why(ApiGateVerdict verdict, ApiGateSettings settings)
    {
        var counted = Counted(verdict).ToList();
        if (counted.Any(c => c.Severity == ApiChangeSeverity.Breaking))
            return verdict.Baseline.Major == 0
                ? $"a breaking change below 1.0.0 needs {SemverBumps.Name(settings.ZeroMajorBreaking)} ([{ApiGateSettings.Table}] zero-major-breaking = \"{settings.ZeroMajorBreaking.ToString().ToLowerInvariant()}\"{(settings.ZeroMajorBreaking == SemverBump.Minor ? ", Cargo's rule, the default" : "")})"
                : "a breaking change needs MAJOR";
        return counted.Count > 0 ? "an addition needs MINOR" : "no change needs more than PATCH";
    }

    /// <summary>What the release does to the version, in words: "0.2.0 → 0.3.0 is a MINOR bump", or "0.2.0 is the baseline's version itself".</summary>
    public static string Made(ApiGateVerdict verdict) => verdict.Release.CompareTo(verdict.Baseline) switch
    {
        0 => $"{verdict.Release} is the baseline's own version (no bump)",
        < 0 => $"{verdict.Release} is below the baseline {verdict.Baseline}",
        _ => $"{verdict.Baseline} → {verdict.Release} is a {SemverBumps.Name(verdict.Made)} bump",
    };

    /// <summary>The log lines of a decision: the changes, the allowed ones with their reasons, the bump needed and made.</summary>
    public static IReadOnlyList<string> LogLines(ApiGateVerdict verdict, ApiGateSettings settings, string baseline)
    {
        var lines = new List<string>();
        var excused = verdict.Excused.ToDictionary(e => e.Change, e => e.Allowed);
        lines.Add(verdict.Changes.Count == 0
            ? $"No change to the plugin API against {baseline}."
            : $"{Count(verdict.Changes)} against {baseline}:");
        lines.AddRange(verdict.Changes.Select(c => "  " + Line(c, excused.GetValueOrDefault(c))));
        foreach (var (change, allowed) in verdict.Excused)
            lines.Add($"Allowed by [{ApiGateSettings.Table}] in pyproject.toml, so it does not count: {change.Id} ({allowed.Reason})");
        foreach (var unused in settings.Allow.Where(a => verdict.Excused.All(e => e.Allowed != a)))
            lines.Add($"[{ApiGateSettings.Table}] allows {unused.Change}, but there is no such change against {baseline}: remove the entry once the release that needed it is out.");
        lines.Add($"{Made(verdict)}; {Why(verdict, settings)}: {(verdict.Passes ? "the version is right" : $"the smallest right version is {verdict.SmallestRight}")}.");
        return lines;
    }

    /// <summary>The gate's error: the changes one per line with their kind, the bump needed, the smallest right version, and the ways out.</summary>
    public static string Failure(ApiGateVerdict verdict, ApiGateSettings settings, string distribution, string baseline)
    {
        var excused = verdict.Excused.ToDictionary(e => e.Change, e => e.Allowed);
        var counted = Counted(verdict).ToList();
        var text = new StringBuilder();
        text.Append($"{distribution} {verdict.Release} changes the plugin API in a way its version does not say: against {baseline}, ")
            .Append($"{Why(verdict, settings)}, but {Made(verdict)}. The smallest right version is {verdict.SmallestRight}.")
            .Append(Environment.NewLine);
        foreach (var change in verdict.Changes)
            text.Append("  ").Append(Line(change, excused.GetValueOrDefault(change))).Append(Environment.NewLine);
        var example = counted.FirstOrDefault(c => c.Severity == ApiChangeSeverity.Breaking) ?? counted.First();
        text.Append($"Release it as {verdict.SmallestRight} or later (./build.sh BumpVersion --bump auto picks the version), undo the change, ")
            .Append($"or, when the change is deliberate and fine in this release, allow it in pyproject.toml: [{ApiGateSettings.Table}] ")
            .Append($"allow = [{{ change = \"{example.Id}\", reason = \"...\" }}] (the reason is printed in every run that uses it).");
        return text.ToString();
    }

    /// <summary>The "Plugin API changes" part of the release notes, without its heading.</summary>
    public static string Markdown(ApiGateVerdict verdict, string baseline)
    {
        if (verdict.Release == verdict.Baseline)
            return verdict.Changes.Count == 0
                ? $"Not compared with an earlier release: the only record at hand is this version's own ({baseline}), and the API equals it.\n"
                : $"Not compared with an earlier release: the only record at hand is this version's own ({baseline}), and the API differs from it:\n\n{Items(verdict)}";
        if (verdict.Changes.Count == 0)
            return $"None: the plugin API is the same as in {verdict.Baseline} ({baseline}).\n";
        return $"Against {verdict.Baseline} ({baseline}):\n\n{Items(verdict)}";
    }

    private static string Items(ApiGateVerdict verdict)
    {
        var excused = verdict.Excused.ToDictionary(e => e.Change, e => e.Allowed);
        var text = new StringBuilder();
        foreach (var change in verdict.Changes)
        {
            text.Append(change.Severity == ApiChangeSeverity.Breaking ? "- **breaking** " : "- addition ")
                .Append('`').Append(change.Id).Append("`: ").Append(change.Text);
            if (excused.GetValueOrDefault(change) is { } allowed)
                text.Append(" (allowed: ").Append(allowed.Reason).Append(')');
            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The part for a first release, which has nothing to compare with.</summary>
    public static string FirstReleaseMarkdown(string why) => $"None to report: this is the first release with a plugin API on record ({why}).\n";

    private static IEnumerable<ApiChange> Counted(ApiGateVerdict verdict) => verdict.Changes.Where(c => verdict.Excused.All(e => e.Change != c));

    private static string Kind(ApiChange change) => change.Severity == ApiChangeSeverity.Breaking ? "breaking" : "addition";

    private static string Count(IReadOnlyList<ApiChange> changes)
    {
        var breaking = changes.Count(c => c.Severity == ApiChangeSeverity.Breaking);
        var additions = changes.Count - breaking;
        var parts = new List<string>();
        if (breaking > 0)
            parts.Add($"{breaking} breaking change{(breaking == 1 ? "" : "s")}");
        if (additions > 0)
            parts.Add($"{additions} addition{(additions == 1 ? "" : "s")}");
        return string.Join(" and ", parts);
    }
}
