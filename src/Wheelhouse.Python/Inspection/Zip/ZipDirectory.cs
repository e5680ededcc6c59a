using System.Buffers.Binary;
using System.Text;

namespace Wheelhouse.Python.Inspection.Zip;

/// <summary>One record of a zip's central directory, as Python's <c>zipfile</c> reads it.</summary>
public sealed record ZipCentralRecord(
    byte[] NameBytes, string Name, ushort Flags, ushort Method, long CompressedSize, long Size, long LocalHeaderOffset, int ExtraLength, int CommentLength)
{
    /// <summary>General purpose flag bit 11: the name is UTF-8.</summary>
    public bool Utf8Flag => (Flags & 0x0800) != 0;
}

/// <summary>
/// A zip's end records and central directory read the way Python's <c>zipfile</c> (which pip, the installers and
/// PyPI's upload checks use) reads them: the end record found from the file's end, ZIP64 end records through their
/// locator, names decoded as UTF-8 when flag bit 11 says so and as cp437 otherwise, ZIP64 sizes from the extra field.
/// Where zipfile refuses an archive, <see cref="Problem"/> holds its message ("Bad magic number for central directory").
/// </summary>
public sealed class ZipDirectory
{
    private const uint EndSignature = 0x06054b50;
    private const uint End64Signature = 0x06064b50;
    private const uint End64LocatorSignature = 0x07064b50;
    private const uint CentralSignature = 0x02014b50;
    private const int EndSize = 22;
    private const int CentralSize = 46;

    private ZipDirectory(string? problem) => Problem = problem;

    /// <summary>What zipfile would raise (BadZipFile's message), or null when it opens the archive.</summary>
    public string? Problem { get; }

    public IReadOnlyList<ZipCentralRecord> Records { get; private init; } = [];

    /// <summary>Python's <c>concat</c>: bytes before the archive proper (a self-extractor's stub); 0 in a plain zip.</summary>
    public long Prefix { get; private init; }

    /// <summary>Where the central directory starts and how long it is, as the end record says.</summary>
    public long CentralDirectoryOffset { get; private init; }
    public long CentralDirectorySize { get; private init; }

    /// <summary>Where the end record starts, and where it ends with its comment.</summary>
    public long EndRecordOffset { get; private init; }
    public long EndRecordEnd { get; private init; }

    /// <summary>True when the archive has ZIP64 end records.</summary>
    public bool IsZip64 { get; private init; }

    /// <summary>The end record's count of central directory records.</summary>
    public long DeclaredRecords { get; private init; }

    public static ZipDirectory Read(Stream stream)
    {
        var length = stream.Length;
        if (length < EndSize)
            return new("File is not a zip file");

        // zipfile: the end record at the very end (no comment), else the last signature in the final 64 KiB.
        var tailStart = Math.Max(length - (1 << 16) - EndSize, 0);
        var tail = ReadAt(stream, tailStart, (int)(length - tailStart));
        var endAt = -1;
        if (tail.Length >= EndSize && U32(tail, tail.Length - EndSize) == EndSignature && U16(tail, tail.Length - 2) == 0)
            endAt = tail.Length - EndSize;
        else
            endAt = LastIndexOf(tail, EndSignature);
        if (endAt < 0 || endAt + EndSize > tail.Length)
            return new("File is not a zip file");

        var endOffset = tailStart + endAt;
        var diskNumber = U16(tail, endAt + 4);
        var cdDisk = U16(tail, endAt + 6);
        long cdSize = U32(tail, endAt + 12);
        long cdOffset = U32(tail, endAt + 16);
        var location = endOffset;
        var zip64 = false;
        long declaredRecords = U16(tail, endAt + 10);

        // ZIP64: a locator just before the end record points at the ZIP64 end record.
        if (endOffset >= 20)
        {
            var locator = ReadAt(stream, endOffset - 20, 20);
            if (U32(locator, 0) == End64LocatorSignature)
            {
                if (U32(locator, 16) != 1)
                    return new("zipfiles that span multiple disks are not supported");
                if (endOffset - 20 - 56 < 0)
                    return new("Corrupt zip64 end of central directory locator");
                var end64 = ReadAt(stream, endOffset - 20 - 56, 56);
                if (U32(end64, 0) != End64Signature)
                    return new("Corrupt zip64 end of central directory record");
                cdSize = (long)U64(end64, 40);
                cdOffset = (long)U64(end64, 48);
                declaredRecords = (long)U64(end64, 32);
                location = endOffset - 20 - 56;
                zip64 = true;
            }
            else if (diskNumber != 0 || cdDisk != 0)
            {
                return new("zipfiles that span multiple disks are not supported");
            }
        }

        var prefix = location - cdSize - cdOffset;
        var start = cdOffset + prefix;
        if (start < 0 || prefix < 0)
            return new("Bad offset for central directory");
        if (start + cdSize > length)
            return new("Truncated central directory");

        var directory = ReadAt(stream, start, (int)cdSize);
        var records = new List<ZipCentralRecord>();
        var at = 0;
        while (at < directory.Length)
        {
            if (at + CentralSize > directory.Length)
                return new("Truncated central directory");
            if (U32(directory, at) != CentralSignature)
                return new("Bad magic number for central directory");
            var flags = U16(directory, at + 8);
            var method = U16(directory, at + 10);
            long compressed = U32(directory, at + 20);
            long size = U32(directory, at + 24);
            int nameLength = U16(directory, at + 28), extraLength = U16(directory, at + 30), commentLength = U16(directory, at + 32);
            long offset = U32(directory, at + 42);
            if (at + CentralSize + nameLength + extraLength + commentLength > directory.Length)
                return new("Truncated central directory");
            var nameBytes = directory.AsSpan(at + CentralSize, nameLength).ToArray();
            var extra = directory.AsSpan(at + CentralSize + nameLength, extraLength);
            if (DecodeExtra(extra, ref size, ref compressed, ref offset) is { } extraProblem)
                return new(extraProblem);
            string name;
            try
            {
                name = Ascii.IsValid(nameBytes) ? Encoding.ASCII.GetString(nameBytes)
                    : (flags & 0x0800) != 0 ? new UTF8Encoding(false, true).GetString(nameBytes) : Cp437(nameBytes);
            }
            catch (DecoderFallbackException)
            {
                return new("Filename not unicode");
            }

            records.Add(new ZipCentralRecord(nameBytes, name, flags, method, compressed, size, offset + prefix, extraLength, commentLength));
            at += CentralSize + nameLength + extraLength + commentLength;
        }

        return new ZipDirectory(null)
        {
            Records = records, Prefix = prefix, CentralDirectoryOffset = start, CentralDirectorySize = cdSize, EndRecordOffset = endOffset,
            EndRecordEnd = endOffset + EndSize + U16(tail, endAt + 20), IsZip64 = zip64, DeclaredRecords = declaredRecords,
        };
    }

    /// <summary>zipfile's <c>_decodeExtra</c>: every field inside the extra, ZIP64 sizes and offset where the record has 0xFFFFFFFF.</summary>
    private static string? DecodeExtra(ReadOnlySpan<byte> extra, ref long size, ref long compressed, ref long offset)
    {
        while (extra.Length >= 4)
        {
            var type = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            int length = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (length + 4 > extra.Length)
                return $"Corrupt extra field {type:x4} (size={length})";
            if (type == 0x0001)
            {
                var data = extra.Slice(4, length);
                if (size == 0xFFFFFFFF)
                {
                    if (data.Length < 8)
                        return "Corrupt zip64 extra field. File size not found.";
                    size = (long)BinaryPrimitives.ReadUInt64LittleEndian(data);
                    data = data[8..];
                }

                if (compressed == 0xFFFFFFFF)
                {
                    if (data.Length < 8)
                        return "Corrupt zip64 extra field. Compress size not found.";
                    compressed = (long)BinaryPrimitives.ReadUInt64LittleEndian(data);
                    data = data[8..];
                }

                if (offset == 0xFFFFFFFF)
                {
                    if (data.Length < 8)
                        return "Corrupt zip64 extra field. Header offset not found.";
                    offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(data);
                }
            }
            else if (type == 0x7075 && length < 5)
            {
                return "Corrupt unicode path extra field (0x7075)";
            }

            extra = extra[(length + 4)..];
        }

        return null;
    }

    /// <summary>IBM PC code page 437, which zipfile assumes for names without the UTF-8 flag.</summary>
    public static string Cp437(ReadOnlySpan<byte> bytes)
    {
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
            chars[i] = bytes[i] < 0x80 ? (char)bytes[i] : Cp437High[bytes[i] - 0x80];
        return new string(chars);
    }

    private const string Cp437High =
        "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";

    internal static byte[] ReadAt(Stream stream, long offset, int count)
    {
        var buffer = new byte[count];
        stream.Position = offset;
        var filled = 0;
        while (filled < count)
        {
            var read = stream.Read(buffer, filled, count - filled);
            if (read == 0)
                return buffer[..filled];
            filled += read;
        }

        return buffer;
    }

    private static int LastIndexOf(byte[] data, uint signature)
    {
        for (var i = data.Length - 4; i >= 0; i--)
        {
            if (U32(data, i) == signature)
                return i;
        }

        return -1;
    }

    internal static ushort U16(byte[] data, int at) => BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(at));

    internal static uint U32(byte[] data, int at) => BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at));

    internal static ulong U64(byte[] data, int at) => BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(at));
}
