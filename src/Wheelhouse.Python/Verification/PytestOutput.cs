using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Wheelhouse.Python.Verification;

/// <summary>A plugin pytest says it loaded from an installed distribution.</summary>
public sealed record ListedPlugin(string Distribution, string Version, string? Location);

public enum TestOutcome
{
    Passed,
    Failed,
    Error,
    Skipped,
}

/// <summary>One test case of a JUnit XML report: its outcome and, when it did not pass, pytest's message and details.</summary>
public sealed record TestCaseResult(string Name, TestOutcome Outcome, string Message);

/// <summary>Reading what pytest printed and wrote, without depending on colours, widths or pytest's exact version.</summary>
public static partial class PytestOutput
{
    /// <summary>
    /// The plugins listed by <c>pytest -VV</c> ("registered third-party plugins:" in pytest 8, "setuptools registered
    /// plugins:" in pytest 7, one "  NAME-VERSION at PATH" line each) or in a session header ("plugins: a-1.0, b-2.0").
    /// </summary>
    public static IReadOnlyList<ListedPlugin> Plugins(string output)
    {
        var plugins = new List<ListedPlugin>();
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var listed = VersionListing().Match(line);
            if (listed.Success)
            {
                plugins.Add(new ListedPlugin(listed.Groups["name"].Value, listed.Groups["version"].Value, listed.Groups["location"].Value.Trim()));
                continue;
            }

            var header = HeaderListing().Match(line);
            if (!header.Success)
                continue;
            foreach (var item in header.Groups["items"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var dash = item.LastIndexOf('-');
                if (dash > 0)
                    plugins.Add(new ListedPlugin(item[..dash], item[(dash + 1)..], null));
            }
        }

        return plugins;
    }

    /// <summary>The plugin of <paramref name="distribution"/> in the listing, compared by normalised name.</summary>
    public static ListedPlugin? FindPlugin(string output, string distribution) =>
        Plugins(output).FirstOrDefault(p => PipOutput.Normalize(p.Distribution) == PipOutput.Normalize(distribution));

    /// <summary>The description of marker <paramref name="name"/> in <c>pytest --markers</c> output, or null when it is not registered.</summary>
    public static string? Marker(string output, string name)
    {
        var prefix = $"@pytest.mark.{name}:";
        return output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..].Trim();
    }

    /// <summary>The test cases of a pytest <c>--junitxml</c> report, by test function name. Null when the text is not a JUnit report.</summary>
    public static IReadOnlyDictionary<string, TestCaseResult>? JUnit(string xml)
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
        var results = new Dictionary<string, TestCaseResult>(StringComparer.Ordinal);
        foreach (var testCase in root.DescendantsAndSelf().Where(e => e.Name.LocalName == "testcase"))
        {
            var name = testCase.Attribute("name")?.Value ?? "";
            var problem = testCase.Elements().FirstOrDefault(e => e.Name.LocalName is "failure" or "error" or "skipped");
            var outcome = problem?.Name.LocalName switch
            {
                "failure" => TestOutcome.Failed,
                "error" => TestOutcome.Error,
                "skipped" => TestOutcome.Skipped,
                _ => TestOutcome.Passed,
            };
            var message = problem is null ? "" : $"{problem.Attribute("message")?.Value}\n{problem.Value}".Trim();
            // Errors in setup and teardown are extra elements of the same test case; the first problem decides.
            results.TryAdd(name, new TestCaseResult(name, outcome, message));
        }

        return results;
    }

    [GeneratedRegex(@"^\s+(?<name>\S+)-(?<version>[^\s-]+)\s+at\s+(?<location>.+)$")]
    private static partial Regex VersionListing();

    [GeneratedRegex(@"^plugins:\s*(?<items>.+)$")]
    private static partial Regex HeaderListing();
}
