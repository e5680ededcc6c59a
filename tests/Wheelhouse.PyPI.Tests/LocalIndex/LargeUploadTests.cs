using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using Xunit.Abstractions;

namespace Wheelhouse.PyPI.Tests.LocalIndex;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "Local index tests that measure the process (run alone)";
}

/// <summary>A large upload goes to disk as it arrives: the process allocates a small fraction of the file's size.</summary>
[Collection(AloneCollection.Name)]
public sealed class LargeUploadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_64_MB_wheel_is_streamed_to_disk_not_buffered()
    {
        const int size = 64 * 1024 * 1024;
        var wheel = BigWheel(size);
        await using var index = await TestIndex.StartAsync();
        using var client = index.Client(TimeSpan.FromMinutes(2));
        using (var warmUp = UploadRequest.For(index.Upload, TestDist.Wheel("warm-up", "1.0")))
            (await client.SendAsync(warmUp)).StatusCode.Should().Be(HttpStatusCode.OK);
        using var request = UploadRequest.For(index.Upload, wheel);

        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var response = await client.SendAsync(request);
        var elapsed = watch.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        response.StatusCode.Should().Be(HttpStatusCode.OK, response.ReasonPhrase);
        output.WriteLine($"{size / 1048576} MB in {elapsed.TotalMilliseconds:0} ms ({size / 1048576.0 / elapsed.TotalSeconds:0} MB/s); allocated {allocated / 1048576.0:0.0} MB (client and server)");
        allocated.Should().BeLessThan(size / 4, "the file is streamed through fixed buffers");
        new FileInfo(Path.Combine(index.Directory, "files", "big-pkg", wheel.FileName)).Length.Should().Be(wheel.Bytes.Length);
        index.Server.Uploads[^1].Sha256.Should().Be(Convert.ToHexStringLower(SHA256.HashData(wheel.Bytes)));
    }

    private static TestDist BigWheel(int payload)
    {
        using var buffer = new MemoryStream(payload + 4096);
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var data = zip.CreateEntry("big_pkg/data.bin", CompressionLevel.NoCompression).Open())
            {
                var chunk = new byte[1024 * 1024];
                for (var i = 0; i < payload / chunk.Length; i++)
                {
                    RandomNumberGenerator.Fill(chunk.AsSpan(0, 64));
                    data.Write(chunk);
                }
            }

            Text(zip, "big_pkg-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: big-pkg\nVersion: 1.0\n\n");
            Text(zip, "big_pkg-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
            Text(zip, "big_pkg-1.0.dist-info/RECORD", "");
        }

        return new TestDist("big-pkg", "1.0", "big_pkg-1.0-py3-none-any.whl", "bdist_wheel", buffer.ToArray());
    }

    private static void Text(ZipArchive zip, string path, string text)
    {
        using var stream = zip.CreateEntry(path).Open();
        stream.Write(System.Text.Encoding.UTF8.GetBytes(text));
    }
}
