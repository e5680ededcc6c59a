using Wheelhouse.Python.Inspection;

namespace Wheelhouse.Python.Tests.Inspection;

public sealed class SlicedLoadStreamTests
{
    private static readonly byte[] Bytes = Enumerable.Range(0, 100).Select(i => (byte)i).ToArray();

    [Fact]
    public void Slices_cover_the_file_without_gaps_or_overlaps()
    {
        using var slices = new SliceLoads(100, 3);

        Enumerable.Range(0, 3).Select(i => (slices.Start(i), slices.End(i))).Should().Equal((0L, 33L), (33L, 66L), (66L, 100L));
    }

    [Fact]
    public void A_read_within_loaded_slices_returns_at_once()
    {
        using var slices = new SliceLoads(100, 3);
        slices.MarkLoaded(2);
        using var stream = new SlicedLoadStream(Bytes, slices, CancellationToken.None);

        stream.Seek(-10, SeekOrigin.End);
        var buffer = new byte[20];
        stream.Read(buffer).Should().Be(10);
        buffer[..10].Should().Equal(Bytes[90..]);
        stream.Read(buffer).Should().Be(0, "the end of the file");
    }

    [Fact]
    public async Task A_read_that_reaches_into_a_slice_still_loading_waits_for_it()
    {
        using var slices = new SliceLoads(100, 2);
        slices.MarkLoaded(1);
        using var stream = new SlicedLoadStream(Bytes, slices, CancellationToken.None);
        stream.Position = 45; // 45..55 spans slice 0 (not loaded) and slice 1

        var read = Task.Run(() =>
        {
            var buffer = new byte[10];
            stream.ReadExactly(buffer);
            return buffer;
        });

        (await Task.WhenAny(read, Task.Delay(200))).Should().NotBeSameAs(read, "slice 0 is not loaded yet");
        slices.MarkLoaded(0);
        (await read.WaitAsync(TimeSpan.FromSeconds(10))).Should().Equal(Bytes[45..55]);
    }

    [Fact]
    public async Task A_waiting_read_ends_when_the_crew_gives_up()
    {
        using var slices = new SliceLoads(100, 2);
        using var failed = new CancellationTokenSource();
        using var stream = new SlicedLoadStream(Bytes, slices, failed.Token);

        var read = Task.Run(() => stream.Read(new byte[10]));
        failed.CancelAfter(50);

        await read.Awaiting(r => r.WaitAsync(TimeSpan.FromSeconds(10))).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public void The_stream_is_read_only()
    {
        using var slices = new SliceLoads(100, 1);
        using var stream = new SlicedLoadStream(Bytes, slices, CancellationToken.None);

        stream.CanWrite.Should().BeFalse();
        stream.Invoking(s => s.Write([1], 0, 1)).Should().Throw<NotSupportedException>();
        stream.Invoking(s => s.SetLength(1)).Should().Throw<NotSupportedException>();
    }
}
