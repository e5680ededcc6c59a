using Microsoft.Win32.SafeHandles;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.Python.Tests.Inspection;

public sealed class PositionalFileStreamTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly byte[] bytes = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7 % 251)).ToArray();
    private readonly SafeFileHandle handle;

    public PositionalFileStreamTests()
    {
        var path = Path.Combine(folder.Path, "data.bin");
        File.WriteAllBytes(path, bytes);
        handle = File.OpenHandle(path);
    }

    public void Dispose()
    {
        handle.Dispose();
        folder.Dispose();
    }

    [Theory]
    [InlineData(16, 7)]
    [InlineData(16, 16)]
    [InlineData(64, 100)]
    [InlineData(4096, 33)]
    public void Reading_in_any_steps_gives_the_file(int buffer, int step)
    {
        using var stream = new PositionalFileStream(handle, bytes.Length, buffer);
        var read = new List<byte>();
        var chunk = new byte[step];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
            read.AddRange(chunk[..n]);

        read.Should().Equal(bytes);
    }

    [Fact]
    public void Seeks_move_back_and_forth_as_a_zip_reader_does()
    {
        using var stream = new PositionalFileStream(handle, bytes.Length, 64);
        var two = new byte[2];

        stream.Seek(-22, SeekOrigin.End).Should().Be(978);
        stream.ReadExactly(two);
        two.Should().Equal(bytes[978..980]);
        stream.Position = 10;
        stream.ReadExactly(two);
        two.Should().Equal(bytes[10..12]);
        stream.Seek(500, SeekOrigin.Current).Should().Be(512);
        stream.ReadExactly(two);
        two.Should().Equal(bytes[512..514]);
        stream.Invoking(s => s.Seek(-1, SeekOrigin.Begin)).Should().Throw<IOException>("as MemoryStream, which ZipArchive reports as a corrupt archive");
    }

    [Fact]
    public void Two_streams_on_one_handle_keep_their_own_positions()
    {
        using var a = new PositionalFileStream(handle, bytes.Length, 32);
        using var b = new PositionalFileStream(handle, bytes.Length, 32);
        var one = new byte[1];

        a.Position = 100;
        b.Position = 900;
        a.ReadExactly(one);
        one[0].Should().Be(bytes[100]);
        b.ReadExactly(one);
        one[0].Should().Be(bytes[900]);
    }

    [Fact]
    public void A_file_that_shrank_since_it_was_opened_ends_early()
    {
        using var stream = new PositionalFileStream(handle, bytes.Length + 500, 64);
        stream.Position = bytes.Length - 10;

        var buffer = new byte[100];
        stream.Read(buffer).Should().Be(10);
        stream.Read(buffer).Should().Be(0);
        stream.Invoking(s => s.ReadExactly(new byte[1])).Should().Throw<EndOfStreamException>();
    }

    [Fact]
    public void The_stream_is_read_only()
    {
        using var stream = new PositionalFileStream(handle, bytes.Length, 64);

        stream.CanWrite.Should().BeFalse();
        stream.Invoking(s => s.Write([1], 0, 1)).Should().Throw<NotSupportedException>();
        stream.Invoking(s => s.SetLength(1)).Should().Throw<NotSupportedException>();
    }
}
