namespace Wheelhouse.Python.Verification;

/// <summary>
/// How long to wait before retrying an install whose version the index does not show yet: exponential
/// (Initial, Initial*Factor, ...) with random jitter of ±Jitter of each step, never more than Max.
/// </summary>
public sealed record Backoff(TimeSpan Initial, double Factor, TimeSpan Max, double Jitter)
{
    /// <summary>5 s, 10 s, 20 s, 40 s, then 60 s, each ±20 %.</summary>
    public static Backoff Default { get; } = new(TimeSpan.FromSeconds(5), 2, TimeSpan.FromSeconds(60), 0.2);

    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1-based); <paramref name="unitRandom"/> is in [0, 1).</summary>
    public TimeSpan Delay(int attempt, double unitRandom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var step = Math.Min(Initial.TotalSeconds * Math.Pow(Factor, attempt - 1), Max.TotalSeconds);
        var jittered = step * (1 - Jitter + 2 * Jitter * Math.Clamp(unitRandom, 0, 1));
        return TimeSpan.FromSeconds(Math.Clamp(jittered, 0, Max.TotalSeconds));
    }
}

/// <summary>Elapsed time and waiting, so the retry loop can be tested without sleeping.</summary>
public interface IRetryClock
{
    TimeSpan Elapsed { get; }
    Task Delay(TimeSpan delay, CancellationToken cancellationToken);
}

public sealed class SystemRetryClock : IRetryClock
{
    private readonly System.Diagnostics.Stopwatch stopwatch = System.Diagnostics.Stopwatch.StartNew();
    public TimeSpan Elapsed => stopwatch.Elapsed;
    public Task Delay(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);
}

/// <summary>What the retry loop ended with: the last pip outcome, how many attempts, how long it took.</summary>
public sealed record RetryResult(PipOutcome Last, int Attempts, TimeSpan Elapsed, bool TimedOut);

public static class RetryLoop
{
    /// <summary>
    /// Runs <paramref name="attempt"/> until its outcome is anything but <see cref="PipOutcomeKind.NotVisible"/>, or until
    /// <paramref name="limit"/> has passed. The last wait is shortened so that one final attempt happens at the limit;
    /// a zero limit means a single attempt.
    /// </summary>
    public static async Task<RetryResult> RunAsync(
        Func<int, CancellationToken, Task<PipOutcome>> attempt, Backoff backoff, TimeSpan limit, IRetryClock clock, Func<double> random,
        Action<int, TimeSpan, PipOutcome>? onRetry = null, CancellationToken cancellationToken = default)
    {
        var start = clock.Elapsed;
        var final = false;
        for (var number = 1; ; number++)
        {
            var outcome = await attempt(number, cancellationToken);
            var elapsed = clock.Elapsed - start;
            if (outcome.Kind != PipOutcomeKind.NotVisible)
                return new RetryResult(outcome, number, elapsed, TimedOut: false);
            var remaining = limit - elapsed;
            if (final || remaining <= TimeSpan.Zero)
                return new RetryResult(outcome, number, elapsed, TimedOut: true);
            var delay = backoff.Delay(number, random());
            if (delay >= remaining)
            {
                delay = remaining; // the attempt after this wait is the last one
                final = true;
            }

            onRetry?.Invoke(number, delay, outcome);
            await clock.Delay(delay, cancellationToken);
        }
    }
}
