using System.Diagnostics;
using Wheelhouse.PyPI.Upload;
using Xunit.Abstractions;

namespace Wheelhouse.PyPI.Tests.Upload;

/// <summary>Measurements of the whole process: run alone, after the parallel tests, so no other test's allocations count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAloneCollection
{
    public const string Name = "Upload measurements, run alone";
}

[Collection(MeasuredAloneCollection.Name)]
public sealed class StreamingTests(ITestOutputHelper output) : IDisposable
{
    private const long FileSize = 50L << 20;
    private readonly UploadTemp temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task A_50_MB_upload_allocates_far_less_than_the_file_and_arrives_whole()
    {
        var wheel = Distributions.Wheel(temp.Combine("dist"), Distributions.Metadata(), padding: FileSize);
        var size = new FileInfo(wheel).Length;
        await using var index = await RecordingIndex.StartAsync();
        var (options, _) = TestOptions.Create();
        var uploader = new Uploader();
        // Warm up: JIT, connection pool, Kestrel, with a small file, so the measurement is of the upload alone.
        await uploader.UploadAsync(index.Index, UploadCredentials.ForToken("pypi-t"), [Distributions.Wheel(temp.Combine("warm"), Distributions.Metadata(name: "warm"), name: "warm")], options, CancellationToken.None);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        var peakHeap = heapBefore;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
                await Task.Delay(5);
            }
        });
        var clock = Stopwatch.StartNew();

        var report = await uploader.UploadAsync(index.Index, UploadCredentials.ForToken("pypi-t"), [wheel], options, CancellationToken.None);

        clock.Stop();
        await sampling.CancelAsync();
        await sampler;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        output.WriteLine($"{size / 1048576.0:0.0} MiB in {clock.Elapsed.TotalSeconds:0.00} s ({size / 1048576.0 / clock.Elapsed.TotalSeconds:0} MiB/s); allocated {allocated / 1048576.0:0.00} MiB (client and in-process server); managed heap peak +{(peakHeap - heapBefore) / 1048576.0:0.00} MiB");

        report.Files.Single().Outcome.Should().Be(UploadOutcome.Uploaded);
        index.Uploads.Last().FileSize.Should().Be(size);
        index.Uploads.Last().Sha256.Should().Be(report.Files.Single().Sha256);
        allocated.Should().BeLessThan(size / 8, "the file is streamed from disk, never held in memory (hashing, body and server together)");
        (peakHeap - heapBefore).Should().BeLessThan(size / 8);
    }
}
