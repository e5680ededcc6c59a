using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Wheelhouse.Engine.Http;

/// <summary>What a retry announces before it waits: the 1-based number of the attempt that failed, the wait, and how it failed.</summary>
public readonly record struct RetryNotice<T>(int FailedAttempt, TimeSpan Delay, Outcome<T> Outcome);

/// <summary>
/// How a caller retries, as one Polly pipeline: at most <see cref="MaxAttempts"/> tries, <see cref="Backoff"/> between
/// them unless the server named its own wait (Retry-After), and <see cref="AttemptTimeout"/> on each try (a timed-out
/// try ends in <see cref="TimeoutRejectedException"/>, which <see cref="TransientHttp"/> counts as transient).
/// What is worth retrying is the caller's predicate; <see cref="TransientHttp"/> has the usual one (5xx, 429, transport).
/// </summary>
public sealed record RetryPolicy
{
    public int MaxAttempts { get; init; } = 3;
    public Backoff Backoff { get; init; } = new(TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(30), 0.25);

    /// <summary>The limit of one try; null: none (the caller times its tries itself).</summary>
    public TimeSpan? AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Clock of waits and timeouts (tests use a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Source of the jitter, a draw in [0, 1).</summary>
    public Func<double> Random { get; init; } = System.Random.Shared.NextDouble;

    /// <summary>
    /// The pipeline. <paramref name="retry"/> decides whether an outcome is tried again (it is not asked after the last
    /// attempt); <paramref name="retryAfter"/> reads the server's own wait from an outcome (it replaces the backoff);
    /// <paramref name="onRetry"/> is told before each wait.
    /// </summary>
    public ResiliencePipeline<T> Pipeline<T>(Func<Outcome<T>, bool> retry, Func<Outcome<T>, TimeSpan?>? retryAfter = null, Action<RetryNotice<T>>? onRetry = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxAttempts, 1);
        var builder = new ResiliencePipelineBuilder<T> { TimeProvider = TimeProvider };
        if (MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<T>
            {
                MaxRetryAttempts = MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(retry(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(retryAfter?.Invoke(args.Outcome) ?? Backoff.Delay(args.AttemptNumber + 1, Random())),
                OnRetry = args =>
                {
                    onRetry?.Invoke(new RetryNotice<T>(args.AttemptNumber + 1, args.RetryDelay, args.Outcome));
                    return ValueTask.CompletedTask;
                },
            });
        }

        if (AttemptTimeout is { } timeout)
            builder.AddTimeout(new TimeoutStrategyOptions { Timeout = timeout });
        return builder.Build();
    }
}
