namespace Wheelhouse.Python.Requirements;

/// <summary>
/// What a requirement check found for one requirement. <see cref="Chain"/> leads from the requirement the caller
/// gave to the one this finding is about: one entry for a requirement of the caller's, more when it was found
/// through installed distributions' <c>Requires-Dist</c> (<c>hatch-vcs -&gt; setuptools-scm&gt;=6.4</c>).
/// </summary>
public sealed record RequirementFinding(
    IReadOnlyList<DependencySpecifier> Chain,
    RequirementStatus Status,
    string? InstalledVersion,
    string? ToleranceReason = null)
{
    /// <summary>The requirement this finding is about (the last of the chain).</summary>
    public DependencySpecifier Requirement => Chain[^1];

    /// <summary>The caller's requirement the chain starts from.</summary>
    public DependencySpecifier Root => Chain[0];

    /// <summary>True when found through an installed distribution's dependencies rather than given by the caller.</summary>
    public bool IsTransitive => Chain.Count > 1;

    /// <summary>Missing or in a wrong version: what stops a build.</summary>
    public bool IsUnmet => Status is RequirementStatus.Missing or RequirementStatus.WrongVersion;

    /// <summary>What the requirement accepts: its specifiers, its URL, or "any version".</summary>
    public string Wanted => Requirement.Url ?? (Requirement.Specifiers.IsEmpty ? "any version" : Requirement.Specifiers.ToString());

    /// <summary>The chain without markers, joined by arrows: <c>hatch-vcs -&gt; setuptools-scm&gt;=6.4</c>.</summary>
    public string Path => string.Join(" -> ", Chain.Select(r => r.ToString(withMarker: false)));

    /// <summary>One line: the path and what was found.</summary>
    public override string ToString() => Status switch
    {
        RequirementStatus.Satisfied => $"{Path}: {InstalledVersion} installed",
        RequirementStatus.NotApplicable => $"{Path}: not needed here ({Requirement.Marker} is false)",
        RequirementStatus.Missing => $"{Path}: not installed",
        RequirementStatus.WrongVersion => $"{Path}: {InstalledVersion} installed, {Wanted} wanted",
        RequirementStatus.Tolerated => $"{Path}: not installed, tolerated: {ToleranceReason}",
        _ => $"{Path}: {Status}",
    };
}
