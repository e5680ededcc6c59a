using System.Text;
using System.Text.RegularExpressions;
using Wheelhouse.Engine;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Release;

/// <summary>What promoting the Unreleased section gives: the new text (unchanged when there was nothing to promote) and warnings for the user.</summary>
public sealed record ChangelogPromotion(string Text, IReadOnlyList<string> Warnings);

/// <summary>
/// A Keep a Changelog file (https://keepachangelog.com/en/1.1.0/): promotes <c>## [Unreleased]</c> to
/// <c>## [X] - YYYY-MM-DD</c> under a new empty Unreleased section and updates the link definitions at the
/// bottom: <c>[Unreleased]</c> compares the new tag with HEAD and <c>[X]</c> compares the previous tag with
/// the new one (or points at the release page when there is no previous release). The links keep the URL
/// pattern the file already uses. Everything else in the file stays as it was.
/// </summary>
public static partial class Changelog
{
    public const string FileName = "CHANGELOG.md";

    [GeneratedRegex(@"^##[ \t]+(?<name>\[unreleased\]|unreleased)[ \t]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UnreleasedHeading();

    [GeneratedRegex(@"^##?[ \t]")]
    private static partial Regex AnyTopHeading();

    [GeneratedRegex(@"^##[ \t]+\[?(?<version>[^\]\s]+)\]?")]
    private static partial Regex VersionHeading();

    [GeneratedRegex(@"^\[(?<label>[^\]]+)\]:[ \t]*(?<url>\S+)")]
    private static partial Regex LinkDefinition();

    [GeneratedRegex(@"^(?<base>.+)/compare/(?<from>.+?)(?<dots>\.{2,3})(?<to>[^/.][^/]*)$")]
    private static partial Regex CompareUrl();

    [GeneratedRegex(@"^(?<base>.+?)/(?:releases/tag|commits|tree|compare)/")]
    private static partial Regex RepositoryUrl();

    public static ChangelogPromotion Promote(string text, Pep440Version version, DateOnly date, string tagFormat)
    {
        var warnings = new List<string>();
        var lines = SplitLines(text);
        var newLine = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var heading = lines.FindIndex(l => UnreleasedHeading().IsMatch(l.Content));
        if (heading < 0)
        {
            warnings.Add($"{FileName} has no '## [Unreleased]' heading, so it was left unchanged. Add one above the releases (Keep a Changelog) to have BumpVersion promote it.");
            return new ChangelogPromotion(text, warnings);
        }

        var versionText = version.ToString();
        if (lines.Any(l => VersionHeading().Match(l.Content) is { Success: true } m && Pep440Version.TryParse(m.Groups["version"].Value, out var v) && v == version))
            throw new BuildException($"{FileName} already has a section for {versionText}. Remove or rename it (its notes belong under ## [Unreleased]), or bump to another version.");

        var bodyEnd = heading + 1;
        while (bodyEnd < lines.Count && !AnyTopHeading().IsMatch(lines[bodyEnd].Content) && !LinkDefinition().IsMatch(lines[bodyEnd].Content))
            bodyEnd++;
        if (lines.Skip(heading + 1).Take(bodyEnd - heading - 1).All(l => string.IsNullOrWhiteSpace(l.Content)))
            warnings.Add($"The [Unreleased] section of {FileName} is empty, so the {versionText} entry has no notes. Write them under ## [{versionText}] before publishing.");

        var bracketed = UnreleasedHeading().Match(lines[heading].Content).Groups["name"].Value.StartsWith('[');
        var previousVersion = lines.Skip(heading + 1).Select(l => VersionHeading().Match(l.Content))
            .Where(m => m.Success && Pep440Version.TryParse(m.Groups["version"].Value, out _)).Select(m => m.Groups["version"].Value).FirstOrDefault();
        var title = bracketed ? $"## [{versionText}] - {date:yyyy-MM-dd}" : $"## {versionText} - {date:yyyy-MM-dd}";
        if (lines[heading].Ending.Length == 0)
            lines[heading] = lines[heading] with { Ending = newLine };
        lines.Insert(heading + 1, new Line("", newLine));
        lines.Insert(heading + 2, new Line(title, newLine));

        if (bracketed)
            UpdateLinks(lines, versionText, ReleaseTag.Format(tagFormat, version), previousVersion, tagFormat, newLine);

        return new ChangelogPromotion(string.Concat(lines.Select(l => l.Content + l.Ending)), warnings);
    }

    private static void UpdateLinks(List<Line> lines, string versionText, string newTag, string? previousVersion, string tagFormat, string newLine)
    {
        var definitions = lines.Select((l, i) => (Index: i, Match: LinkDefinition().Match(l.Content))).Where(d => d.Match.Success).ToList();
        if (definitions.Count == 0)
            return; // the file uses no link definitions; there is nothing to keep up to date
        if (definitions.Any(d => string.Equals(d.Match.Groups["label"].Value, versionText, StringComparison.OrdinalIgnoreCase)))
            return; // already defined by hand

        var unreleased = definitions.FirstOrDefault(d => string.Equals(d.Match.Groups["label"].Value, "unreleased", StringComparison.OrdinalIgnoreCase));
        string? repository = null;
        string? previousTag = null;
        var dots = "...";
        if (unreleased.Match is { } u && CompareUrl().Match(u.Groups["url"].Value) is { Success: true } compare)
        {
            repository = compare.Groups["base"].Value;
            previousTag = compare.Groups["from"].Value;
            dots = compare.Groups["dots"].Value;
        }
        else
        {
            repository = definitions.Select(d => RepositoryUrl().Match(d.Match.Groups["url"].Value)).FirstOrDefault(m => m.Success)?.Groups["base"].Value;
            if (previousVersion != null)
            {
                var previousLink = definitions.FirstOrDefault(d => d.Match.Groups["label"].Value == previousVersion).Match?.Groups["url"].Value;
                previousTag = previousLink is not null && previousLink.Contains("/releases/tag/", StringComparison.Ordinal)
                    ? previousLink[(previousLink.LastIndexOf('/') + 1)..]
                    : Pep440Version.TryParse(previousVersion, out var pv) ? ReleaseTag.Format(tagFormat, pv) : null;
            }
        }

        if (repository is null)
            return; // links of a kind we do not know; leave them

        var head = "HEAD";
        if (unreleased.Match is { } u2 && CompareUrl().Match(u2.Groups["url"].Value) is { Success: true } c2)
            head = c2.Groups["to"].Value;
        var unreleasedUrl = $"{repository}/compare/{newTag}{dots}{head}";
        var releaseLine = previousTag is null
            ? $"[{versionText}]: {repository}/releases/tag/{newTag}"
            : $"[{versionText}]: {repository}/compare/{previousTag}{dots}{newTag}";

        if (unreleased.Match is { } existing)
        {
            // Replace only the URL, so the label's spelling and anything after the URL (a title) stay.
            var url = existing.Groups["url"];
            var line = lines[unreleased.Index];
            var content = string.Concat(line.Content.AsSpan(0, url.Index), unreleasedUrl, line.Content.AsSpan(url.Index + url.Length));
            lines[unreleased.Index] = new Line(content, line.Ending.Length > 0 ? line.Ending : newLine);
            lines.Insert(unreleased.Index + 1, new Line(releaseLine, line.Ending));
        }
        else
        {
            var first = definitions[0].Index;
            lines.Insert(first, new Line($"[Unreleased]: {unreleasedUrl}", newLine));
            lines.Insert(first + 1, new Line(releaseLine, newLine));
        }
    }

    private sealed record Line(string Content, string Ending);

    private static List<Line> SplitLines(string text)
    {
        var lines = new List<Line>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                lines.Add(new Line(text[start..], ""));
                break;
            }

            var contentEnd = end > start && text[end - 1] == '\r' ? end - 1 : end;
            lines.Add(new Line(text[start..contentEnd], text[contentEnd..(end + 1)]));
            start = end + 1;
        }

        return lines;
    }
}
