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
