using System.Text.RegularExpressions;
using Wheelhouse.Python.ApiGate;

namespace Wheelhouse.Python.Release;

/// <summary>
/// Whether the changelog tells users about the breaking changes of the release: each must be named (its fixture, marker,
/// ini key, option flag, hookspec or entry point, as in its change ID) under <c>### Removed</c> or <c>### Changed</c> of
/// the <c>## [Unreleased]</c> section, which BumpVersion turns into the release's notes. Pure.
/// </summary>
public static partial class UnreleasedMentions
{
    [GeneratedRegex(@"^##[ \t]+(\[unreleased\]|unreleased)[ \t]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnreleasedHeading();

    [GeneratedRegex(@"^#{1,2}[ \t]")]
    private static partial Regex SectionEnd();

    [GeneratedRegex(@"^###[ \t]+(?<name>.+?)[ \t]*$")]
    private static partial Regex Subsection();

    public static readonly IReadOnlyList<string> Subsections = ["Removed", "Changed"];

    /// <summary>The breaking changes the Unreleased section's Removed and Changed parts do not name; all of them when there is no such section.</summary>
    public static IReadOnlyList<ApiChange> Missing(string changelog, IEnumerable<ApiChange> changes)
    {
        var text = RemovedAndChanged(changelog);
        return changes.Where(c => c.Severity == ApiChangeSeverity.Breaking && !text.Contains(c.Item, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>The text under ### Removed and ### Changed of ## [Unreleased]; empty when there is none.</summary>
    public static string RemovedAndChanged(string changelog)
    {
        var lines = changelog.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var start = Array.FindIndex(lines, l => UnreleasedHeading().IsMatch(l));
        if (start < 0)
            return "";
        var kept = new List<string>();
        var inside = false;
        for (var i = start + 1; i < lines.Length && !SectionEnd().IsMatch(lines[i]); i++)
        {
            if (Subsection().Match(lines[i]) is { Success: true } heading)
            {
                inside = Subsections.Contains(heading.Groups["name"].Value, StringComparer.OrdinalIgnoreCase);
                continue;
            }

            if (inside)
                kept.Add(lines[i]);
        }

        return string.Join('\n', kept);
    }
}
