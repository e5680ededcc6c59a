using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.ApiGate;

/// <summary>
/// The gate's decision for one release: the changes against the baseline, which of them the allow list excuses, the
/// bump they require, the bump the release makes, and the smallest version that would be right. Pure.
/// </summary>
public sealed record ApiGateVerdict(
    Pep440Version Baseline,
    Pep440Version Release,
    IReadOnlyList<ApiChange> Changes,
    IReadOnlyList<(ApiChange Change, AllowedChange Allowed)> Excused,
    SemverBump Required,
    SemverBump Made)
{
    public bool Passes => Made >= Required;

    /// <summary>The smallest version after the baseline that makes the required bump.</summary>
    public Pep440Version SmallestRight => SemverBumps.Smallest(Baseline, Required);

    public static ApiGateVerdict Decide(Pep440Version baseline, Pep440Version release, IReadOnlyList<ApiChange> changes, ApiGateSettings settings)
    {
        var excused = changes
            .Select(c => (Change: c, Allowed: settings.Allow.FirstOrDefault(a => string.Equals(a.Change, c.Id, StringComparison.Ordinal))))
            .Where(p => p.Allowed != null)
            .Select(p => (p.Change, p.Allowed!))
            .ToList();
        var counted = changes.Where(c => excused.All(e => e.Item1 != c)).ToList();
        var required = counted.Any(c => c.Severity == ApiChangeSeverity.Breaking)
            ? baseline.Major == 0 ? settings.ZeroMajorBreaking : SemverBump.Major
            : counted.Count > 0 ? SemverBump.Minor : SemverBump.Patch;
        return new ApiGateVerdict(baseline, release, changes, excused, required, SemverBumps.Between(baseline, release));
    }
}
