namespace Wheelhouse.Python.Inspection;

/// <summary>A file of <paramref name="length"/> bytes cut into <paramref name="count"/> slices, each marked once it is loaded.</summary>
internal sealed class SliceLoads(long length, int count) : IDisposable
{
    private readonly ManualResetEventSlim[] loaded = Enumerable.Range(0, count).Select(_ => new ManualResetEventSlim()).ToArray();

    public int Count => count;

    public long Start(int slice) => length * slice / count;

    public long End(int slice) => length * (slice + 1) / count;

    public void MarkLoaded(int slice) => loaded[slice].Set();

    /// <summary>Waits until every slice overlapping [<paramref name="start"/>, <paramref name="end"/>) is loaded.</summary>
    public void WaitFor(long start, long end, CancellationToken cancellationToken)
    {
        for (var slice = count - 1; slice >= 0 && End(slice) > start; slice--)
        {
            if (Start(slice) < end && !loaded[slice].IsSet)
                loaded[slice].Wait(cancellationToken);
        }
    }

    public void Dispose()
    {
        foreach (var slice in loaded)
            slice.Dispose();
    }
}
