namespace Wheelhouse.Python.Requirements;

/// <summary>The findings of a requirement check, in a stable order: each given requirement, then what was found through it.</summary>
public sealed class RequirementCheckResult(IReadOnlyList<RequirementFinding> findings)
{
    public IReadOnlyList<RequirementFinding> Findings { get; } = findings;

    /// <summary>The requirements that are missing or in a wrong version, given or found through recursion.</summary>
    public IReadOnlyList<RequirementFinding> Unmet { get; } = findings.Where(f => f.IsUnmet).ToList();

    /// <summary>The known gaps the caller tolerated, with their reasons.</summary>
    public IReadOnlyList<RequirementFinding> Tolerated { get; } = findings.Where(f => f.Status == RequirementStatus.Tolerated).ToList();

    /// <summary>True when nothing is missing or in a wrong version.</summary>
    public bool AllMet => Unmet.Count == 0;
}
