using Wheelhouse.Engine.Logging;

namespace Wheelhouse.Engine.Execution;

/// <summary>
/// Independent pieces of work inside a target, up to a given number at once (the build's --parallel), started in the
/// order given. Each piece's log lines are held and printed whole in that order, so the log reads as a run one after
/// another (the first unfinished piece prints as it goes); results come back in that order too.
/// </summary>
public static class ParallelWork
{
    /// <summary>
    /// Runs <paramref name="work"/> for every item. When pieces throw, the others still run to the end (their output is
    /// printed), then the exception of the first item that threw is rethrown, as a run one after another would have met it.
    /// </summary>
    public static async Task<IReadOnlyList<TResult>> RunAsync<TItem, TResult>(IReadOnlyList<TItem> items, int parallelism,
        Func<TItem, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var output = new OutputSequence(items.Count);
        var tasks = new Task<TResult>[items.Count];
        var running = new Dictionary<Task, int>();
        var next = 0;
        while (next < items.Count || running.Count > 0)
        {
            for (; next < items.Count && running.Count < parallelism; next++)
            {
                var index = next;
                tasks[index] = Task.Run(async () =>
                {
                    output[index].Enter();
                    return await work(items[index], cancellationToken);
                }, CancellationToken.None);
                running[tasks[index]] = index;
            }

            // Passed on from here, the caller's flow, so held lines reach the caller's output (a target's) and not a piece's.
            var done = await Task.WhenAny(running.Keys);
            output.Finished(running[done]);
            running.Remove(done);
        }

        var results = new List<TResult>(items.Count);
        foreach (var task in tasks)
            results.Add(await task);
        return results;
    }
}
