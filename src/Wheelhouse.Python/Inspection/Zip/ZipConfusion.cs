using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace Wheelhouse.Python.Inspection.Zip;

/// <summary>
/// The zip "confusion" checks PyPI runs on every uploaded wheel (warehouse's <c>utils/zipfiles.py</c>, 2025-2026): an
/// archive must read the same through its central directory (what pip's zipfile uses) and through its local headers
/// in file order (what a streaming extractor uses). It walks the records from the first byte as warehouse does,
/// reading each header and seeking over the data, and answers with warehouse's message for the first difference:
/// data descriptors, duplicate names, names only in one of the two, sizes that differ, comments, unprintable or
/// unflagged non-UTF-8 names, prefix or trailing data, ZIP64 records that do not agree. Only headers are read.
/// </summary>
public static class ZipConfusion
{
    public const string HelpUrl = "https://docs.pypi.org/archives";

    /// <summary>Enough for a local header with a long name and a ZIP64 extra, so most headers take one read.</summary>
    private const int HeaderBuffer = 1024;

    private static readonly byte[] Central = [0x50, 0x4b, 0x01, 0x02];
    private static readonly byte[] Local = [0x50, 0x4b, 0x03, 0x04];
    private static readonly byte[] End = [0x50, 0x4b, 0x05, 0x06];
    private static readonly byte[] End64 = [0x50, 0x4b, 0x06, 0x06];
    private static readonly byte[] End64Locator = [0x50, 0x4b, 0x06, 0x07];

    /// <summary>Above this much uncompressed content, PyPI refuses a zip that inflates more than <see cref="MaxRatio"/>:1.</summary>
    public const long RatioCheckedAbove = 64L << 20;

    public const int MaxRatio = 50;

    /// <summary>
    /// The zip part of warehouse's <c>_is_valid_dist_file</c> (what follows "Invalid distribution file. " in its 400):
    /// a zip at all, the compression ratio, stored or deflated entries only, then the record structure. Null when accepted.
    /// </summary>
    public static string? Check(Stream stream)
    {
        var directory = ZipDirectory.Read(stream);
        if (directory.Problem != null)
            return "File is not a zipfile";
        var uncompressed = directory.Records.Sum(r => r.Size);
        if (uncompressed > RatioCheckedAbove && uncompressed / (double)Math.Max(stream.Length, 1) > MaxRatio)
            return $"File exceeds compression ratio of {MaxRatio}";
        if (directory.Records.Any(r => r.Method is not (0 or 8)))
            return "File does not use a supported compression type";
        return Validate(stream) is { } structure ? StructureMessage(structure) : null;
    }

    /// <summary>warehouse's wording around a structure problem found by <see cref="Validate(Stream)"/>.</summary>
    public static string StructureMessage(string problem) => $"ZIP archive not accepted: {problem}. See {HelpUrl} for more information";

    /// <summary>warehouse's message for the first problem ("ZIP contains a data descriptor"), or null for an archive it accepts.</summary>
    public static string? Validate(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        // Positional reads through a small buffer: one read per header, no file-status call per seek.
        using var stream = new PositionalFileStream(handle, RandomAccess.GetLength(handle), HeaderBuffer);
        return Validate(stream);
    }

    /// <summary>As <see cref="Validate(string)"/>, over a readable, seekable stream of the whole archive.</summary>
    public static string? Validate(Stream stream)
    {
        var directory = ZipDirectory.Read(stream);
        if (directory.Problem is { } notAZip)
            return notAZip;
        var central = new Dictionary<string, (long Compressed, long Size)>(StringComparer.Ordinal);
        foreach (var record in directory.Records)
            central[record.Name] = (record.CompressedSize, record.Size);
        try
        {
            return Walk(stream, central);
        }
        catch (InvalidZipException e)
        {
            return e.Message;
        }
    }

    private static string? Walk(Stream stream, Dictionary<string, (long Compressed, long Size)> central)
    {
        stream.Position = 0;
        var localNames = new HashSet<string>(StringComparer.Ordinal);
        var centralNames = new HashSet<string>(StringComparer.Ordinal);
        long? expectedEnd64Offset = null, actualEnd64Offset = null;
        long records = 0, size = 0;
        long? offset = null;
        long? endRecords = null, endSize = null, endOffset = null;
        var signature = new byte[4];
        var fixedPart = new byte[42];
        while (true)
        {
            ReadCheck(stream, signature);
            if (signature.AsSpan().SequenceEqual(End) && expectedEnd64Offset != null && actualEnd64Offset == null)
                return "Malformed zip file";

            if (signature.AsSpan().SequenceEqual(Central))
            {
                offset ??= stream.Position - 4;
                records++;
                var (name, extraLength) = CentralHeader(stream, fixedPart);
                size += 46 + name.Length + extraLength;
                var key = Key(name); // byte-exact set keys, as warehouse compares bytes
                if (!centralNames.Add(key))
                    throw new InvalidZipException("Duplicate filename in central directory");
                if (!localNames.Contains(key))
                    throw new InvalidZipException("Missing filename in local headers");
            }
            else if (signature.AsSpan().SequenceEqual(Local))
            {
                var name = LocalHeader(stream, central, fixedPart);
                if (!localNames.Add(Key(name)))
                    throw new InvalidZipException("Duplicate filename in local headers");
            }
            else if (signature.AsSpan().SequenceEqual(End))
            {
                offset ??= stream.Position - 4;
                if (actualEnd64Offset != null && endOffset != null)
                    EndRecord(stream);
                else
                    (endRecords, endSize, endOffset) = EndRecord(stream);
                if (endRecords != records)
                    throw new InvalidZipException("Mismatched central directory records");
                if (endOffset != offset)
                    throw new InvalidZipException("Mismatched central directory offset");
                if (endSize != size)
                    throw new InvalidZipException("Mismatched central directory size");
                break;
            }
            else if (signature.AsSpan().SequenceEqual(End64))
            {
                expectedEnd64Offset = stream.Position - 4;
                (endRecords, endSize, endOffset) = End64Record(stream);
            }
            else if (signature.AsSpan().SequenceEqual(End64Locator))
            {
                var data = ReadCheck(stream, 16);
                actualEnd64Offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(4));
                if (expectedEnd64Offset != actualEnd64Offset)
                    throw new InvalidZipException("Mis-matched EOCD64 record and locator offset");
            }
            else
            {
                return "Unknown record signature";
            }
        }

        if (!centralNames.SetEquals(localNames))
            return "Mis-matched local headers and central directory";
        if (stream.Position != stream.Length)
            return "Trailing data";
        return null;
    }

    /// <summary>A local file header (section 4.3.7 of APPNOTE.TXT) after its signature; leaves the stream after its data.</summary>
    private static byte[] LocalHeader(Stream stream, Dictionary<string, (long Compressed, long Size)> central, byte[] fixedPart)
    {
        var data = fixedPart;
        ReadCheck(stream, data.AsSpan(0, 26));
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(2));
        var method = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(4));
        long compressed = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(14));
        long size = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(18));
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(22));
        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(24));
        var name = ReadCheck(stream, nameLength);
        var extra = ReadCheck(stream, extraLength).AsSpan();
        if (HasUnprintable(name))
            throw new InvalidZipException("Invalid character in filename");

        HashSet<ushort>? seen = extra.Length > 0 ? [] : null;
        while (extra.Length > 0)
        {
            if (extra.Length < 4)
                throw new InvalidZipException("Malformed zip file");
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            int length = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (length + 4 > extra.Length)
                throw new InvalidZipException("Malformed zip file");
            if (!seen!.Add(id) && id is 0x0001 or 0x7075)
                throw new InvalidZipException("Invalid duplicate extra in local file");
            if (id == 0x0001)
            {
                if (length is not (0 or 8 or 16 or 24 or 28))
                    throw new InvalidZipException("Malformed zip file");
                if (length == 0)
                {
                    if (compressed == 0xFFFFFFFF || size == 0xFFFFFFFF)
                        throw new InvalidZipException("Malformed zip file");
                }
                else if (length == 8)
                {
                    if (method != 0)
                        throw new InvalidZipException("Malformed zip file");
                    var uncompressed = (long)BinaryPrimitives.ReadUInt64LittleEndian(extra[4..]);
                    compressed = uncompressed;
                    if (size == 0xFFFFFFFF)
                        size = uncompressed;
                }
                else
                {
                    if (size == 0xFFFFFFFF)
                        size = (long)BinaryPrimitives.ReadUInt64LittleEndian(extra[4..]);
                    compressed = (long)BinaryPrimitives.ReadUInt64LittleEndian(extra[12..]);
                }
            }
            else if (id == 0x7075)
            {
                var unicodeName = extra.Slice(Math.Min(9, 4 + length), Math.Max(0, length - 5));
                if (HasUnprintable(unicodeName))
                    throw new InvalidZipException("Invalid character in filename");
                if (!IsUtf8(unicodeName))
                    throw new InvalidZipException("Filename not valid UTF-8");
            }

            extra = extra[(length + 4)..];
        }

        if ((flags & 0x08) != 0)
            throw new InvalidZipException("ZIP contains a data descriptor");
        if (!IsUtf8(name))
            throw new InvalidZipException("Filename not unicode");
        if (!central.TryGetValue(IsAscii(name) ? Key(name) : Encoding.UTF8.GetString(name), out var expected))
            throw new InvalidZipException("Filename not in central directory");
        if (expected.Compressed != compressed)
            throw new InvalidZipException("Mis-matched data size");
        if (expected.Size != size)
            throw new InvalidZipException("Mis-matched file size");
        stream.Seek(compressed, SeekOrigin.Current);
        return name;
    }

    /// <summary>A central directory header (section 4.3.12) after its signature: its name and the length of its extra field.</summary>
    private static (byte[] Name, int ExtraLength) CentralHeader(Stream stream, byte[] fixedPart)
    {
        var data = fixedPart;
        ReadCheck(stream, data.AsSpan(0, 42));
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(24));
        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(26));
        int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(28));
        if (commentLength != 0)
            throw new InvalidZipException("Comment in central directory");
        var name = ReadCheck(stream, nameLength);
        stream.Seek(extraLength, SeekOrigin.Current);
        if (stream.Position > stream.Length)
            throw new InvalidZipException("Malformed zip file");
        if (HasUnprintable(name))
            throw new InvalidZipException("Invalid character in filename");
        return (name, extraLength);
    }

    private static (long Records, long Size, long Offset) EndRecord(Stream stream)
    {
        var data = ReadCheck(stream, 18);
        var onDisk = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(4));
        var records = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(6));
        long size = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(8));
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(12));
        int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(16));
        if (onDisk != records)
            throw new InvalidZipException("Malformed zip file");
        stream.Seek(commentLength, SeekOrigin.Current);
        return (records, size, offset);
    }

    private static (long Records, long Size, long Offset) End64Record(Stream stream)
    {
        var data = ReadCheck(stream, 52);
        var recordSize = BinaryPrimitives.ReadUInt64LittleEndian(data);
        var onDisk = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(20));
        var records = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(28));
        var size = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(36));
        var offset = BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(44));
        if (onDisk != records)
            throw new InvalidZipException("Malformed zip file");
        if (recordSize != 44)
            throw new InvalidZipException("ZIP64 extensible data not allowed");
        return ((long)records, (long)size, (long)offset);
    }

    private static byte[] ReadCheck(Stream stream, int count)
    {
        var buffer = count == 0 ? [] : new byte[count];
        ReadCheck(stream, buffer);
        return buffer;
    }

    private static void ReadCheck(Stream stream, Span<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var read = stream.Read(buffer);
            if (read == 0)
                throw new InvalidZipException("Malformed zip file");
            buffer = buffer[read..];
        }
    }

    /// <summary>The name's bytes as a string key, one char per byte (equal keys: equal bytes); for ASCII also the decoded name.</summary>
    private static string Key(byte[] name) => Encoding.Latin1.GetString(name);

    private static bool IsAscii(ReadOnlySpan<byte> bytes) => System.Text.Ascii.IsValid(bytes);

    private static bool HasUnprintable(ReadOnlySpan<byte> name)
    {
        foreach (var b in name)
        {
            if (b < 0x20 || b == 0x7F)
                return true;
        }

        return false;
    }

    private static bool IsUtf8(ReadOnlySpan<byte> bytes) => Utf8.IsValid(bytes);

    private sealed class InvalidZipException(string message) : Exception(message);
}
