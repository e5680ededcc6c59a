using Wheelhouse.Engine;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.Python.Requirements;

/// <summary>
/// Checks requirements (a <c>build-system.requires</c> list) against an interpreter's installed distributions, as
/// pypa/build's <c>check_dependency</c> does for a build without isolation: a requirement whose marker is false is
/// not needed; one that is installed in an accepted version (an installed pre-release counts) is met, and then the
/// <c>Requires-Dist</c> of the installed distribution are checked the same way, their <c>extra</c> markers
/// evaluated for the extras the requirement asked for. Pure: the caller supplies the environment and what is
/// installed.
/// </summary>
public static class RequirementCheck
{
    /// <summary>
    /// Checks every requirement in <paramref name="requirements"/>. <paramref name="installed"/> lists the
    /// distributions in the order the interpreter finds them (the first of a name wins, as with
    /// <c>importlib.metadata.distribution</c>). <paramref name="tolerated"/> maps names (any spelling) to the
    /// reason a missing distribution of that name cannot change the result: such a gap is
    /// <see cref="RequirementStatus.Tolerated"/> rather than <see cref="RequirementStatus.Missing"/>.
    /// An invalid requirement is a <see cref="BuildException"/> naming it.
    /// </summary>
    public static RequirementCheckResult Run(
        IEnumerable<string> requirements,
        MarkerEnvironment environment,
        IEnumerable<InstalledDistribution> installed,
        IReadOnlyDictionary<string, string>? tolerated = null) =>
        Run(requirements.Select(DependencySpecifier.Parse).ToList(), environment, installed, tolerated);

    /// <inheritdoc cref="Run(IEnumerable{string}, MarkerEnvironment, IEnumerable{InstalledDistribution}, IReadOnlyDictionary{string, string}?)"/>
    public static RequirementCheckResult Run(
        IEnumerable<DependencySpecifier> requirements,
        MarkerEnvironment environment,
        IEnumerable<InstalledDistribution> installed,
        IReadOnlyDictionary<string, string>? tolerated = null)
    {
        var distributions = new Dictionary<string, InstalledDistribution>(StringComparer.Ordinal);
        foreach (var distribution in installed)
            distributions.TryAdd(distribution.NormalizedName, distribution);
        var gaps = (tolerated ?? new Dictionary<string, string>())
            .ToDictionary(g => ProjectName.Normalise(g.Key), g => g.Value, StringComparer.Ordinal);

        var findings = new List<RequirementFinding>();
        foreach (var requirement in requirements)
            new Walk(environment, distributions, gaps, findings).Visit(requirement, [], new HashSet<string>(StringComparer.Ordinal));
        return new RequirementCheckResult(findings);
    }

    /// <summary>The recursion from one of the caller's requirements.</summary>
    private sealed class Walk(
        MarkerEnvironment environment,
        IReadOnlyDictionary<string, InstalledDistribution> distributions,
        IReadOnlyDictionary<string, string> gaps,
        List<RequirementFinding> findings)
    {
        // A distribution's dependencies depend only on the distribution and the extras asked of it, so each such
        // pair is expanded once per walk, and a dependency found again is not reported again: a graph with shared
        // dependencies stays linear, and each problem is reported once, through the first chain that reaches it.
        private readonly HashSet<string> _expanded = new(StringComparer.Ordinal);
        private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

        public void Visit(DependencySpecifier requirement, IReadOnlyList<DependencySpecifier> ancestors, IReadOnlySet<string> parentExtras)
        {
            var given = ancestors.Count == 0;
            var key = requirement.ToString();
            if (ancestors.Any(a => a.ToString() == key))
                return; // a cycle: this requirement is being checked further up the chain
            IReadOnlyList<DependencySpecifier> chain = [.. ancestors, requirement];

            if (!requirement.AppliesTo(environment, parentExtras))
            {
                if (given)
                    findings.Add(new RequirementFinding(chain, RequirementStatus.NotApplicable, null));
                return;
            }

            if (!distributions.TryGetValue(requirement.NormalizedName, out var distribution))
            {
                Report(gaps.TryGetValue(requirement.NormalizedName, out var reason)
                    ? new RequirementFinding(chain, RequirementStatus.Tolerated, null, reason)
                    : new RequirementFinding(chain, RequirementStatus.Missing, null));
                return;
            }

            if (!requirement.Specifiers.Contains(distribution.Version, prereleases: true))
            {
                Report(new RequirementFinding(chain, RequirementStatus.WrongVersion, distribution.Version));
                return;
            }

            if (given)
                findings.Add(new RequirementFinding(chain, RequirementStatus.Satisfied, distribution.Version));
            if (distribution.RequiresDist is null)
                return;
            var extras = requirement.NormalizedExtras;
            if (!_expanded.Add(distribution.NormalizedName + "[" + string.Join(',', extras.Order(StringComparer.Ordinal)) + "]"))
                return;
            foreach (var text in distribution.RequiresDist)
            {
                if (!DependencySpecifier.TryParse(text, out var dependency, out var error))
                    throw new BuildException(
                        $"The installed distribution {distribution.Name} {distribution.Version} declares Requires-Dist '{text}', " +
                        $"which is not a valid dependency specifier (PEP 508): {error}. Reinstall or upgrade {distribution.Name} in that interpreter.");
                Visit(dependency, chain, extras);
            }
        }

        private void Report(RequirementFinding finding)
        {
            if (_reported.Add(finding.Requirement.ToString(withMarker: false)))
                findings.Add(finding);
        }
    }
}
