namespace Wheelhouse.PyPI.Tests.TrustedPublishing;

/// <summary>
/// The real clock plus an offset a test moves forward: timers and delays stay real (nothing waits for the minutes
/// skipped), while everything that reads the time (token expiry at the index, the renewal rule) sees them pass.
/// </summary>
internal sealed class MovableClock : TimeProvider
{
    private long offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}
