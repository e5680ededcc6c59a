using System.Xml.Linq;
using static Wheelhouse.Engine.Tooling.TestSuites.ReportXml;

namespace Wheelhouse.Engine.Tooling.TestSuites;

/// <summary>Reads a JUnit XML report (<c>pytest --junitxml</c>): &lt;testsuites&gt; or a single &lt;testsuite&gt;.</summary>
public static class JUnitReport
{
    /// <summary>
    /// The declared total is the sum of the suites' <c>tests</c> counts; results are the &lt;testcase&gt; elements:
    /// one with a &lt;failure&gt; or &lt;error&gt; failed, one with &lt;skipped&gt; was skipped (its message is the reason).
    /// </summary>
    public static TestReport Parse(string text)
    {
        var root = Load(text);
        var suites = root.Name.LocalName switch
        {
            "testsuite" => [root],
            "testsuites" => Children(root, "testsuite").ToList(),
            var other => throw new TestReportException($"its root element is <{other}>, not JUnit's <testsuites> or <testsuite>"),
        };

        int total = 0, passed = 0, failed = 0;
        var skipped = new List<SkippedTest>();
        foreach (var suite in suites)
        {
            total += Count(suite, "tests");
            foreach (var testCase in Children(suite, "testcase"))
            {
                if (Child(testCase, "failure") is not null || Child(testCase, "error") is not null)
                    failed++;
                else if (Child(testCase, "skipped") is { } skip)
                    skipped.Add(new SkippedTest(Name(testCase), (skip.Attribute("message")?.Value ?? skip.Value).Trim()));
                else
                    passed++;
            }
        }

        return new TestReport(total, passed + failed, passed, failed, skipped, Outcome: null, AbortReason: null);
    }

    private static string Name(XElement testCase)
    {
        var className = testCase.Attribute("classname")?.Value ?? "";
        var name = testCase.Attribute("name")?.Value ?? "";
        return className.Length > 0 ? $"{className}.{name}" : name;
    }
}
