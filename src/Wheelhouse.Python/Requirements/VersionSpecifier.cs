using System.Diagnostics.CodeAnalysis;
using Wheelhouse.Engine;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Requirements;

/// <summary>
/// One PEP 440 version specifier clause: an operator and a version, such as <c>&gt;=1.18</c>, <c>==2.1.*</c>,
/// <c>~=3.2</c> or <c>===foobar</c>. <see cref="Contains(string, bool?)"/> applies PEP 440's rules as
/// <c>packaging</c> does: trailing zeros do not count, <c>==</c> ignores the candidate's local label unless the
/// specifier has one, <c>&gt;V</c> excludes V's post-releases and V's own local variants, <c>&lt;V</c> excludes
/// V's pre-releases unless V is itself a pre-release, and <c>===</c> compares text.
/// </summary>
public sealed class VersionSpecifier
{
    private VersionSpecifier(VersionOperator op, string versionText, Pep440Version? version, bool isWildcard)
    {
        Operator = op;
        VersionText = versionText;
        Version = version;
        IsWildcard = isWildcard;
    }

    public VersionOperator Operator { get; }

    /// <summary>The version as written after the operator (<c>2.1.*</c> for a prefix match).</summary>
    public string VersionText { get; }

    /// <summary>The parsed version (the prefix, 2.1, for <c>==2.1.*</c>); null only for <c>===</c> with text that is not a PEP 440 version.</summary>
    public Pep440Version? Version { get; }

    /// <summary>True for the prefix forms <c>==V.*</c> and <c>!=V.*</c>.</summary>
    public bool IsWildcard { get; }

    /// <summary>
    /// True when the specifier itself names a pre-release (<c>&gt;=2.0b1</c>), which by PEP 440 lets pre-releases
    /// match when the caller does not say; <c>!=</c> and prefix matches never do (as in <c>packaging</c>).
    /// </summary>
    public bool NamesPreRelease => Operator switch
    {
        VersionOperator.NotEqual => false,
        VersionOperator.Equal when IsWildcard => false,
        _ => Version?.IsPreRelease ?? false,
    };

    /// <summary>Parses one clause; an invalid one is a <see cref="BuildException"/> that names it and what is wrong.</summary>
    public static VersionSpecifier Parse(string text) =>
        TryParse(text, out var specifier, out var error)
            ? specifier
            : throw new BuildException($"'{text.Trim()}' is not a valid version specifier: {error}.");

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out VersionSpecifier? specifier) =>
        TryParse(text ?? "", out specifier, out _);

    /// <summary>Parses one clause; on failure <paramref name="error"/> says what is wrong, in words that fit after "is not valid: ".</summary>
    internal static bool TryParse(string text, [NotNullWhen(true)] out VersionSpecifier? specifier, [NotNullWhen(false)] out string? error)
    {
        specifier = null;
        var trimmed = text.Trim();
        if (VersionOperators.Leading(trimmed) is not { } leading)
        {
            error = trimmed.Length == 0
                ? $"expected a version specifier such as >=1.0 (an operator {VersionOperators.Listing} and a version)"
                : $"expected an operator ({VersionOperators.Listing}) before the version";
            return false;
        }

        var (op, length) = leading;
        var symbol = op.Symbol();
        var versionText = trimmed[length..].TrimStart();
        if (versionText.Length == 0)
        {
            error = $"expected a version after '{symbol}'";
            return false;
        }

        if (op == VersionOperator.Arbitrary)
        {
            if (versionText.Any(char.IsWhiteSpace))
            {
                error = "the text after '===' cannot contain whitespace";
                return false;
            }

            Pep440Version.TryParse(versionText, out var arbitrary);
            specifier = new VersionSpecifier(op, versionText, arbitrary, isWildcard: false);
            error = null;
            return true;
        }

        var allowsLocalAndWildcard = op is VersionOperator.Equal or VersionOperator.NotEqual;
        if (versionText.EndsWith(".*", StringComparison.Ordinal))
        {
            var prefixText = versionText[..^2];
            if (!allowsLocalAndWildcard)
                error = $"a '.*' prefix match is allowed only after == or !=, not after '{symbol}'";
            else if (!Pep440Version.TryParse(prefixText, out var prefix))
                error = $"'{prefixText}' before '.*' is not a PEP 440 release such as 1.2";
            else if (prefix.IsPreRelease || prefix.IsPostRelease || prefix.IsLocal)
                error = $"'.*' can follow only a release such as 1.2, not the pre-, post- or dev-release or local version '{prefixText}'";
            else
            {
                specifier = new VersionSpecifier(op, versionText, prefix, isWildcard: true);
                error = null;
                return true;
            }

            return false;
        }

        if (!Pep440Version.TryParse(versionText, out var version))
        {
            error = $"'{versionText}' after '{symbol}' is not a PEP 440 version (expected {Pep440Version.ExpectedForm})";
            return false;
        }

        if (version.IsLocal && !allowsLocalAndWildcard)
        {
            error = $"a local version label ('+{version.Local}') is allowed only after == or !=, not after '{symbol}'";
            return false;
        }

        if (op == VersionOperator.Compatible && version.Release.Count < 2)
        {
            error = $"'~=' needs a release of at least two components (~={version.Major}.0, not ~={versionText})";
            return false;
        }

        specifier = new VersionSpecifier(op, versionText, version, isWildcard: false);
        error = null;
        return true;
    }

    /// <summary>
    /// Whether <paramref name="version"/> satisfies this clause. A text that is not a PEP 440 version matches only
    /// <c>===</c>. <paramref name="prereleases"/>: true lets a pre-release match (the check of an installed
    /// distribution, as pypa/build does it), false never does, null leaves it to <see cref="NamesPreRelease"/>.
    /// </summary>
    public bool Contains(string version, bool? prereleases = null)
    {
        Pep440Version.TryParse(version, out var parsed);
        if (parsed is { IsPreRelease: true } && !(prereleases ?? NamesPreRelease))
            return false;
        return Operator == VersionOperator.Arbitrary ? MatchesText(version) : parsed != null && Matches(parsed);
    }

    /// <inheritdoc cref="Contains(string, bool?)"/>
    public bool Contains(Pep440Version version, bool? prereleases = null)
    {
        if (version.IsPreRelease && !(prereleases ?? NamesPreRelease))
            return false;
        return Matches(version);
    }

    /// <summary>The clause without spaces: <c>&gt;=1.0</c>.</summary>
    public override string ToString() => Operator.Symbol() + VersionText;

    /// <summary>Arbitrary equality compares the text as given (the installed distribution's own spelling).</summary>
    internal bool MatchesText(string version) => string.Equals(version.Trim(), VersionText, StringComparison.OrdinalIgnoreCase);

    /// <summary>The comparison alone, without the pre-release policy.</summary>
    internal bool Matches(Pep440Version candidate)
    {
        var v = Version;
        if (v is null)
            return MatchesText(candidate.ToString()); // === with text that is no version

        switch (Operator)
        {
            case VersionOperator.Equal:
                return IsWildcard ? HasPrefix(candidate, v.Epoch, v.Release) : IsEqual(candidate, v);
            case VersionOperator.NotEqual:
                return !(IsWildcard ? HasPrefix(candidate, v.Epoch, v.Release) : IsEqual(candidate, v));
            case VersionOperator.Compatible:
                // ~=V.N means >=V.N and ==V.*: the last release component is dropped, suffixes are ignored.
                return candidate.Public >= v && HasPrefix(candidate, v.Epoch, v.Release.Take(v.Release.Count - 1).ToArray());
            case VersionOperator.LessThanOrEqual:
                return candidate.Public <= v;
            case VersionOperator.GreaterThanOrEqual:
                return candidate.Public >= v;
            case VersionOperator.LessThan:
                return candidate < v && !IsPreReleaseOf(candidate, v);
            case VersionOperator.GreaterThan:
                return candidate > v && !IsPostReleaseOf(candidate, v) && !(candidate.IsLocal && candidate.Public == v);
            case VersionOperator.Arbitrary:
                return MatchesText(candidate.ToString());
            default:
                throw new InvalidOperationException($"Unknown operator {Operator}.");
        }
    }

    /// <summary>A specifier without a local label matches every local variant of its version (PEP 440).</summary>
    private static bool IsEqual(Pep440Version candidate, Pep440Version v) => v.IsLocal ? candidate == v : candidate.Public == v;

    /// <summary>Prefix matching: same epoch, and the release, padded with zeros, starts with <paramref name="prefix"/>.</summary>
    private static bool HasPrefix(Pep440Version candidate, long epoch, IReadOnlyList<long> prefix)
    {
        if (candidate.Epoch != epoch)
            return false;
        for (var i = 0; i < prefix.Count; i++)
        {
            var component = i < candidate.Release.Count ? candidate.Release[i] : 0;
            if (component != prefix[i])
                return false;
        }

        return true;
    }

    /// <summary>
    /// <c>&lt;V</c> must not let in a pre-release of V itself unless V is one: <c>&lt;2.0</c> refuses 2.0rc1,
    /// <c>&lt;1.0.post1</c> refuses 1.0.post1.dev0 but not 1.0rc1 (a pre-release of 1.0, not of 1.0.post1).
    /// </summary>
    private static bool IsPreReleaseOf(Pep440Version candidate, Pep440Version v)
    {
        if (v.IsPreRelease || !candidate.IsPreRelease || candidate.BaseVersion != v.BaseVersion)
            return false;
        return v.Post is null || (candidate.Pre is null && candidate.Post == v.Post);
    }

    /// <summary>
    /// <c>&gt;V</c> must not let in a post-release of V unless V is one: <c>&gt;1.7</c> refuses 1.7.post1,
    /// <c>&gt;1.0a1</c> refuses 1.0a1.post0 but not 1.0.post0; a dev-release has no post-releases.
    /// </summary>
    private static bool IsPostReleaseOf(Pep440Version candidate, Pep440Version v) =>
        v.Post is null && v.Dev is null && candidate.Post is not null && candidate.Pre == v.Pre && candidate.BaseVersion == v.BaseVersion;
}
