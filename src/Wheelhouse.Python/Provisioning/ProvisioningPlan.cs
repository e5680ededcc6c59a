namespace Wheelhouse.Python.Provisioning;

/// <summary>
/// How to get what is missing, decided before anything is installed: Debian packages when the build runs as root on
/// Debian/Ubuntu, else pip into the build's private venv when an index answers; anything neither way can bring makes
/// the whole plan a refusal, so nothing is installed half-way.
/// </summary>
/// <param name="DebianPackages">Packages to install with apt-get.</param>
/// <param name="PipRequirements">Requirements to install with pip into the private venv.</param>
/// <param name="Refusal">When set, nothing is installed and this paragraph says exactly what the user must install.</param>
public sealed record ProvisioningPlan(IReadOnlyList<string> DebianPackages, IReadOnlyList<string> PipRequirements, string? Refusal)
{
    public bool IsEmpty => DebianPackages.Count == 0 && PipRequirements.Count == 0 && Refusal is null;

    /// <param name="missing">What the target needs and the machine lacks.</param>
    /// <param name="purpose">What it is needed for, for the messages: "building the package".</param>
    /// <param name="privateVenv">The private venv's folder, as the user sees it (.nuke/temp/python).</param>
    /// <param name="venvItems">What the private venv must hold when pip is the way (it sees no system packages); by default <paramref name="missing"/>.</param>
    public static ProvisioningPlan Decide(IReadOnlyList<ToolchainItem> missing, MachineFacts facts, string purpose, string privateVenv, IReadOnlyList<ToolchainItem>? venvItems = null)
    {
        venvItems ??= missing;
        if (missing.Count == 0)
            return new ProvisioningPlan([], [], null);

        if (facts.CanInstallDebianPackages && missing.All(m => m.DebianPackage != null))
            return new ProvisioningPlan(missing.Select(m => m.DebianPackage!).Distinct().ToList(), [], null);
        if (facts.CanInstallIntoVenv && venvItems.All(m => m.PipRequirement != null))
            return new ProvisioningPlan([], venvItems.Select(m => m.PipRequirement!).Distinct().ToList(), null);
        return new ProvisioningPlan([], [], Refuse(missing, facts, purpose, privateVenv));
    }

    private static string Refuse(IReadOnlyList<ToolchainItem> missing, MachineFacts facts, string purpose, string privateVenv)
    {
        var names = string.Join(", ", missing.Select(m => m.Name));
        var why = new List<string>();
        if (!facts.HasApt)
            why.Add("this is not Debian or Ubuntu with apt-get");
        else if (!facts.IsRoot)
            why.Add("it does not run as root (it never uses sudo by itself)");
        else if (missing.Any(m => m.DebianPackage is null))
            why.Add($"Debian has no package for {string.Join(", ", missing.Where(m => m.DebianPackage is null).Select(m => m.Name))}");
        if (missing.Any(m => m.PipRequirement is null))
            why.Add($"pip cannot install {string.Join(", ", missing.Where(m => m.PipRequirement is null).Select(m => m.Name))}");
        else if (!facts.IndexAnswers)
            why.Add($"the package index {facts.IndexUrl} cannot be reached");
        else if (facts.VenvBase is null)
            why.Add($"no Python {InterpreterLocator.MinimumVersion.ToString(2)}+ with the venv and ensurepip modules was found to make {privateVenv}");

        var ways = new List<string>();
        var debian = missing.Where(m => m.DebianPackage != null).Select(m => m.DebianPackage!).Distinct().ToList();
        if (debian.Count > 0)
            ways.Add($"on Debian/Ubuntu: sudo apt-get install {string.Join(' ', debian)}");
        var pip = missing.Where(m => m.PipRequirement != null).Select(m => Quote(m.PipRequirement!)).Distinct().ToList();
        if (pip.Count > 0)
            ways.Add($"elsewhere, for the Python you build with: python3 -m pip install {string.Join(' ', pip)}");
        var programs = missing.Where(m => m.PipRequirement is null && m.DebianPackage != null).Select(m => m.Name).ToList();
        if (programs.Count > 0 && !facts.HasApt)
            ways.Add($"{string.Join(" and ", programs)} from your system's package manager");

        return $"{purpose} needs {names}, which this machine lacks, and the build cannot install {(missing.Count == 1 ? "it" : "them")} by itself: " +
            $"{string.Join("; ", why)}. Install {(missing.Count == 1 ? "it" : "them")} ({string.Join("; or ", ways)}), then run the build again. " +
            $"As root on Debian/Ubuntu the build installs the Debian packages itself; where a package index answers, it installs Python tools into {privateVenv}.";
    }

    private static string Quote(string requirement) =>
        requirement.Any(c => c is '<' or '>' or ' ' or ';' or '[' or '*') ? $"'{requirement}'" : requirement;
}
