using System.Globalization;
using System.Xml.Linq;

namespace Wheelhouse.Engine.Tooling;

/// <summary>Counts of a test run, read from the reports test runners write (TRX for dotnet test, JUnit XML for pytest).</summary>
public sealed record TestTotals(int Passed, int Failed, int Skipped)
{
    public static TestTotals None { get; } = new(0, 0, 0);

    public static TestTotals operator +(TestTotals a, TestTotals b) => new(a.Passed + b.Passed, a.Failed + b.Failed, a.Skipped + b.Skipped);

    /// <summary>The closing line CI reads: "12 passed, 0 failed, 1 skipped".</summary>
    public override string ToString() => $"{Passed} passed, {Failed} failed, {Skipped} skipped";

    /// <summary>A TRX file's ResultSummary counters; tests that were not executed count as skipped.</summary>
    public static TestTotals FromTrx(string path)
    {
        var counters = Load(path).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters")
            ?? throw new BuildException($"{path} has no <Counters> element; it is not a complete TRX report. Look at the dotnet test output above.");
        var failed = Count(counters, "failed") + Count(counters, "error") + Count(counters, "timeout") + Count(counters, "aborted");
        return new TestTotals(Count(counters, "passed"), failed, Count(counters, "notExecuted"));
    }

    /// <summary>A JUnit XML file (pytest --junitxml): tests minus failures, errors and skipped is passed.</summary>
    public static TestTotals FromJUnit(string path)
    {
        var root = Load(path);
        var suites = root.Name.LocalName == "testsuite" ? [root] : root.Elements().Where(e => e.Name.LocalName == "testsuite").ToList();
        return suites.Aggregate(None, (sum, suite) =>
        {
            var failed = Count(suite, "failures") + Count(suite, "errors");
            var skipped = Count(suite, "skipped");
            return sum + new TestTotals(Count(suite, "tests") - failed - skipped, failed, skipped);
        });
    }

    private static XElement Load(string path)
    {
        try
        {
            return XDocument.Load(path).Root ?? throw new BuildException($"{path} is empty.");
        }
        catch (System.Xml.XmlException e)
        {
            throw new BuildException($"{path} is not valid XML ({e.Message}); the test runner may have been stopped while writing it.");
        }
    }

    private static int Count(XElement element, string attribute) =>
        int.TryParse(element.Attribute(attribute)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
