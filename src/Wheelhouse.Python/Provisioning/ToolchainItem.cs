namespace Wheelhouse.Python.Provisioning;

/// <summary>Something a target needs from the machine, and the ways it can be had.</summary>
/// <param name="Name">What it is, as the user knows it: "build", "hatchling", "shellcheck".</param>
/// <param name="DebianPackage">The Debian/Ubuntu package that brings it (python3-build), or null when Debian has none.</param>
/// <param name="PipRequirement">What pip installs into the build's private venv (build, hatchling&gt;=1.5), or null when pip cannot bring it (a program such as chromium).</param>
public sealed record ToolchainItem(string Name, string? DebianPackage, string? PipRequirement)
{
    /// <summary>A Python distribution named in a PEP 508 requirement ("hatchling>=1.5"): Debian's python3-&lt;name&gt;, or pip.</summary>
    public static ToolchainItem PythonDistribution(string requirement)
    {
        var name = RequirementName(requirement);
        return new ToolchainItem(name, DebianPackageNames.ForDistribution(name), requirement.Trim());
    }

    /// <summary>A program that only the system's package manager brings.</summary>
    public static ToolchainItem Program(string name, string debianPackage) => new(name, debianPackage, null);

    /// <summary>The distribution name at the start of a PEP 508 requirement: letters, digits, '.', '-' and '_'.</summary>
    public static string RequirementName(string requirement)
    {
        var text = requirement.TrimStart();
        var end = 0;
        while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] is '.' or '-' or '_'))
            end++;
        return text[..end];
    }
}
