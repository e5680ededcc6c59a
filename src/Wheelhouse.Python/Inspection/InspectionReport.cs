namespace Wheelhouse.Python.Inspection;

/// <summary>What became of one check for one file.</summary>
public enum CheckResult
{
    Passed,
    /// <summary>At least one error-severity finding that is not ignored.</summary>
    Failed,
    /// <summary>Warning-severity findings only.</summary>
    Warned,
    /// <summary>The check's ID is in the ignore list; its findings are kept but do not count.</summary>
    Ignored,
    /// <summary>The check could not run (a prerequisite failed) or does not apply; see the reason.</summary>
    NotRun,
}

/// <summary>One problem a check found in one file.</summary>
public sealed record Finding(string File, CheckInfo Check, string Message, bool Ignored = false)
{
    public Severity Severity => Check.Severity;
    public override string ToString() => $"{File}: {Check.Id} {Message}";
}

/// <summary>A check's result for a file ("dist/" for the folder, "pyproject.toml" for settings).</summary>
public sealed record CheckOutcome(string File, CheckInfo Check, CheckResult Result, IReadOnlyList<Finding> Findings, string? Reason = null);

/// <summary>A file of dist/ as inspected: its kind (wheel, sdist, other), size, entry count, and the safety check that refused it, if any.</summary>
public sealed record InspectedFile(string File, string Kind, long Size, int Entries, string? RefusedBy);

public sealed record InspectionReport(IReadOnlyList<InspectedFile> Files, IReadOnlyList<CheckOutcome> Outcomes, string? ReleaseTag)
{
    public IEnumerable<Finding> Findings => Outcomes.SelectMany(o => o.Findings);
    public int Errors => Findings.Count(f => !f.Ignored && f.Severity == Severity.Error);
    public int Warnings => Findings.Count(f => !f.Ignored && f.Severity == Severity.Warning);
    public int IgnoredFindings => Findings.Count(f => f.Ignored);
    public bool Passed => Errors == 0;

    /// <summary>The outcome of <paramref name="check"/> for <paramref name="file"/>, or null when it was not part of the run.</summary>
    public CheckOutcome? Outcome(string file, CheckInfo check) => Outcomes.FirstOrDefault(o => o.File == file && o.Check == check);

    /// <summary>IDs of the checks that found something (ignored or not) in any file.</summary>
    public IReadOnlySet<string> TrippedIds => Findings.Select(f => f.Check.Id).ToHashSet(StringComparer.Ordinal);
}

/// <summary>Where the checks for one file put their findings.</summary>
public sealed class FindingSink
{
    private readonly List<CheckInfo> applicable = [];
    private readonly Dictionary<CheckInfo, List<string>> messages = [];
    private readonly Dictionary<CheckInfo, string> skipped = [];

    internal FindingSink(string file, IEnumerable<CheckInfo> checks)
    {
        File = file;
        applicable.AddRange(checks);
    }

    public string File { get; }

    public void Add(CheckInfo check, string message)
    {
        if (!applicable.Contains(check))
            applicable.Add(check);
        if (!messages.TryGetValue(check, out var list))
            messages[check] = list = [];
        list.Add(message);
    }

    /// <summary>Marks <paramref name="check"/> as not run (unless it already found something).</summary>
    public void Skip(CheckInfo check, string reason)
    {
        if (!applicable.Contains(check))
            applicable.Add(check);
        skipped.TryAdd(check, reason);
    }

    public void Skip(IEnumerable<CheckInfo> checks, string reason)
    {
        foreach (var check in checks)
            Skip(check, reason);
    }

    public bool Found(CheckInfo check) => messages.ContainsKey(check);

    internal IEnumerable<CheckOutcome> Outcomes(IReadOnlySet<string> ignored)
    {
        foreach (var check in applicable.OrderBy(c => Order(c)))
        {
            var isIgnored = check.CanBeIgnored && ignored.Contains(check.Id);
            var findings = messages.TryGetValue(check, out var list)
                ? list.Select(m => new Finding(File, check, m, isIgnored)).ToList()
                : [];
            if (findings.Count == 0 && skipped.TryGetValue(check, out var reason))
                yield return new CheckOutcome(File, check, CheckResult.NotRun, findings, reason);
            else if (isIgnored)
                yield return new CheckOutcome(File, check, CheckResult.Ignored, findings);
            else if (findings.Count == 0)
                yield return new CheckOutcome(File, check, CheckResult.Passed, findings);
            else
                yield return new CheckOutcome(File, check, check.Severity == Severity.Error ? CheckResult.Failed : CheckResult.Warned, findings);
        }
    }

    private static int Order(CheckInfo check)
    {
        var index = 0;
        foreach (var known in Checks.All)
        {
            if (known == check)
                return index;
            index++;
        }

        return index;
    }
}
