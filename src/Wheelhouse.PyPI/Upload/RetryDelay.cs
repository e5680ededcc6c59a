namespace Wheelhouse.PyPI.Upload;

/// <summary>
/// The wait before a retry: exponential backoff with full jitter (a uniform draw between zero and
/// min(max, initial × 2^(n-1)) after failed attempt n), so clients that failed together do not retry together;
/// a server's Retry-After replaces it.
/// </summary>
internal static class RetryDelay
{
    public static TimeSpan Ceiling(int failedAttempt, TimeSpan initial, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempt, 1);
        var exponent = Math.Min(failedAttempt - 1, 30);
        var ceiling = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(Math.Max(0, ceiling));
    }

    /// <param name="unitRandom">A draw in [0, 1).</param>
    public static TimeSpan Backoff(int failedAttempt, TimeSpan initial, TimeSpan max, double unitRandom) =>
        TimeSpan.FromMilliseconds(Ceiling(failedAttempt, initial, max).TotalMilliseconds * Math.Clamp(unitRandom, 0, 1));

    /// <summary>What to wait: the server's Retry-After when it sent one, else the jittered backoff.</summary>
    public static TimeSpan Next(int failedAttempt, TimeSpan? retryAfter, UploadOptions options, double unitRandom) =>
        retryAfter ?? Backoff(failedAttempt, options.InitialBackoff, options.MaxBackoff, unitRandom);
}
