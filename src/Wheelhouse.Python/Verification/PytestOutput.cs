using System.Text.RegularExpressions;

namespace Wheelhouse.Python.Verification;

/// <summary>A test pytest's short summary reports as not passed: <c>FAILED tests/x.py::test_a - AssertionError: ...</c>.</summary>
public sealed record UnpassedTest(string Outcome, string NodeId, string? Message);

/// <summary>Reading what pytest printed, without depending on colours, widths or pytest's exact version.</summary>
public static partial class PytestOutput
{
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
