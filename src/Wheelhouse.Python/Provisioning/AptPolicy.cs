namespace Wheelhouse.Python.Provisioning;

/// <summary>Reads <c>apt-cache policy</c>'s answer: a package without a "Candidate:" version (or "(none)") cannot be installed.</summary>
public static class AptPolicy
{
    public static IReadOnlySet<string> WithoutCandidate(IReadOnlyList<string> asked, string policyOutput)
    {
        var installable = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        foreach (var raw in policyOutput.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && line.EndsWith(':'))
                current = line[..^1];
            else if (current != null && line.TrimStart().StartsWith("Candidate:", StringComparison.Ordinal) && line.Trim() != "Candidate: (none)")
                installable.Add(current);
        }

        return asked.Where(p => !installable.Contains(p)).ToHashSet(StringComparer.Ordinal);
    }
}
