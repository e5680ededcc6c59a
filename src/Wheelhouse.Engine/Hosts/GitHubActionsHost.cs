using System.Text;
using Serilog.Events;
using Wheelhouse.Engine.Execution;

namespace Wheelhouse.Engine.Hosts;

/// <summary>
/// GitHub Actions: workflow commands (<c>::group::</c>, <c>::error::</c>, <c>::add-mask::</c>) on standard output,
/// and the summary table in the file named by GITHUB_STEP_SUMMARY.
/// </summary>
public sealed class GitHubActionsHost(IReadOnlyDictionary<string, string> environment) : BuildHost
{
    public override string Name => "github-actions";
    public override bool IsServerBuild => true;

    public override string? Ref => environment.GetValueOrDefault("GITHUB_REF");

    public override void Mask(string secret)
    {
        foreach (var line in secret.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            Console.Out.WriteLine($"::add-mask::{line}");
        Console.Out.Flush();
    }

    public override void BeginTarget(string name) => Console.Out.WriteLine($"::group::{name}");
    public override void EndTarget(string name) => Console.Out.WriteLine("::endgroup::");

    public override string? AnnotationPrefix(LogEventLevel level) => level switch
    {
        LogEventLevel.Error or LogEventLevel.Fatal => "::error::",
        LogEventLevel.Warning => "::warning::",
        _ => null,
    };

    public override void WriteSummary(BuildResult result)
    {
        var path = environment.GetValueOrDefault("GITHUB_STEP_SUMMARY");
        if (string.IsNullOrEmpty(path))
            return;
        File.AppendAllText(path, SummaryMarkdown(result), new UTF8Encoding(false));
    }

    public static string SummaryMarkdown(BuildResult result)
    {
        var text = new StringBuilder();
        text.AppendLine($"### Build {(result.Succeeded ? "succeeded" : "failed")}");
        text.AppendLine();
        text.AppendLine("| Target | Status | Duration | Note |");
        text.AppendLine("|---|---|---:|---|");
        foreach (var target in result.Targets)
            text.AppendLine($"| {target.Name} | {target.Status} | {DurationText.Format(target.Duration)} | {target.Reason?.Replace("|", "\\|")} |");
        text.AppendLine($"| **Total** | | {DurationText.Format(result.Duration)} | |");
        text.AppendLine();
        return text.ToString();
    }
}
