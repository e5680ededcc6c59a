using Polly;

namespace Wheelhouse.Engine.Http;

/// <summary>What a poll ended with: the last outcome, how many attempts, how long it took, whether time ran out.</summary>
public sealed record PollResult<T>(T Last, int Attempts, TimeSpan Elapsed, bool TimedOut);

/// <summary>
/// Asks again until an answer is final or a time limit has passed (an upload becoming visible on an index), through the
/// retry pipeline: the attempts are unbounded, the limit is the bound. The last wait is shortened so that one final
/// attempt happens at the limit; a zero limit means a single attempt. Attempts that throw end the poll.
/// </summary>
public static class Polling
{
    public static async Task<PollResult<T>> UntilAsync<T>(
        Func<int, CancellationToken, Task<T>> attempt, Func<T, bool> again, Backoff backoff, TimeSpan limit, TimeProvider time, Func<double> random,
        Action<int, TimeSpan, T>? onRetry = null, CancellationToken cancellationToken = default)
    {
        var start = time.GetTimestamp();
        var number = 0;
        var final = false;
        var remaining = TimeSpan.Zero;
        var pipeline = new ResiliencePipelineBuilder<T> { TimeProvider = time }
            .AddRetry(new Polly.Retry.RetryStrategyOptions<T>
            {
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args =>
                {
                    remaining = limit - time.GetElapsedTime(start);
                    return ValueTask.FromResult(args.Outcome.Exception is null && again(args.Outcome.Result!) && !final && remaining > TimeSpan.Zero);
                },
                DelayGenerator = args =>
                {
                    var delay = backoff.Delay(args.AttemptNumber + 1, random());
                    if (delay >= remaining)
                    {
                        delay = remaining; // the attempt after this wait is the last one
                        final = true;
                    }

                    return ValueTask.FromResult<TimeSpan?>(delay);
                },
                OnRetry = args =>
                {
                    onRetry?.Invoke(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Result!);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        var last = await pipeline.ExecuteAsync(async token => await attempt(++number, token), cancellationToken);
        return new PollResult<T>(last, number, time.GetElapsedTime(start), again(last));
    }
}
