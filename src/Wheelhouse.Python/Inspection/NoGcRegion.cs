using System.Runtime;

namespace Wheelhouse.Python.Inspection;

/// <summary>
/// Holds off garbage collection while InspectWheel reads and checks dist/. The inspection is one short burst
/// whose allocations are either garbage (a stream and an inflater per entry) or kept to the end (entries, digests,
/// parsed RECORD); a collection in the middle finds little to free and stopped every reading thread for 15 to 25 ms
/// on a 10,000-file wheel (measured, bench/inspect). Falls back to collecting as usual when the runtime cannot
/// promise the budget, when a region is already open, or once the burst allocates more than it announced.
/// </summary>
internal sealed class NoGcRegion : IDisposable
{
    /// <summary>The most a region asks for; a larger dist/ simply collects as usual once past it.</summary>
    public const long MaxBudget = 512L << 20;

    private readonly bool started;

    private NoGcRegion(bool started) => this.started = started;

    /// <summary>True while this region holds (false when it never started or the budget ran out).</summary>
    public bool Holds => started && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion;

    /// <summary>Opens a region for about <paramref name="bytes"/> of allocation (capped at <see cref="MaxBudget"/>).</summary>
    public static NoGcRegion Enter(long bytes)
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            return new NoGcRegion(false); // someone else's region: leave it to them
        try
        {
            return new NoGcRegion(GC.TryStartNoGCRegion(Math.Clamp(bytes, 1L << 20, MaxBudget)));
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or InvalidOperationException)
        {
            return new NoGcRegion(false);
        }
    }

    /// <summary>The budget for reading distributions of <paramref name="totalFileBytes"/>: the per-entry garbage grows with the files (about 0.8 byte per byte of a wheel), plus room for the rest.</summary>
    public static long BudgetFor(long totalFileBytes) => (32L << 20) + 2 * totalFileBytes;

    public void Dispose()
    {
        if (!Holds)
            return;
        try
        {
            GC.EndNoGCRegion();
        }
        catch (InvalidOperationException)
        {
            // the region ended on its own between the check and the call (a collection ran): nothing to end
        }
    }
}
