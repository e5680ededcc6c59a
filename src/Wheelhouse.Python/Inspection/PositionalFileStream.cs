using Microsoft.Win32.SafeHandles;

namespace Wheelhouse.Python.Inspection;

/// <summary>
/// A read-only, seekable view of a file through positional reads and a read-ahead buffer of its own, so that
/// several threads can each read the same file handle without sharing a file position, and without the file
/// system calls a <see cref="FileStream"/> makes on every seek (the zip reader seeks several times per entry).
/// The length is the file's when it was opened: a file that shrinks meanwhile ends early, and the zip reader
/// reports it as corrupt.
/// </summary>
internal sealed class PositionalFileStream(SafeFileHandle handle, long length, int bufferSize) : Stream
{
    private readonly byte[] buffer = GC.AllocateUninitializedArray<byte>(bufferSize);
    private long bufferStart;
    private int bufferCount;
    private long position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => position;
        set => position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] destination, int offset, int count) => Read(destination.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        var wanted = (int)Math.Min(destination.Length, Math.Max(0, length - position));
        if (wanted == 0)
            return 0;
        if (position < bufferStart || position >= bufferStart + bufferCount)
        {
            if (wanted >= buffer.Length)
            {
                // a large read goes straight into the caller's memory
                var direct = RandomAccess.Read(handle, destination[..wanted], position);
                position += direct;
                return direct;
            }

            bufferStart = position;
            bufferCount = RandomAccess.Read(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - position)), position);
            if (bufferCount == 0)
                return 0; // the file is shorter than it was
        }

        var from = (int)(position - bufferStart);
        var count = Math.Min(wanted, bufferCount - from);
        buffer.AsSpan(from, count).CopyTo(destination);
        position += count;
        return count;
    }

    // As MemoryStream does: seeking before the start is an IOException, which ZipArchive reports as a bad archive.
    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => position + offset,
            SeekOrigin.End => length + offset,
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
