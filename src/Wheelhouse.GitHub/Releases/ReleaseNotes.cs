using System.Text.RegularExpressions;
using Wheelhouse.Engine;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.GitHub.Releases;

/// <summary>
/// A version's notes from a Keep a Changelog file: the lines under <c>## [X] - YYYY-MM-DD</c> (or <c>## X</c>)
/// up to the next heading of level 1 or 2, without the heading. Headings inside fenced code blocks do not count.
/// The file's trailing block of link definitions (<c>[0.2.0]: https://…</c>) is not part of the last section;
/// definitions the notes refer to (<c>[#12]</c>) are appended, so the notes render on GitHub as they do in the file.
/// </summary>
public static partial class ReleaseNotes
{
    [GeneratedRegex(@"^##[ \t]+\[?(?<version>[^\]\s]+)\]?")]
    private static partial Regex VersionHeading();

    [GeneratedRegex(@"^#{1,2}(?:[ \t]|$)")]
    private static partial Regex SectionBoundary();

    [GeneratedRegex(@"^[ ]{0,3}\[(?<label>[^\]]+)\]:[ \t]*\S")]
    private static partial Regex LinkDefinition();

    [GeneratedRegex(@"^[ ]{0,3}(?<fence>```+|~~~+)")]
    private static partial Regex Fence();

    /// <summary>The notes for <paramref name="version"/>, lines joined with LF, blank lines at either end removed.</summary>
    /// <exception cref="BuildException">The file has no section for the version.</exception>
    public static string Extract(string changelog, Pep440Version version, string fileName = "CHANGELOG.md")
    {
        var lines = changelog.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var outsideFences = OutsideFences(lines);
        var heading = Array.FindIndex(lines, line => IsHeadingOf(line, version));
        while (heading >= 0 && !outsideFences[heading])
            heading = Array.FindIndex(lines, heading + 1, line => IsHeadingOf(line, version));
        if (heading < 0)
        {
            throw new BuildException(
                $"{fileName} has no section for {version} (a heading '## [{version}] - YYYY-MM-DD'), so the release would have no notes. " +
                $"Run ./build.sh BumpVersion, which turns ## [Unreleased] into that section, or add the section by hand.");
        }

        var end = heading + 1;
        while (end < lines.Length && !(outsideFences[end] && SectionBoundary().IsMatch(lines[end])))
            end++;
        if (end == lines.Length)
        {
            // The last section runs into the file's link definitions; they belong to the whole file.
            while (end > heading + 1 && (string.IsNullOrWhiteSpace(lines[end - 1]) || (outsideFences[end - 1] && LinkDefinition().IsMatch(lines[end - 1]))))
                end--;
        }

        var start = heading + 1;
        while (start < end && string.IsNullOrWhiteSpace(lines[start]))
            start++;
        while (end > start && string.IsNullOrWhiteSpace(lines[end - 1]))
            end--;
        if (start == end)
            return "";

        var body = lines[start..end];
        var text = string.Join('\n', body);
        var defined = body.Select(l => LinkDefinition().Match(l)).Where(m => m.Success).Select(Label).ToHashSet();
        var appended = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            if ((i >= start && i < end) || !outsideFences[i] || LinkDefinition().Match(lines[i]) is not { Success: true } definition)
                continue;
            // The first definition of a label wins (CommonMark); only the ones the notes use are worth carrying.
            if (defined.Add(Label(definition)) && text.Contains($"[{definition.Groups["label"].Value}]", StringComparison.OrdinalIgnoreCase))
                appended.Add(lines[i].Trim());
        }

        return appended.Count == 0 ? text : text + "\n\n" + string.Join('\n', appended);
    }

    public const string PluginApiHeading = "### Plugin API changes";

    /// <summary>The notes with the "Plugin API changes" part the API gate wrote (changes-VERSION.md) appended.</summary>
    public static string WithPluginApiChanges(string notes, string changes)
    {
        var part = $"{PluginApiHeading}\n\n{changes.Replace("\r\n", "\n", StringComparison.Ordinal).Trim()}";
        return notes.Trim().Length == 0 ? part : $"{notes.TrimEnd()}\n\n{part}";
    }

    private static string Label(Match definition) => definition.Groups["label"].Value.ToLowerInvariant();

    private static bool IsHeadingOf(string line, Pep440Version version) =>
        VersionHeading().Match(line) is { Success: true } match
        && Pep440Version.TryParse(match.Groups["version"].Value, out var found)
        && found == version;

    /// <summary>For each line, whether it is outside a fenced code block (fence lines themselves count as inside).</summary>
    private static bool[] OutsideFences(string[] lines)
    {
        var outside = new bool[lines.Length];
        string? open = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = Fence().Match(lines[i]);
            if (open is null)
            {
                if (fence.Success)
                    open = fence.Groups["fence"].Value;
                else
                    outside[i] = true;
            }
            else if (fence.Success && fence.Groups["fence"].Value[0] == open[0] && fence.Groups["fence"].Value.Length >= open.Length
                     && lines[i].Trim().Length == fence.Groups["fence"].Value.Length)
            {
                open = null;
            }
        }

        return outside;
    }
}
