using System.Text.RegularExpressions;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Inspection;

/// <summary>A wheel's file name: <c>{name}-{version}(-{build})?-{python}-{abi}-{platform}.whl</c>.</summary>
public sealed record WheelFileName(string Name, string Version, string? Build, string PythonTag, string AbiTag, string PlatformTag)
{
    /// <summary>Every python-abi-platform triple the compressed tags stand for (<c>py2.py3-none-any</c> is two).</summary>
    public IReadOnlySet<string> ExpandedTags =>
        (from python in PythonTag.Split('.')
         from abi in AbiTag.Split('.')
         from platform in PlatformTag.Split('.')
         select $"{python}-{abi}-{platform}").ToHashSet(StringComparer.Ordinal);

    public static WheelFileName? TryParse(string fileName)
    {
        if (!fileName.EndsWith(".whl", StringComparison.Ordinal))
            return null;
        var parts = fileName[..^4].Split('-');
        if (parts.Length is not (5 or 6) || parts.Any(p => p.Length == 0))
            return null;
        string? build = null;
        if (parts.Length == 6)
        {
            build = parts[2];
            if (!char.IsAsciiDigit(build[0]))
                return null;
        }

        return new WheelFileName(parts[0], parts[1], build, parts[^3], parts[^2], parts[^1]);
    }
}

/// <summary>An sdist's file name: <c>{name}-{version}.tar.gz</c> (the name is what precedes the last '-').</summary>
public sealed record SdistFileName(string Name, string Version)
{
    public string Stem => $"{Name}-{Version}";

    public static SdistFileName? TryParse(string fileName)
    {
        if (!fileName.EndsWith(".tar.gz", StringComparison.Ordinal))
            return null;
        var stem = fileName[..^7];
        var dash = stem.LastIndexOf('-');
        return dash <= 0 || dash == stem.Length - 1 ? null : new SdistFileName(stem[..dash], stem[(dash + 1)..]);
    }
}

/// <summary>Name and version rules of the Python packaging specifications.</summary>
public static partial class DistributionNames
{
    // Name normalisation (PEP 503) is ProjectName's.

    /// <summary>A name PEP 508 allows: letters, digits, '-', '_', '.', starting and ending with a letter or digit.</summary>
    public static bool IsValidName(string name) => ValidName().IsMatch(name);

    /// <summary>The canonical PEP 440 spelling, or null when <paramref name="version"/> is not a PEP 440 version.</summary>
    public static string? CanonicalVersion(string version) => Pep440Version.TryParse(version, out var parsed) ? parsed.ToString() : null;

    /// <summary>True when both are PEP 440 versions with the same canonical spelling (0.2 and 0.2.0 differ: a file name is text).</summary>
    public static bool SameVersion(string a, string b) => CanonicalVersion(a) is { } x && x == CanonicalVersion(b);

    /// <summary>A dotted module path of Python identifiers.</summary>
    public static bool IsModulePath(string module) =>
        module.Length > 0 && module.Split('.').All(IsIdentifier);

    public static bool IsIdentifier(string part) =>
        part.Length > 0 && (char.IsLetter(part[0]) || part[0] == '_') && part.All(c => char.IsLetterOrDigit(c) || c == '_');

    [GeneratedRegex("^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", RegexOptions.IgnoreCase)]
    private static partial Regex ValidName();
}
