using System.Buffers.Binary;
using System.Text;

namespace Wheelhouse.Python.Inspection.Zip;

/// <summary>
/// A quick verdict on a zip's record structure from its central directory and the local header of each entry, read
/// where the entries are read anyway (so it costs no extra reads). When every local header matches its central record
/// and the records tile the file from its first byte to the end record, warehouse's record walk (see
/// <see cref="ZipConfusion"/>) would visit exactly these records and accept them; anything else, ZIP64 included, is
/// left to that walk, which then names the problem in warehouse's words.
/// </summary>
internal static class ZipLayout
{
    private const uint LocalSignature = 0x04034b50;

    /// <summary>Where the entry's data ends (its local header checked against <paramref name="record"/>), or -1 when the walk must decide.</summary>
    public static long LocalEnd(Stream stream, ZipCentralRecord record)
    {
        Span<byte> header = stackalloc byte[30];
        stream.Position = record.LocalHeaderOffset;
        if (!ReadFully(stream, header) || BinaryPrimitives.ReadUInt32LittleEndian(header) != LocalSignature)
            return -1;
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
        long compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[18..]);
        long size = BinaryPrimitives.ReadUInt32LittleEndian(header[22..]);
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[26..]);
        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
        if ((flags & 0x08) != 0 || extraLength != 0 || nameLength != record.NameBytes.Length
            || compressed != record.CompressedSize || size != record.Size)
            return -1;
        Span<byte> name = nameLength <= 512 ? stackalloc byte[nameLength] : new byte[nameLength];
        if (!ReadFully(stream, name) || !name.SequenceEqual(record.NameBytes))
            return -1;
        return record.LocalHeaderOffset + 30 + nameLength + compressed;
    }

    /// <summary>True when the archive is certainly what warehouse accepts, given each record's <see cref="LocalEnd"/>.</summary>
    public static bool Accepts(ZipDirectory directory, IReadOnlyList<long> localEnds, long length)
    {
        if (directory.Problem != null || directory.Prefix != 0 || directory.IsZip64 || directory.Records.Count != localEnds.Count
            || directory.DeclaredRecords != directory.Records.Count || directory.EndRecordEnd != length
            || directory.CentralDirectoryOffset + directory.CentralDirectorySize != directory.EndRecordOffset)
            return false;
        var names = new HashSet<string>(directory.Records.Count, StringComparer.Ordinal);
        long centralSize = 0;
        foreach (var record in directory.Records)
        {
            if (record.CommentLength != 0 || record.Method is not (0 or 8) || !names.Add(record.Name)
                || (!record.Utf8Flag && !Ascii.IsValid(record.NameBytes)) || record.NameBytes.Any(b => b < 0x20 || b == 0x7F))
                return false;
            centralSize += 46 + record.NameBytes.Length + record.ExtraLength;
        }

        if (centralSize != directory.CentralDirectorySize)
            return false;
        var order = Enumerable.Range(0, localEnds.Count).OrderBy(i => directory.Records[i].LocalHeaderOffset).ToList();
        long expected = 0;
        foreach (var i in order)
        {
            if (localEnds[i] < 0 || directory.Records[i].LocalHeaderOffset != expected)
                return false;
            expected = localEnds[i];
        }

        return expected == directory.CentralDirectoryOffset;
    }

    private static bool ReadFully(Stream stream, Span<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            var read = stream.Read(buffer);
            if (read == 0)
                return false;
            buffer = buffer[read..];
        }

        return true;
    }
}
