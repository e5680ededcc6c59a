namespace Wheelhouse.Python.Inspection;

/// <summary>How a line of <see cref="ReportFindings"/> is logged: errors and warnings as such (annotations on CI), ignored findings only to the log file.</summary>
public enum FindingLineKind
{
    Error,
    Warning,
    Ignored,
    Information,
}

public sealed record FindingLine(FindingLineKind Kind, string Text);

/// <summary>
/// InspectWheel's output without the table, as check-wheel-contents and twine check print theirs: for each
/// distribution its findings (file, check ID, message with its advice), then one line of counts; then the
/// findings of dist/ and the settings, and the summary. Passed checks are counted, not listed.
/// </summary>
public static class ReportFindings
{
    /// <summary>Findings of one check and file printed; the rest are in the JSON report.</summary>
    public const int MaxPerCheck = 10;

    public static IEnumerable<FindingLine> Lines(InspectionReport report, bool summary = true)
    {
        var distributions = report.Files.Where(f => f.Kind != "other").Select(f => f.File).ToHashSet(StringComparer.Ordinal);
        var groups = report.Outcomes.GroupBy(o => o.File).ToList();
        // The distributions first, each closed by its count line; then dist/ and pyproject.toml, which have findings only.
        foreach (var group in groups.Where(g => distributions.Contains(g.Key)).Concat(groups.Where(g => !distributions.Contains(g.Key))))
        {
            foreach (var outcome in group.Where(o => o.Findings.Count > 0))
            {
                foreach (var finding in outcome.Findings.Take(MaxPerCheck))
                {
                    var kind = finding.Ignored ? FindingLineKind.Ignored : finding.Severity == Severity.Error ? FindingLineKind.Error : FindingLineKind.Warning;
                    yield return new FindingLine(kind, finding.Ignored ? $"{finding.File}: {finding.Check.Id} (ignored) {finding.Message}" : finding.ToString());
                }

                if (outcome.Findings.Count > MaxPerCheck)
                    yield return new FindingLine(FindingLineKind.Information, $"{outcome.File}: {outcome.Check.Id} found {outcome.Findings.Count - MaxPerCheck} more; all are in the JSON report");
            }

            if (distributions.Contains(group.Key))
                yield return new FindingLine(FindingLineKind.Information, FileLine(group.Key, group.ToList()));
        }

        if (summary)
            yield return new FindingLine(FindingLineKind.Information, ReportTable.Summary(report));
    }

    /// <summary>"x-1.0-py3-none-any.whl: 43 checks passed, 1 error, 1 warning": checks that passed, then the findings that count and those ignored (as the summary counts them).</summary>
    public static string FileLine(string file, IReadOnlyList<CheckOutcome> outcomes)
    {
        var passed = outcomes.Count(o => o.Result == CheckResult.Passed);
        var findings = outcomes.SelectMany(o => o.Findings).ToList();
        var errors = findings.Count(f => !f.Ignored && f.Severity == Severity.Error);
        var warnings = findings.Count(f => !f.Ignored && f.Severity == Severity.Warning);
        var ignored = findings.Count(f => f.Ignored);
        var parts = new List<string> { $"{passed} check{(passed == 1 ? "" : "s")} passed" };
        if (errors > 0)
            parts.Add($"{errors} error{(errors == 1 ? "" : "s")}");
        if (warnings > 0)
            parts.Add($"{warnings} warning{(warnings == 1 ? "" : "s")}");
        if (ignored > 0)
            parts.Add($"{ignored} ignored");
        return $"{file}: {string.Join(", ", parts)}";
    }
}
