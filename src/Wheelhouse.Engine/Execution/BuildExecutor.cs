using System.Diagnostics;
using Serilog;
using Wheelhouse.Engine.Hosts;
using Wheelhouse.Engine.Logging;
using Wheelhouse.Engine.Planning;

namespace Wheelhouse.Engine.Execution;

/// <summary>
/// Runs a plan: a target starts once every target it must run after (dependencies, After/Before, triggers) has ended,
/// up to <c>parallelism</c> at once, earlier plan steps first; with 1 that is the plan's order. A failure stops new
/// targets from starting unless the failed target proceeds after failure (targets already running finish); assured
/// targets run anyway, also after cancellation (Ctrl-C). Targets whose dependency did not succeed are not run.
/// Each target's output is held and printed whole, in plan order (see <see cref="OutputSequence"/>).
/// </summary>
public sealed class BuildExecutor(ILogger log, BuildHost host, int parallelism = 1)
{
    private OutputSequence? output;

    /// <summary>Prints every target's held output now, in plan order, and from then on as it comes: the process is about to end (a second Ctrl-C).</summary>
    public void PassOnHeldOutput() => output?.PassOnAll();

    public async Task<BuildResult> RunAsync(ExecutionPlan plan, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var watch = Stopwatch.StartNew();
        var steps = plan.Steps;
        var position = steps.Select((step, index) => (step.Target, index)).ToDictionary(p => p.Target, p => p.index);
        // Every predecessor comes earlier in the plan, so one pass in plan order can settle everything that is ready.
        var waitsFor = steps.Select(step => CycleCheck.Predecessors(step.Target, position.Keys)
            .Select(p => p.Target).Where(position.ContainsKey).Select(t => position[t]).Distinct().ToArray()).ToArray();
        var results = new TargetResult?[steps.Count];
        var started = new bool[steps.Count];
        var output = this.output = new OutputSequence(steps.Count);
        var running = new Dictionary<Task<TargetResult>, int>();
        var stopped = false;

        TargetResult? Settle(int index)
        {
            var step = steps[index];
            var target = step.Target;
            if (step.SkipReason is { } reason)
                return new TargetResult(target.Name, TargetStatus.Skipped, TimeSpan.Zero, reason);
            var cancelled = cancellationToken.IsCancellationRequested;
            if ((stopped || cancelled) && !target.AssuredAfterFailure)
                return new TargetResult(target.Name, TargetStatus.NotRun, TimeSpan.Zero, cancelled ? "build cancelled" : "an earlier target failed");
            var missing = target.ExecutionDependencies.FirstOrDefault(d => results[position[d]]?.Status is TargetStatus.Failed or TargetStatus.NotRun);
            if (missing != null && !target.AssuredAfterFailure)
                return new TargetResult(target.Name, TargetStatus.NotRun, TimeSpan.Zero, $"dependency {missing.Name} {Describe(results[position[missing]]!.Status)}");
            return null;
        }

        while (true)
        {
            for (var index = 0; index < steps.Count; index++)
            {
                if (started[index] || waitsFor[index].Any(i => results[i] is null))
                    continue;
                if (Settle(index) is { } settled)
                {
                    started[index] = true;
                    results[index] = settled;
                    output.Finished(index);
                }
                else if (running.Count < parallelism)
                {
                    started[index] = true;
                    var target = steps[index].Target;
                    var held = output[index];
                    running[Task.Run(async () =>
                    {
                        held.Enter();
                        return await RunTargetAsync(target, cancellationToken);
                    }, CancellationToken.None)] = index;
                }
            }

            if (running.Count == 0)
                break;
            var done = await Task.WhenAny(running.Keys);
            var finished = running[done];
            running.Remove(done);
            results[finished] = await done;
            if (results[finished]!.Status == TargetStatus.Failed && !steps[finished].Target.ProceedAfterFailure)
                stopped = true;
            output.Finished(finished);
        }

        return new BuildResult(results.Select(r => r!).ToList(), cancellationToken.IsCancellationRequested) { Elapsed = watch.Elapsed };
    }

    /// <summary>Runs in the target's own flow, so that everything it logs or prints joins its held output.</summary>
    private async Task<TargetResult> RunTargetAsync(ExecutableTarget target, CancellationToken cancellationToken)
    {
        var falseCondition = target.DynamicConditions.FirstOrDefault(c => !c.Evaluate());
        if (falseCondition != null)
        {
            log.Information("Skipping {Target}: condition false: {Condition}", target.Name, falseCondition.Reason);
            return new TargetResult(target.Name, TargetStatus.Skipped, TimeSpan.Zero, $"condition false: {falseCondition.Reason}");
        }

        // Assured targets clean up after a cancellation, so they get a token that is not cancelled.
        var token = target.AssuredAfterFailure ? CancellationToken.None : cancellationToken;
        var watch = Stopwatch.StartNew();
        HeldOutput.Write(() => host.BeginTarget(target.Name));
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
            HeldOutput.Write(() => host.EndTarget(target.Name));
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].TrimEnd();

    private static string Describe(TargetStatus status) => status == TargetStatus.Failed ? "failed" : "did not run";
}
