namespace Wheelhouse.Engine.Http;

/// <summary>
/// The one backoff of every retry and poll: exponential (Initial, Initial×Factor, ...) up to Max, each wait drawn
/// at random within ±Jitter of its step (so clients that failed together do not retry together), never more than Max.
/// Jitter 1 is "full jitter": a draw between zero and twice the step.
/// </summary>
public sealed record Backoff(TimeSpan Initial, double Factor, TimeSpan Max, double Jitter)
{
    /// <summary>5 s, 10 s, 20 s, 40 s, then 60 s, each ±20 %.</summary>
    public static Backoff Default { get; } = new(TimeSpan.FromSeconds(5), 2, TimeSpan.FromSeconds(60), 0.2);

    /// <summary>No waiting at all (tests, and retries that need no pause).</summary>
    public static Backoff None { get; } = new(TimeSpan.Zero, 1, TimeSpan.Zero, 0);

    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1-based); <paramref name="unitRandom"/> is in [0, 1).</summary>
    public TimeSpan Delay(int attempt, double unitRandom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponent = Math.Min(attempt - 1, 60);
        var step = Math.Min(Initial.TotalSeconds * Math.Pow(Factor, exponent), Max.TotalSeconds);
        var jittered = step * (1 - Jitter + 2 * Jitter * Math.Clamp(unitRandom, 0, 1));
        return TimeSpan.FromSeconds(Math.Clamp(jittered, 0, Max.TotalSeconds));
    }
}
