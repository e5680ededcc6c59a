using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Wheelhouse.Python.Verification;

/// <summary>A test pytest's short summary reports as not passed: <c>FAILED tests/x.py::test_a - AssertionError: ...</c>.</summary>
public sealed record UnpassedTest(string Outcome, string NodeId, string? Message);

/// <summary>A test case of a JUnit XML report that did not pass: pytest's classname and name, and the message of its failure or error.</summary>
public sealed record JUnitProblem(string ClassName, string Name, string Message);

/// <summary>Reading what pytest printed and wrote, without depending on colours, widths or pytest's exact version.</summary>
public static partial class PytestOutput
{
    /// <summary>
    /// The test cases of a <c>--junitxml</c> report that failed or errored, with the message pytest gave (not cut to the
    /// terminal's width, as the short summary is); null when the text is not a JUnit report.
    /// </summary>
    public static IReadOnlyList<JUnitProblem>? JUnitProblems(string xml)
    {
        XElement root;
        try
        {
            root = XDocument.Parse(xml).Root!;
        }
        catch (XmlException)
        {
            return null;
        }

        if (root.Name.LocalName is not ("testsuites" or "testsuite"))
            return null;
        return root.DescendantsAndSelf().Where(e => e.Name.LocalName == "testcase")
            .Select(c => (Case: c, Problem: c.Elements().FirstOrDefault(e => e.Name.LocalName is "failure" or "error")))
            .Where(c => c.Problem != null)
            .Select(c => new JUnitProblem(c.Case.Attribute("classname")?.Value ?? "", c.Case.Attribute("name")?.Value ?? "",
                (c.Problem!.Attribute("message")?.Value ?? c.Problem.Value).Trim()))
            .ToList();
    }

    /// <summary>
    /// The classname and name pytest's JUnit report gives the test with this node id (<c>tests/x.py::TestA::test_b[1]</c>
    /// is <c>tests.x.TestA</c> and <c>test_b[1]</c>), as pytest's junitxml plugin derives them.
    /// </summary>
    public static (string ClassName, string Name) JUnitAddress(string nodeId)
    {
        var bracket = nodeId.IndexOf('[');
        var path = bracket < 0 ? nodeId : nodeId[..bracket];
        var parameters = bracket < 0 ? "" : nodeId[bracket..];
        var names = path.Split("::");
        names[0] = Regex.Replace(names[0].Replace('/', '.'), @"\.py$", "");
        names[^1] += parameters;
        return (string.Join('.', names[..^1]), names[^1]);
    }

    /// <summary>The FAILED and ERROR lines of pytest's "short test summary info" (printed with <c>-rfE</c>, pytest's default).</summary>
    public static IReadOnlyList<UnpassedTest> Unpassed(string output) =>
        output.Split('\n')
            .Select(l => SummaryLine().Match(l.TrimEnd('\r')))
            .Where(m => m.Success)
            .Select(m => new UnpassedTest(m.Groups["outcome"].Value, m.Groups["node"].Value, m.Groups["message"].Success ? m.Groups["message"].Value.Trim() : null))
            .ToList();

    /// <summary>What pytest's exit code means, as a clause: " (some tests failed)".</summary>
    public static string ExitCodeMeaning(int exitCode) => exitCode switch
    {
        1 => " (some tests failed)",
        2 => " (interrupted)",
        3 => " (internal error)",
        4 => " (usage error)",
        5 => " (no tests collected)",
        _ => "",
    };

    /// <summary>The last lines of a process's output, indented, for an error message.</summary>
    public static string Tail(string output, int count = 12)
    {
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).TakeLast(count).ToList();
        return lines.Count == 0 ? "" : Environment.NewLine + "Last output:" + Environment.NewLine + string.Join(Environment.NewLine, lines.Select(l => "  " + l));
    }

    [GeneratedRegex(@"^(?<outcome>FAILED|ERROR) (?<node>\S+)(?: - (?<message>.*))?$")]
    private static partial Regex SummaryLine();
}
