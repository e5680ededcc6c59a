using System.Diagnostics.CodeAnalysis;
using Wheelhouse.Engine;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Requirements;

/// <summary>
/// A comma-separated list of version specifiers (<c>&gt;=3.2,&lt;4</c>); a version satisfies the set when it
/// satisfies every clause. The empty set accepts every version.
/// </summary>
public sealed class VersionSpecifierSet
{
    public static readonly VersionSpecifierSet Empty = new([]);

    private readonly VersionSpecifier[] _specifiers;

    public VersionSpecifierSet(IEnumerable<VersionSpecifier> specifiers) => _specifiers = specifiers.ToArray();

    public IReadOnlyList<VersionSpecifier> Specifiers => _specifiers;

    public int Count => _specifiers.Length;

    public bool IsEmpty => _specifiers.Length == 0;

    /// <summary>True when a clause names a pre-release, which by PEP 440 lets pre-releases match when the caller does not say.</summary>
    public bool NamesPreRelease => _specifiers.Any(s => s.NamesPreRelease);

    /// <summary>Parses <c>&gt;=3.2, &lt;4</c> (the empty text is the empty set); an invalid clause is a <see cref="BuildException"/> naming it.</summary>
    public static VersionSpecifierSet Parse(string text) =>
        TryParse(text, out var set, out var error)
            ? set
            : throw new BuildException($"'{text.Trim()}' is not a valid list of version specifiers: {error}.");

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out VersionSpecifierSet? set) =>
        TryParse(text ?? "", out set, out _);

    internal static bool TryParse(string text, [NotNullWhen(true)] out VersionSpecifierSet? set, [NotNullWhen(false)] out string? error)
    {
        set = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            set = Empty;
            error = null;
            return true;
        }

        var clauses = new List<VersionSpecifier>();
        foreach (var clause in text.Split(','))
        {
            if (clause.Trim().Length == 0)
            {
                error = "expected a version specifier between the commas";
                return false;
            }

            if (!VersionSpecifier.TryParse(clause, out var specifier, out error))
            {
                error = $"'{clause.Trim()}': {error}";
                return false;
            }

            clauses.Add(specifier);
        }

        set = new VersionSpecifierSet(clauses);
        error = null;
        return true;
    }

    /// <summary>
    /// Whether <paramref name="version"/> satisfies every clause. <paramref name="prereleases"/>: true lets a
    /// pre-release match (the check of an installed distribution, as pypa/build does it), false never does, null
    /// lets one match only when a clause names a pre-release (PEP 440's default when choosing what to install).
    /// A text that is not a PEP 440 version satisfies the empty set and <c>===</c> clauses, nothing else.
    /// </summary>
    public bool Contains(string version, bool? prereleases = null)
    {
        Pep440Version.TryParse(version, out var parsed);
        if (parsed is { IsPreRelease: true } && !(prereleases ?? NamesPreRelease))
            return false;
        return _specifiers.All(s => s.Operator == VersionOperator.Arbitrary ? s.MatchesText(version) : parsed != null && s.Matches(parsed));
    }

    /// <inheritdoc cref="Contains(string, bool?)"/>
    public bool Contains(Pep440Version version, bool? prereleases = null)
    {
        if (version.IsPreRelease && !(prereleases ?? NamesPreRelease))
            return false;
        return _specifiers.All(s => s.Matches(version));
    }

    /// <summary>The clauses in their given order, joined by commas without spaces: <c>&gt;=3.2,&lt;4</c>.</summary>
    public override string ToString() => string.Join(',', _specifiers.Select(s => s.ToString()));
}
