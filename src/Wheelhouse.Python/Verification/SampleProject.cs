using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wheelhouse.Python.Verification;

/// <summary>
/// The small eval test project the installed plugin is tried on, as a user would write it from the README: one test
/// file with no conftest.py, two tests that use the <c>evalcheck</c> fixture and the <c>eval</c> marker, and a baseline
/// in the plugin's JSON format under the default path. One test records a score above its baseline (must pass), the
/// other a score below it (must fail with the plugin's regression message). The pytest.ini makes the scratch folder
/// pytest's rootdir, so no configuration from folders above it (such as the repository's pyproject.toml, which puts
/// src/ on sys.path) takes part.
/// </summary>
public static class SampleProject
{
    public const string TestFile = "test_evalcheck_sample.py";
    public const string ImprovingTest = "test_improving_score";
    public const string RegressingTest = "test_regressing_score";
    public const string Metric = "accuracy";
    public const double BaselineScore = 0.90;
    public const double ImprovedScore = 0.95;
    public const double RegressedScore = 0.80;
    public const string BaselinePath = ".evalcheck/baseline.json";
    public const string UpdateOption = "--evalcheck-update-baseline";
    public const string Marker = "eval";

    public static string NodeId(string test) => $"{TestFile}::{test}";

    /// <summary>The start of the failure the plugin reports for the regressing test (PYPI_README.md documents it).</summary>
    public static string ExpectedFailureText =>
        $"evalcheck: {Metric} regressed: baseline {Score(BaselineScore)}, score {Score(RegressedScore)}";

    public static IReadOnlyDictionary<string, string> Files => new Dictionary<string, string>
    {
        ["pytest.ini"] =
            "# Written by VerifyInstall. This file makes the folder pytest's rootdir, so no configuration\n" +
            "# from the folders above applies. evalcheck's options keep their defaults.\n" +
            "[pytest]\n",
        [TestFile] =
            "\"\"\"Eval tests as a user of evalcheck writes them (written by VerifyInstall).\"\"\"\n" +
            "import pytest\n" +
            "\n" +
            "\n" +
            $"@pytest.mark.{Marker}\n" +
            $"def {ImprovingTest}(evalcheck):\n" +
            $"    evalcheck.record(\"{Metric}\", {Score(ImprovedScore)})\n" +
            "\n" +
            "\n" +
            $"@pytest.mark.{Marker}\n" +
            $"def {RegressingTest}(evalcheck):\n" +
            $"    evalcheck.record(\"{Metric}\", {Score(RegressedScore)})\n",
        [BaselinePath] = BaselineJson(new Dictionary<string, double>
        {
            [NodeId(ImprovingTest)] = BaselineScore,
            [NodeId(RegressingTest)] = BaselineScore,
        }),
    };

    /// <summary>The baseline document: <c>{"version": 1, "scores": {node id: {metric: score}}}</c>.</summary>
    public static string BaselineJson(IReadOnlyDictionary<string, double> scoreByNodeId)
    {
        var scores = new JsonObject();
        foreach (var (nodeId, score) in scoreByNodeId)
            scores[nodeId] = new JsonObject { [Metric] = score };
        var document = new JsonObject { ["version"] = 1, ["scores"] = scores };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>
    /// Reads the metric's score per node id from a baseline file's text; null when it is not a baseline document.
    /// Used to check what <c>--evalcheck-update-baseline</c> wrote.
    /// </summary>
    public static IReadOnlyDictionary<string, double>? ReadBaseline(string json)
    {
        try
        {
            if (JsonNode.Parse(json) is not JsonObject { } document || document["scores"] is not JsonObject scores)
                return null;
            var result = new Dictionary<string, double>();
            foreach (var (nodeId, metrics) in scores)
            {
                if (metrics is JsonObject m && m[Metric] is JsonValue value && value.TryGetValue<double>(out var score))
                    result[nodeId] = score;
            }

            return result;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Three decimals, as the plugin formats scores.</summary>
    public static string Score(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}
