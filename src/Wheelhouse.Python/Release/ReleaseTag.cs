using System.Diagnostics.CodeAnalysis;
using Wheelhouse.Engine;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Release;

/// <summary>Tag names from a format such as <c>v{version}</c>: the placeholder is replaced by the canonical version.</summary>
public static class ReleaseTag
{
    public const string Placeholder = "{version}";
    public const string DefaultFormat = "v" + Placeholder;

    public static string Format(string format, Pep440Version version)
    {
        Validate(format);
        return format.Replace(Placeholder, version.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The version a tag names in this format ("v1.2.0" in v{version} → 1.2.0); false when the tag has another form or no PEP 440 version.</summary>
    public static bool TryParse(string format, string tag, [NotNullWhen(true)] out Pep440Version? version)
    {
        version = null;
        var at = format.IndexOf(Placeholder, StringComparison.Ordinal);
        if (at < 0)
            return false;
        var prefix = format[..at];
        var suffix = format[(at + Placeholder.Length)..];
        if (tag.Length <= prefix.Length + suffix.Length || !tag.StartsWith(prefix, StringComparison.Ordinal) || !tag.EndsWith(suffix, StringComparison.Ordinal))
            return false;
        var middle = tag[prefix.Length..^suffix.Length];
        // The version must fill the placeholder by itself: no stray "v" or spaces that the PEP 440 parser would forgive.
        if (!char.IsAsciiDigit(middle[0]) || middle.Any(char.IsWhiteSpace))
            return false;
        return Pep440Version.TryParse(middle, out version);
    }

    /// <summary>The release tag with the highest version among <paramref name="tags"/> that have this format; null when none has.</summary>
    public static (string Tag, Pep440Version Version)? Latest(string format, IEnumerable<string> tags)
    {
        (string Tag, Pep440Version Version)? best = null;
        foreach (var tag in tags)
        {
            if (TryParse(format, tag, out var version) && (best is null || version > best.Value.Version))
                best = (tag, version);
        }

        return best;
    }

    /// <summary>Refuses formats without the placeholder or with characters git does not allow in a tag name.</summary>
    public static void Validate(string format)
    {
        if (!format.Contains(Placeholder, StringComparison.Ordinal))
            throw new BuildException($"--tag-format '{format}' does not contain {Placeholder}, so every release would get the same tag. Use e.g. {DefaultFormat} or release-{Placeholder}.");
        var sample = format.Replace(Placeholder, "1.0.0", StringComparison.Ordinal);
        if (sample.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '~' or '^' or ':' or '?' or '*' or '[' or '\\')
            || sample.Contains("..", StringComparison.Ordinal) || sample.Contains("@{", StringComparison.Ordinal)
            || sample.StartsWith('-') || sample.StartsWith('/') || sample.EndsWith('/') || sample.EndsWith('.') || sample.EndsWith(".lock", StringComparison.Ordinal) || sample.Contains("//", StringComparison.Ordinal))
            throw new BuildException($"--tag-format '{format}' gives tags such as '{sample}', which git does not accept as a tag name (see git check-ref-format). Use e.g. {DefaultFormat}.");
    }
}
