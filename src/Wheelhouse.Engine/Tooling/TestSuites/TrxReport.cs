using System.Xml.Linq;
using static Wheelhouse.Engine.Tooling.TestSuites.ReportXml;

namespace Wheelhouse.Engine.Tooling.TestSuites;

/// <summary>Reads a TRX report (<c>dotnet test --logger trx</c>).</summary>
public static class TrxReport
{
    // vstest's own words when the test host died (microsoft/vstest, Resources.AbortedTestRun); the TRX keeps them as
    // an error RunInfo, while its counters may show only the tests that passed before the crash (vstest#2506).
    private const string AbortedRun = "The active test run was aborted";

    /// <summary>
    /// Counts come from the results the report lists, one element per test: NotExecuted is a skip (its message is
    /// the reason), anything but Passed is a failure. The declared total and executed counts come from the counters.
    /// </summary>
    public static TestReport Parse(string text)
    {
        var run = Load(text);
        if (run.Name.LocalName != "TestRun")
            throw new TestReportException($"its root element is <{run.Name.LocalName}>, not a TRX <TestRun>");
        var summary = Child(run, "ResultSummary")
            ?? throw new TestReportException("it has no <ResultSummary>: the runner stopped before finishing it");
        var outcome = summary.Attribute("outcome")?.Value
            ?? throw new TestReportException("its <ResultSummary> has no outcome");
        var counters = Child(summary, "Counters")
            ?? throw new TestReportException("its <ResultSummary> has no <Counters>");

        int passed = 0, failed = 0;
        var skipped = new List<SkippedTest>();
        foreach (var result in Child(run, "Results")?.Elements() ?? [])
        {
            switch (result.Attribute("outcome")?.Value)
            {
                case "Passed":
                    passed++;
                    break;
                case "NotExecuted":
                    skipped.Add(new SkippedTest(result.Attribute("testName")?.Value ?? "", SkipReason(result)));
                    break;
                default:
                    failed++;
                    break;
            }
        }

        return new TestReport(Count(counters, "total"), Count(counters, "executed"), passed, failed, skipped, outcome, AbortReason(summary));
    }

    private static string SkipReason(XElement result) =>
        result.Descendants().FirstOrDefault(e => e.Name.LocalName == "Message" && e.Parent?.Name.LocalName == "ErrorInfo")?.Value.Trim() ?? "";

    /// <summary>The abort message up to its stack trace, on one line (a FailFast message follows "Process terminated.").</summary>
    private static string? AbortReason(XElement summary)
    {
        var text = Child(summary, "RunInfos") is { } infos
            ? Children(infos, "RunInfo")
                .Where(i => i.Attribute("outcome")?.Value == "Error")
                .Select(i => Child(i, "Text")?.Value ?? "")
                .FirstOrDefault(t => t.StartsWith(AbortedRun, StringComparison.OrdinalIgnoreCase))
            : null;
        if (text is null)
            return null;
        var lines = text.Split('\n').Select(l => l.Trim()).TakeWhile(l => !l.StartsWith("at ", StringComparison.Ordinal)).Where(l => l.Length > 0);
        var reason = string.Join(" ", lines);
        return reason.Length <= 300 ? reason : reason[..300] + "…";
    }
}
