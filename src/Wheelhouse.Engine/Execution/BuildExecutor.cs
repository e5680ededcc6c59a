using System.Diagnostics;
using Serilog;
using Wheelhouse.Engine.Hosts;
using Wheelhouse.Engine.Planning;

namespace Wheelhouse.Engine.Execution;

/// <summary>
/// Runs a plan in order. A failure stops the targets after it unless the failed target proceeds after
/// failure; assured targets run anyway, also after cancellation (Ctrl-C). Targets whose dependency did not
/// succeed are not run.
/// </summary>
public sealed class BuildExecutor(ILogger log, BuildHost host)
{
    public async Task<BuildResult> RunAsync(ExecutionPlan plan, CancellationToken cancellationToken)
    {
        var results = new Dictionary<ExecutableTarget, TargetResult>();
        var stopped = false;

        foreach (var step in plan.Steps)
        {
            var target = step.Target;
            var cancelled = cancellationToken.IsCancellationRequested;
            results[target] = step.SkipReason is { } reason
                ? new TargetResult(target.Name, TargetStatus.Skipped, TimeSpan.Zero, reason)
                : (stopped || cancelled) && !target.AssuredAfterFailure
                    ? new TargetResult(target.Name, TargetStatus.NotRun, TimeSpan.Zero, cancelled ? "build cancelled" : "an earlier target failed")
                    : await RunTargetAsync(target, results, cancellationToken);
            if (results[target].Status == TargetStatus.Failed && !target.ProceedAfterFailure)
                stopped = true;
        }

        return new BuildResult(plan.Steps.Select(s => results[s.Target]).ToList(), cancellationToken.IsCancellationRequested);
    }

    private async Task<TargetResult> RunTargetAsync(ExecutableTarget target, Dictionary<ExecutableTarget, TargetResult> results, CancellationToken cancellationToken)
    {
        var missing = target.ExecutionDependencies.FirstOrDefault(d => results.TryGetValue(d, out var r) && r.Status is TargetStatus.Failed or TargetStatus.NotRun);
        if (missing != null && !target.AssuredAfterFailure)
            return new TargetResult(target.Name, TargetStatus.NotRun, TimeSpan.Zero, $"dependency {missing.Name} {Describe(results[missing].Status)}");

        var falseCondition = target.DynamicConditions.FirstOrDefault(c => !c.Evaluate());
        if (falseCondition != null)
        {
            log.Information("Skipping {Target}: condition false: {Condition}", target.Name, falseCondition.Reason);
            return new TargetResult(target.Name, TargetStatus.Skipped, TimeSpan.Zero, $"condition false: {falseCondition.Reason}");
        }

        // Assured targets clean up after a cancellation, so they get a token that is not cancelled.
        var token = target.AssuredAfterFailure ? CancellationToken.None : cancellationToken;
        var watch = Stopwatch.StartNew();
        host.BeginTarget(target.Name);
        log.Information("── {Target} ──", target.Name);
        try
        {
            foreach (var action in target.Actions)
                await action(token);
            return new TargetResult(target.Name, TargetStatus.Succeeded, watch.Elapsed, null);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            log.Error("{Target} was cancelled.", target.Name);
            return new TargetResult(target.Name, TargetStatus.Failed, watch.Elapsed, "cancelled");
        }
        catch (Exception e)
        {
            var message = ErrorText.Of(e);
            log.Error(e, "Target {Target} failed: {Message}", target.Name, message);
            return new TargetResult(target.Name, TargetStatus.Failed, watch.Elapsed, FirstLine(message));
        }
        finally
        {
            host.EndTarget(target.Name);
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].TrimEnd();

    private static string Describe(TargetStatus status) => status == TargetStatus.Failed ? "failed" : "did not run";
}
