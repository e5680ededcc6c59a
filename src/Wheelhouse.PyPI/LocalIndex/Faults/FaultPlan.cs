namespace Wheelhouse.PyPI.LocalIndex.Faults;

/// <summary>
/// Faults the local index injects for tests, each used up by the next matching request(s), in the order they
/// were planned. A fault matches a request whose path starts with its prefix (by default the upload API,
/// <c>/legacy/</c>). Thread-safe.
/// </summary>
public sealed class FaultPlan
{
    public const string UploadPath = "/legacy/";

    private readonly object gate = new();
    private readonly List<PlannedFault> faults = [];

    /// <summary>
    /// Answer the next <paramref name="count"/> matching requests with <paramref name="statusCode"/> (500, 503, 429…),
    /// after reading and discarding their body; with <paramref name="retryAfter"/>, a <c>Retry-After</c> header in whole seconds.
    /// Nothing is stored.
    /// </summary>
    public void FailNext(int count, int statusCode, TimeSpan? retryAfter = null, string pathPrefix = UploadPath)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        Add(new PlannedFault(FaultKind.Fail, pathPrefix, count, statusCode, retryAfter, TimeSpan.Zero));
    }

    /// <summary>Read part of the next matching request's body, then abort the connection (the client sees a reset). Nothing is stored.</summary>
    public void ResetConnectionMidBody(string pathPrefix = UploadPath) =>
        Add(new PlannedFault(FaultKind.ResetMidBody, pathPrefix, 1, 0, null, TimeSpan.Zero));

    /// <summary>
    /// Handle the next matching request as usual (an upload is stored) but hold the answer back for <paramref name="delay"/>:
    /// a client with a shorter timeout gives up although its upload landed.
    /// </summary>
    public void DelayNext(TimeSpan delay, string pathPrefix = UploadPath)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Add(new PlannedFault(FaultKind.Delay, pathPrefix, 1, 0, null, delay));
    }

    /// <summary>The next upload request is handled as usual (a valid file is stored), then answered with <paramref name="statusCode"/>.</summary>
    public void AcceptThenFail(int statusCode = 500)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        Add(new PlannedFault(FaultKind.AcceptThenFail, UploadPath, 1, statusCode, null, TimeSpan.Zero));
    }

    /// <summary>How many fault applications are still planned.</summary>
    public int Pending
    {
        get
        {
            lock (gate)
                return faults.Sum(f => f.Remaining);
        }
    }

    /// <summary>Forget every planned fault.</summary>
    public void Clear()
    {
        lock (gate)
            faults.Clear();
    }

    private void Add(PlannedFault fault)
    {
        lock (gate)
            faults.Add(fault);
    }

    /// <summary>Uses up the first planned fault of one of <paramref name="kinds"/> whose prefix matches <paramref name="path"/>.</summary>
    internal PlannedFault? Take(string path, params FaultKind[] kinds)
    {
        lock (gate)
        {
            var fault = faults.FirstOrDefault(f => kinds.Contains(f.Kind) && path.StartsWith(f.PathPrefix, StringComparison.Ordinal));
            if (fault == null)
                return null;
            fault.Remaining--;
            if (fault.Remaining == 0)
                faults.Remove(fault);
            return fault;
        }
    }
}

internal enum FaultKind
{
    Fail,
    ResetMidBody,
    Delay,
    AcceptThenFail,
}

internal sealed class PlannedFault(FaultKind kind, string pathPrefix, int count, int statusCode, TimeSpan? retryAfter, TimeSpan delay)
{
    public FaultKind Kind { get; } = kind;
    public string PathPrefix { get; } = pathPrefix;
    public int Remaining { get; set; } = count;
    public int StatusCode { get; } = statusCode;
    public TimeSpan? RetryAfter { get; } = retryAfter;
    public TimeSpan Delay { get; } = delay;

    public string Describe() => Kind switch
    {
        FaultKind.Fail => RetryAfter is { } after ? $"fail {StatusCode} (Retry-After {Math.Ceiling(after.TotalSeconds)})" : $"fail {StatusCode}",
        FaultKind.ResetMidBody => "reset mid-body",
        FaultKind.Delay => $"delay {Delay.TotalMilliseconds:0} ms",
        _ => $"accept then fail {StatusCode}",
    };
}
