using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Wheelhouse.Engine;

namespace Wheelhouse.Python.Versioning;

/// <summary>The kind of a PEP 440 pre-release, in PEP 440 order (a &lt; b &lt; rc).</summary>
public enum PreReleaseKind
{
    Alpha,
    Beta,
    ReleaseCandidate,
}

/// <summary>A pre-release segment: <c>a1</c>, <c>b2</c>, <c>rc3</c>.</summary>
public readonly record struct PreRelease(PreReleaseKind Kind, long Number) : IComparable<PreRelease>
{
    /// <summary>The canonical letters: a, b or rc.</summary>
    public string Letters => Kind switch
    {
        PreReleaseKind.Alpha => "a",
        PreReleaseKind.Beta => "b",
        _ => "rc",
    };

    public int CompareTo(PreRelease other)
    {
        var byKind = Kind.CompareTo(other.Kind);
        return byKind != 0 ? byKind : Number.CompareTo(other.Number);
    }

    public override string ToString() => Letters + Number.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// A version as PEP 440 defines it: <c>[N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]</c>. Parsing accepts
/// every spelling PEP 440 permits and normalises it (<c>V1.0-RC1</c> is <c>1.0rc1</c>); <see cref="ToString"/>
/// prints the canonical form. Equality and ordering are PEP 440's: trailing zeros of the release do not
/// count (<c>1.0 == 1.0.0</c>) and <c>1.0.dev0 &lt; 1.0a1 &lt; 1.0b1 &lt; 1.0rc1 &lt; 1.0 &lt; 1.0.post1</c>.
/// Instances are immutable.
/// </summary>
public sealed class Pep440Version : IComparable<Pep440Version>, IEquatable<Pep440Version>
{
    /// <summary>The form a version must have, for error messages.</summary>
    public const string ExpectedForm = "[N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local], for example 1.2.0, 2.0.0rc1, 1.0.post1 or 1.1.dev3";

    // PEP 440 "Appendix B" grammar with the normalisations of the "Normalization" section:
    // optional v prefix, any case, '.', '-' or '_' between segments, spelled-out or alternative
    // pre-release and post-release names, implicit numbers, and "-N" as an implicit post-release.
    private static readonly Regex Grammar = new(
        """
        ^\s*v?
        (?:(?<epoch>[0-9]+)!)?
        (?<release>[0-9]+(?:\.[0-9]+)*)
        (?:[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?
        (?:-(?<postImplicit>[0-9]+)|[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN>[0-9]+)?)?
        (?:[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?
        (?:\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?
        \s*$
        """,
        RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    private readonly long[] _release;
    private readonly string[] _local;

    /// <summary>Builds a version from its parts. The release needs at least one component; numbers are not negative; local segments are letters and digits.</summary>
    public Pep440Version(long epoch, IEnumerable<long> release, PreRelease? pre = null, long? post = null, long? dev = null, IEnumerable<string>? local = null)
    {
        _release = release.ToArray();
        _local = (local ?? []).Select(NormaliseLocalSegment).ToArray();
        if (_release.Length == 0)
            throw new ArgumentException("A version needs at least one release component.", nameof(release));
        if (epoch < 0 || _release.Any(n => n < 0) || pre is { Number: < 0 } || post < 0 || dev < 0)
            throw new ArgumentException("Version numbers cannot be negative.");
        if (_local.Any(s => s.Length == 0 || !s.All(char.IsAsciiLetterOrDigit)))
            throw new ArgumentException("Local version segments are non-empty and made of ASCII letters and digits.", nameof(local));
        Epoch = epoch;
        Pre = pre;
        Post = post;
        Dev = dev;
    }

    /// <summary>The epoch (<c>N!</c>); 0 when the version has none.</summary>
    public long Epoch { get; }

    /// <summary>The release components, as written (trailing zeros are kept: 1.0 has two).</summary>
    public IReadOnlyList<long> Release => _release;

    /// <summary>The first release component.</summary>
    public long Major => _release[0];

    /// <summary>The second release component; 0 when there is none.</summary>
    public long Minor => _release.Length > 1 ? _release[1] : 0;

    /// <summary>The third release component; 0 when there is none.</summary>
    public long Micro => _release.Length > 2 ? _release[2] : 0;

    public PreRelease? Pre { get; }

    public long? Post { get; }

    public long? Dev { get; }

    /// <summary>The local label, normalised (lower case, '.' between segments, numbers without leading zeros); null when there is none.</summary>
    public string? Local => _local.Length == 0 ? null : string.Join('.', _local);

    public IReadOnlyList<string> LocalSegments => _local;

    public bool IsLocal => _local.Length > 0;

    /// <summary>An alpha, beta, release candidate or development release (PEP 440 counts .devN as a pre-release).</summary>
    public bool IsPreRelease => Pre != null || Dev != null;

    public bool IsDevRelease => Dev != null;

    public bool IsPostRelease => Post != null;

    /// <summary>The version without its local label.</summary>
    public Pep440Version Public => IsLocal ? new Pep440Version(Epoch, _release, Pre, Post, Dev) : this;

    /// <summary>Epoch and release only: 1.2.0 for 1.2.0rc1.post2.dev3+x.</summary>
    public Pep440Version BaseVersion => Pre == null && Post == null && Dev == null && !IsLocal ? this : new Pep440Version(Epoch, _release);

    /// <summary>Parses and normalises a version; an invalid text is a <see cref="BuildException"/> naming it and the expected form.</summary>
    public static Pep440Version Parse(string text) =>
        TryParse(text, out var version)
            ? version
            : throw new BuildException($"'{text}' is not a valid PEP 440 version. Expected {ExpectedForm}.");

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Pep440Version? version)
    {
        version = null;
        // The grammar is ASCII; case-insensitive matching alone would take the Kelvin sign for 'k'.
        if (text is null || !Ascii.IsValid(text))
            return false;
        var match = Grammar.Match(text);
        if (!match.Success)
            return false;
        try
        {
            var epoch = match.Groups["epoch"].Success ? Number(match.Groups["epoch"].Value) : 0;
            var release = match.Groups["release"].Value.Split('.').Select(Number);
            PreRelease? pre = match.Groups["preL"].Success
                ? new PreRelease(PreKind(match.Groups["preL"].Value), OptionalNumber(match.Groups["preN"]))
                : null;
            long? post = match.Groups["postImplicit"].Success ? Number(match.Groups["postImplicit"].Value)
                : match.Groups["postL"].Success ? OptionalNumber(match.Groups["postN"])
                : null;
            long? dev = match.Groups["devL"].Success ? OptionalNumber(match.Groups["devN"]) : null;
            var local = match.Groups["local"].Success ? match.Groups["local"].Value.Split('.', '-', '_') : null;
            version = new Pep440Version(epoch, release, pre, post, dev, local);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>This version with another release (pre, post, dev and local kept).</summary>
    public Pep440Version WithRelease(IEnumerable<long> release) => new(Epoch, release, Pre, Post, Dev, _local);

    public Pep440Version WithPre(PreRelease? pre) => new(Epoch, _release, pre, Post, Dev, _local);

    public Pep440Version WithPost(long? post) => new(Epoch, _release, Pre, post, Dev, _local);

    public Pep440Version WithDev(long? dev) => new(Epoch, _release, Pre, Post, dev, _local);

    public Pep440Version WithLocal(IEnumerable<string>? local) => new(Epoch, _release, Pre, Post, Dev, local);

    /// <summary>The canonical form: <c>1!2.0rc1.post2.dev3+ubuntu.1</c> (the epoch only when not 0).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (Epoch != 0)
            text.Append(Epoch.ToString(CultureInfo.InvariantCulture)).Append('!');
        text.AppendJoin('.', _release.Select(n => n.ToString(CultureInfo.InvariantCulture)));
        if (Pre is { } pre)
            text.Append(pre);
        if (Post is { } post)
            text.Append(".post").Append(post.ToString(CultureInfo.InvariantCulture));
        if (Dev is { } dev)
            text.Append(".dev").Append(dev.ToString(CultureInfo.InvariantCulture));
        if (IsLocal)
            text.Append('+').Append(Local);
        return text.ToString();
    }

    public int CompareTo(Pep440Version? other)
    {
        if (other is null)
            return 1;
        if (ReferenceEquals(this, other))
            return 0;

        var c = Epoch.CompareTo(other.Epoch);
        if (c != 0)
            return c;
        c = CompareRelease(_release, other._release);
        if (c != 0)
            return c;
        c = PreKey(this).CompareTo(PreKey(other));
        if (c != 0)
            return c;
        c = (Post ?? -1).CompareTo(other.Post ?? -1); // no post-release sorts before .post0
        if (c != 0)
            return c;
        c = (Dev ?? long.MaxValue).CompareTo(other.Dev ?? long.MaxValue); // no dev-release sorts after every .devN
        if (c != 0)
            return c;
        return CompareLocal(_local, other._local);
    }

    public bool Equals(Pep440Version? other) => CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is Pep440Version other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Epoch);
        var significant = _release.Length;
        while (significant > 1 && _release[significant - 1] == 0)
            significant--;
        for (var i = 0; i < significant; i++)
            hash.Add(_release[i]);
        hash.Add(Pre);
        hash.Add(Post);
        hash.Add(Dev);
        foreach (var segment in _local)
            hash.Add(segment);
        return hash.ToHashCode();
    }

    public static bool operator ==(Pep440Version? left, Pep440Version? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(Pep440Version? left, Pep440Version? right) => !(left == right);

    public static bool operator <(Pep440Version? left, Pep440Version? right) => Compare(left, right) < 0;

    public static bool operator <=(Pep440Version? left, Pep440Version? right) => Compare(left, right) <= 0;

    public static bool operator >(Pep440Version? left, Pep440Version? right) => Compare(left, right) > 0;

    public static bool operator >=(Pep440Version? left, Pep440Version? right) => Compare(left, right) >= 0;

    private static int Compare(Pep440Version? left, Pep440Version? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    /// <summary>Release components compared as if the shorter one were padded with zeros.</summary>
    private static int CompareRelease(long[] a, long[] b)
    {
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var c = (i < a.Length ? a[i] : 0).CompareTo(i < b.Length ? b[i] : 0);
            if (c != 0)
                return c;
        }

        return 0;
    }

    /// <summary>
    /// Where the pre-release puts a version among those with the same release: a bare dev-release
    /// (1.0.dev1) before every pre-release, a pre-release by kind and number, and no pre-release
    /// (the final release and its post-releases) after all of them.
    /// </summary>
    private static (int Rank, PreRelease Pre) PreKey(Pep440Version v) => v switch
    {
        { Pre: { } pre } => (1, pre),
        { Post: null, Dev: not null } => (0, default),
        _ => (2, default),
    };

    /// <summary>
    /// PEP 440's local ordering: segment by segment, numbers compared as numbers and above any
    /// alphanumeric segment, alphanumeric segments compared as text; a label that is a prefix of
    /// another sorts first; no label sorts before any label.
    /// </summary>
    private static int CompareLocal(string[] a, string[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var aNumeric = IsNumeric(a[i]);
            var bNumeric = IsNumeric(b[i]);
            int c;
            if (aNumeric && bNumeric)
                c = a[i].Length != b[i].Length ? a[i].Length.CompareTo(b[i].Length) : string.CompareOrdinal(a[i], b[i]);
            else if (aNumeric != bNumeric)
                c = aNumeric ? 1 : -1;
            else
                c = string.CompareOrdinal(a[i], b[i]);
            if (c != 0)
                return c;
        }

        return a.Length.CompareTo(b.Length);
    }

    private static bool IsNumeric(string segment) => segment.All(char.IsAsciiDigit);

    /// <summary>Lower case; a numeric segment loses its leading zeros (its value is what counts).</summary>
    private static string NormaliseLocalSegment(string segment)
    {
        var lower = segment.ToLowerInvariant();
        if (lower.Length > 0 && IsNumeric(lower))
        {
            lower = lower.TrimStart('0');
            return lower.Length == 0 ? "0" : lower;
        }

        return lower;
    }

    private static PreReleaseKind PreKind(string letters) => letters.ToLowerInvariant() switch
    {
        "a" or "alpha" => PreReleaseKind.Alpha,
        "b" or "beta" => PreReleaseKind.Beta,
        _ => PreReleaseKind.ReleaseCandidate, // rc, c, pre, preview
    };

    private static long Number(string digits) => long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    private static long OptionalNumber(Group group) => group.Success ? Number(group.Value) : 0;
}
