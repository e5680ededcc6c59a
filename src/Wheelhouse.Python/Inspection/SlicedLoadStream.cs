namespace Wheelhouse.Python.Inspection;

/// <summary>
/// A read-only stream over a file that several threads are reading into one array, a slice each: a read waits
/// until the slices it covers are in. The zip directory sits in the last slice, so its reader can start on it
/// while the other slices are still arriving.
/// </summary>
internal sealed class SlicedLoadStream(byte[] bytes, SliceLoads slices, CancellationToken cancellationToken) : Stream
{
    private long position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => bytes.LongLength;

    public override long Position
    {
        get => position;
        set => position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Clamp(bytes.LongLength - position, 0, buffer.Length);
        if (n == 0)
            return 0;
        slices.WaitFor(position, position + n, cancellationToken);
        bytes.AsSpan((int)position, n).CopyTo(buffer);
        position += n;
        return n;
    }

    // As MemoryStream does: seeking before the start is an IOException, which ZipArchive reports as a bad archive.
    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            SeekOrigin.End => bytes.LongLength + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0)
            throw new IOException("An attempt was made to move the position before the beginning of the stream.");
        return position = target;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
