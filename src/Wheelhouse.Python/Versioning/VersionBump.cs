using Wheelhouse.Engine;

namespace Wheelhouse.Python.Versioning;

/// <summary>
/// What <c>--bump</c> changes, named as <c>uv version --bump</c> names it. The order of the members is
/// the order in which several bumps are applied (major, minor, patch, stable, alpha, beta, rc, post, dev),
/// whatever order they were given in.
/// </summary>
public enum BumpKind
{
    /// <summary>1.2.3 → 2.0.0</summary>
    Major,

    /// <summary>1.2.3 → 1.3.0</summary>
    Minor,

    /// <summary>1.2.3 → 1.2.4</summary>
    Patch,

    /// <summary>1.2.3b4.post5.dev6 → 1.2.3 (the local label is kept)</summary>
    Stable,

    /// <summary>1.2.3a4 → 1.2.3a5; with a release bump 1.2.3 → 2.0.0a1</summary>
    Alpha,

    /// <summary>1.2.3b4 → 1.2.3b5, 1.2.3a4 → 1.2.3b1</summary>
    Beta,

    /// <summary>1.2.3rc4 → 1.2.3rc5, 1.2.3b4 → 1.2.3rc1</summary>
    Rc,

    /// <summary>1.2.3.post5 → 1.2.3.post6, 1.2.3 → 1.2.3.post1</summary>
    Post,

    /// <summary>1.2.3.dev6 → 1.2.3.dev7; with a release bump 1.2.3 → 1.2.4.dev1</summary>
    Dev,

    /// <summary>The smallest of major, minor and patch that the plugin API's changes require; BumpVersion replaces it before bumping.</summary>
    Auto,
}

/// <summary>
/// Computes a bumped version with the rules of <c>uv version --bump</c>:
/// <list type="bullet">
/// <item>a bump changes one component and clears every component below it (major &gt; minor &gt; patch &gt;
/// pre-release &gt; post-release &gt; dev-release); epoch and local label are kept;</item>
/// <item>a release bump keeps the number of release components unless it needs more (0.1 → 0.2 with
/// minor, 0.1 → 0.1.1 with patch) and drops pre, post and dev;</item>
/// <item>a missing pre, post or dev number starts at 1; a pre-release of another kind starts at 1 too;</item>
/// <item>several bumps are applied in <see cref="BumpKind"/> order, but only these combinations are
/// accepted: at most one release bump, at most one of alpha/beta/rc/dev, and stable or post only alone;</item>
/// <item>the result must be greater than the current version.</item>
/// </list>
/// </summary>
public static class VersionBump
{
    private static readonly BumpKind[] ReleaseKinds = [BumpKind.Major, BumpKind.Minor, BumpKind.Patch];
    private static readonly BumpKind[] PreKinds = [BumpKind.Alpha, BumpKind.Beta, BumpKind.Rc];

    /// <summary>The bumped version; a combination uv refuses, or a result that is not greater than <paramref name="current"/>, is a <see cref="BuildException"/> that says what would work.</summary>
    public static Pep440Version Apply(Pep440Version current, IReadOnlyList<BumpKind> bumps)
    {
        CheckCombination(bumps);
        var result = Compute(current, bumps);
        if (result > current)
            return result;
        throw new BuildException(NotIncreasedMessage(current, result, bumps));
    }

    /// <summary>
    /// The version <c>--new-version</c> asks for. Like <c>uv version X</c> any valid version is accepted, also a
    /// lower one (to repair a wrong bump), but then with a warning; the current version itself is an error
    /// (there would be nothing to commit and the tag may exist already).
    /// </summary>
    public static Pep440Version SetExplicit(Pep440Version current, string text, out IReadOnlyList<string> warnings)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new BuildException($"--new-version is empty. Pass a PEP 440 version: {Pep440Version.ExpectedForm}.");
        if (Enum.TryParse<BumpKind>(text.Trim(), ignoreCase: true, out var kind) && !char.IsAsciiDigit(text.Trim()[0]))
            throw new BuildException($"--new-version '{text}' is not a version. Did you mean --bump {Name(kind)}?");
        var target = Pep440Version.Parse(text);
        if (target == current)
            throw new BuildException($"The version is already {current}; --new-version {text} changes nothing. Pass a different version, or --bump.");
        var list = new List<string>();
        if (target < current)
            list.Add($"--new-version {target} is lower than the current version {current}; installers will prefer {current} wherever it was published.");
        if (target.IsLocal)
            list.Add($"{target} has a local label (+{target.Local}); PyPI and TestPyPI refuse uploads of local versions.");
        warnings = list;
        return target;
    }

    /// <summary>Whether uv accepts these bumps together; null when it does, else why not.</summary>
    public static string? CombinationError(IReadOnlyList<BumpKind> bumps)
    {
        if (bumps.Count == 0)
            return "No bump given. Pass --bump with one of: major, minor, patch, stable, alpha, beta, rc, post, dev.";
        var all = Names(bumps);
        if (bumps.Contains(BumpKind.Stable) && bumps.Count > 1)
            return $"--bump stable cannot be combined with another --bump (got: {all}). stable only removes the pre-release, post-release and dev parts; run it alone.";
        if (bumps.Contains(BumpKind.Post) && bumps.Count > 1)
            return $"--bump post cannot be combined with another --bump (got: {all}). A post-release only adds .postN to the current version; run it alone.";
        var release = bumps.Where(b => ReleaseKinds.Contains(b) || b == BumpKind.Auto).ToList();
        if (bumps.Contains(BumpKind.Auto) && (release.Count > 1 || bumps.Contains(BumpKind.Stable) || bumps.Contains(BumpKind.Post)))
            return $"--bump auto picks the release bump (major, minor or patch) itself, so it goes alone or with one of alpha, beta, rc, dev (got: {all}).";
        if (release.Count > 1)
            return $"Only one release bump (major, minor or patch) can be given (got: {Names(release)}). Pass the largest one you mean.";
        var pre = bumps.Where(b => PreKinds.Contains(b) || b == BumpKind.Dev).ToList();
        if (pre.Count > 1)
            return $"Only one of alpha, beta, rc and dev can be given (got: {Names(pre)}). Combine it with a release bump instead, e.g. --bump minor --bump {Name(pre[0])}.";
        return null;
    }

    private static void CheckCombination(IReadOnlyList<BumpKind> bumps)
    {
        if (CombinationError(bumps) is { } error)
            throw new BuildException(error);
    }

    /// <summary>The result of the bumps without the checks (applied in <see cref="BumpKind"/> order).</summary>
    internal static Pep440Version Compute(Pep440Version current, IEnumerable<BumpKind> bumps)
    {
        var version = current;
        foreach (var bump in bumps.Order())
            version = Step(version, bump);
        return version;
    }

    private static Pep440Version Step(Pep440Version v, BumpKind bump)
    {
        switch (bump)
        {
            case BumpKind.Major or BumpKind.Minor or BumpKind.Patch:
            {
                var index = (int)bump;
                var length = Math.Max(v.Release.Count, index + 1);
                var release = Enumerable.Range(0, length).Select(i =>
                    i < index ? (i < v.Release.Count ? v.Release[i] : 0)
                    : i == index ? (i < v.Release.Count ? v.Release[i] : 0) + 1
                    : 0);
                return new Pep440Version(v.Epoch, release, null, null, null, v.LocalSegments);
            }
            case BumpKind.Stable:
                return new Pep440Version(v.Epoch, v.Release, null, null, null, v.LocalSegments);
            case BumpKind.Alpha or BumpKind.Beta or BumpKind.Rc:
            {
                var kind = bump switch
                {
                    BumpKind.Alpha => PreReleaseKind.Alpha,
                    BumpKind.Beta => PreReleaseKind.Beta,
                    _ => PreReleaseKind.ReleaseCandidate,
                };
                var number = v.Pre is { } pre && pre.Kind == kind ? pre.Number + 1 : 1;
                return new Pep440Version(v.Epoch, v.Release, new PreRelease(kind, number), null, null, v.LocalSegments);
            }
            case BumpKind.Post:
                return new Pep440Version(v.Epoch, v.Release, v.Pre, (v.Post ?? 0) + 1, null, v.LocalSegments);
            case BumpKind.Dev:
                return v.WithDev((v.Dev ?? 0) + 1);
            case BumpKind.Auto:
                throw new InvalidOperationException("--bump auto is replaced by the release bump the plugin API requires before the version is bumped.");
            default:
                throw new ArgumentOutOfRangeException(nameof(bump), bump, null);
        }
    }

    private static string NotIncreasedMessage(Pep440Version current, Pep440Version result, IReadOnlyList<BumpKind> bumps)
    {
        var given = string.Join(' ', bumps.Select(b => "--bump " + Name(b)));
        var message = $"{given} does not increase the version: {current} → {result} ({Reason(current, result, bumps)}).";
        var suggestions = Suggestions(current, bumps);
        if (suggestions.Count > 0)
            message += " Bumps that would: " + string.Join(", ", suggestions.Select(s => $"{string.Join(' ', s.Bumps.Select(b => "--bump " + Name(b)))} (→ {s.Result})")) + ".";
        return message + " To set a version of your choice, pass --new-version instead.";
    }

    private static string Reason(Pep440Version current, Pep440Version result, IReadOnlyList<BumpKind> bumps)
    {
        if (bumps.SequenceEqual([BumpKind.Stable]))
            return current.Post != null ? $"{current} is a post-release of {result}, which is older" : $"{current} is already a stable release";
        if (!current.IsPreRelease && result.Pre != null)
            return $"a pre-release comes before its final release; going to a pre-release also needs a release bump";
        if (current.Pre is { } was && result.Pre is { } now && now.Kind < was.Kind)
            return $"{Describe(now.Kind)} pre-releases come before {Describe(was.Kind)} ones of the same release";
        if (result.IsDevRelease && !current.IsDevRelease)
            return "a dev-release comes before the version it leads to; a dev-release also needs another bump";
        return $"{result} is not newer than {current}";
    }

    private static string Describe(PreReleaseKind kind) => kind switch
    {
        PreReleaseKind.Alpha => "alpha",
        PreReleaseKind.Beta => "beta",
        _ => "release-candidate",
    };

    /// <summary>Bumps close to what was asked that do increase the version, most similar first.</summary>
    internal static IReadOnlyList<(IReadOnlyList<BumpKind> Bumps, Pep440Version Result)> Suggestions(Pep440Version current, IReadOnlyList<BumpKind> bumps)
    {
        BumpKind[] releaseSmallestFirst = [BumpKind.Patch, BumpKind.Minor, BumpKind.Major];
        var candidates = new List<BumpKind[]>();
        if (bumps is [var pre] && PreKinds.Contains(pre))
        {
            // Another pre-release kind on its own (alpha on 1.0b1: beta or rc), then a release bump with the one asked for.
            candidates.AddRange(PreKinds.Where(k => k != pre).Select(k => new[] { k }));
            candidates.AddRange(releaseSmallestFirst.Select(r => new[] { r, pre }));
        }
        else if (bumps is [BumpKind.Dev])
        {
            candidates.AddRange(releaseSmallestFirst.Select(r => new[] { r, BumpKind.Dev }));
        }
        else
        {
            candidates.AddRange(releaseSmallestFirst.Select(r => new[] { r }));
            if (current.Post != null)
                candidates.Add([BumpKind.Post]);
        }

        return candidates
            .Where(c => CombinationError(c) is null)
            .Select(c => (Bumps: (IReadOnlyList<BumpKind>)c, Result: Compute(current, c)))
            .Where(s => s.Result > current)
            .ToList();
    }

    /// <summary>The name on the command line: major, …, rc, post, dev.</summary>
    public static string Name(BumpKind bump) => bump.ToString().ToLowerInvariant();

    private static string Names(IEnumerable<BumpKind> bumps) => string.Join(", ", bumps.Select(Name));
}
