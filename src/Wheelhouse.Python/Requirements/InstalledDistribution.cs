using Wheelhouse.Python.Inspection;

namespace Wheelhouse.Python.Requirements;

/// <summary>
/// A distribution installed in an interpreter, as <c>importlib.metadata</c> reports it: its name, its version
/// text, and, when known, its own <c>Requires-Dist</c> entries (null when not collected: the check then does not
/// look further).
/// </summary>
public sealed record InstalledDistribution(string Name, string Version, IReadOnlyList<string>? RequiresDist = null)
{
    /// <summary>The PEP 503 form requirements find it by.</summary>
    public string NormalizedName => ProjectName.Normalise(Name);
}
