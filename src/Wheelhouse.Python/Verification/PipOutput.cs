using System.Text.RegularExpressions;

namespace Wheelhouse.Python.Verification;

public enum PipOutcomeKind
{
    Installed,

    /// <summary>The index does not list the requested version (yet): after an upload, CDNs can lag for minutes.</summary>
    NotVisible,

    /// <summary>The package was found, but one of its dependencies was not (TestPyPI without PyPI as extra index, or offline).</summary>
    DependencyMissing,

    /// <summary>pip could not connect to an index at all (refused, DNS, TLS, proxy, timeouts).</summary>
    Unreachable,

    Failed,
}

/// <summary>What one <c>pip install</c> came to, read from its exit code and output.</summary>
/// <param name="ErrorLine">pip's last error line, for messages.</param>
/// <param name="AvailableVersions">For NotVisible: the versions the index did list ("none" when it listed none).</param>
/// <param name="Requirement">For DependencyMissing: the requirement pip could not satisfy.</param>
public sealed record PipOutcome(PipOutcomeKind Kind, string? ErrorLine = null, string? AvailableVersions = null, string? Requirement = null);

public static partial class PipOutput
{
    private static readonly string[] ConnectionProblems =
    [
        "Failed to establish a new connection", "connection broken by", "Could not fetch URL", "ConnectTimeoutError",
        "ReadTimeoutError", "Max retries exceeded", "NameResolutionError", "Temporary failure in name resolution",
        "Name or service not known", "SSLError", "ProxyError", "Connection refused",
    ];

    public static PipOutcome Classify(int exitCode, IReadOnlyList<string> lines, string packageName)
    {
        if (exitCode == 0)
            return new PipOutcome(PipOutcomeKind.Installed);

        var errorLine = lines.LastOrDefault(l => l.StartsWith("ERROR:", StringComparison.Ordinal))
            ?? lines.LastOrDefault(l => l.Trim().Length > 0);
        errorLine = errorLine?.Trim();

        if (lines.Any(l => ConnectionProblems.Any(p => l.Contains(p, StringComparison.OrdinalIgnoreCase))))
        {
            var connectionLine = lines.LastOrDefault(l => ConnectionProblems.Any(p => l.Contains(p, StringComparison.OrdinalIgnoreCase)))!.Trim();
            return new PipOutcome(PipOutcomeKind.Unreachable, connectionLine);
        }

        string? missing = null;
        string? versions = null;
        foreach (var line in lines)
        {
            var match = NoMatch().Match(line);
            if (!match.Success)
                continue;
            missing ??= match.Groups["requirement"].Value;
            if (match.Groups["versions"].Success && NameOf(match.Groups["requirement"].Value) == ProjectName.Normalise(packageName))
                versions = match.Groups["versions"].Value.Trim();
        }

        if (missing is null)
            return new PipOutcome(PipOutcomeKind.Failed, errorLine);
        return NameOf(missing) == ProjectName.Normalise(packageName)
            ? new PipOutcome(PipOutcomeKind.NotVisible, errorLine, versions ?? "none")
            : new PipOutcome(PipOutcomeKind.DependencyMissing, errorLine, Requirement: missing);
    }

    /// <summary>The project name at the start of a requirement: "Eval_Check==1.0" gives "eval-check".</summary>
    public static string NameOf(string requirement)
    {
        var match = RequirementProject().Match(requirement.Trim());
        return match.Success ? ProjectName.Normalise(match.Value) : ProjectName.Normalise(requirement);
    }

    [GeneratedRegex(@"(?:No matching distribution found for|Could not find a version that satisfies the requirement)\s+(?<requirement>\S+)(?:\s+\(from versions:\s*(?<versions>[^)]*)\))?", RegexOptions.IgnoreCase)]
    private static partial Regex NoMatch();

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")]
    private static partial Regex RequirementProject();

}
