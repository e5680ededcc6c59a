namespace Wheelhouse.Engine.Tests.Http;

/// <summary>
/// A clock that only moves when something waits on it (or when a test moves it): each timer fires at once, on the
/// thread pool, after the clock has moved by its due time. Waits are recorded.
/// </summary>
internal sealed class SteppingClock : TimeProvider
{
    private long elapsedTicks;
    private readonly List<TimeSpan> waits = [];

    public TimeSpan Elapsed
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref elapsedTicks));
        set => Interlocked.Exchange(ref elapsedTicks, value.Ticks);
    }

    public IReadOnlyList<TimeSpan> Waits
    {
        get { lock (waits) return waits.ToList(); }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref elapsedTicks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
            return new Stopped();
        lock (waits)
            waits.Add(dueTime);
        Interlocked.Add(ref elapsedTicks, dueTime.Ticks);
        ThreadPool.QueueUserWorkItem(_ => callback(state));
        return new Stopped();
    }

    private sealed class Stopped : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;
        public void Dispose() { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
