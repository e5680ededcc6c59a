using System.Buffers;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Wheelhouse.Python.Inspection;

/// <summary>
/// Reads a wheel (zip) or an sdist (gzip-compressed tar) into <see cref="ArchiveEntry"/> values: names, sizes,
/// sha256 digests, and the content of the entries the caller wants to parse. Everything is streamed in memory;
/// nothing is extracted. Archives that are unsafe to read (bombs, too many or too large entries, paths that
/// leave the archive, links, devices) are refused with an <see cref="ArchiveRefusedException"/> before any of
/// their content is trusted. Wheels are read by <see cref="WheelReader"/>, several threads at a time when large.
/// </summary>
public static class DistributionReader
{
    private const int BufferSize = 1 << 20;

    public static bool IsWheel(string fileName) => fileName.EndsWith(".whl", StringComparison.OrdinalIgnoreCase);

    public static bool IsSdist(string fileName) => fileName.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads a <c>.whl</c> or <c>.tar.gz</c> file; <paramref name="keepContent"/> says (by entry name) which contents to keep.</summary>
    public static DistributionArchive Read(string path, Func<string, bool> keepContent, InspectionLimits? limits = null, CancellationToken cancellationToken = default)
    {
        var name = Path.GetFileName(path);
        if (IsWheel(name))
            return ReadZip(path, keepContent, limits ?? InspectionLimits.Default, cancellationToken);
        if (IsSdist(name))
            return ReadTarGz(path, keepContent, limits ?? InspectionLimits.Default, cancellationToken);
        throw new ArgumentException($"{name} is neither a wheel (.whl) nor an sdist (.tar.gz).", nameof(path));
    }

    /// <summary>Reads a wheel; see <see cref="WheelReader"/> for how large ones are shared among threads.</summary>
    public static DistributionArchive ReadZip(string path, Func<string, bool> keepContent, InspectionLimits limits, CancellationToken cancellationToken = default) =>
        WheelReader.Read(path, keepContent, limits, cancellationToken);

    public static DistributionArchive ReadTarGz(string path, Func<string, bool> keepContent, InspectionLimits limits, CancellationToken cancellationToken = default)
    {
        var fileName = Path.GetFileName(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var entries = new List<ArchiveEntry>();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                TarEntry? tarEntry;
                try
                {
                    tarEntry = tar.GetNextEntry();
                }
                catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
                {
                    throw Refuse(Checks.A001, $"{fileName} is not a readable gzip-compressed tar ({FirstLine(e.Message)}). Rebuild the sdist.");
                }

                if (tarEntry == null)
                    break;
                if (tarEntry.EntryType == TarEntryType.GlobalExtendedAttributes)
                    continue; // metadata for the archive (git archive writes one), not a member
                if (entries.Count >= limits.MaxEntries)
                    throw Refuse(Checks.A002, $"{fileName} has more than {limits.MaxEntries:N0} entries; refused. No sdist needs that many files: check what the build backend includes.");

                var raw = tarEntry.Name;
                var name = raw;
                while (name.StartsWith("./", StringComparison.Ordinal))
                    name = name[2..];
                if (name is "" or "." && tarEntry.EntryType == TarEntryType.Directory)
                    continue;
                if (EntryPath.Problem(name) is { } problem)
                    throw Refuse(Checks.A005, $"{fileName}: entry '{Printable(raw)}' has {problem}; refused without extracting anything. Rebuild the sdist with a standard build backend.");

                switch (tarEntry.EntryType)
                {
                    case TarEntryType.Directory:
                        entries.Add(new ArchiveEntry { Name = name.TrimEnd('/'), IsDirectory = true });
                        continue;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        break;
                    case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                        throw Refuse(Checks.A006, $"{fileName}: entry '{Printable(raw)}' is a link to '{Printable(tarEntry.LinkName)}'; links in an sdist can point outside it when unpacked, so it is refused. Make the build include the file itself.");
                    default:
                        throw Refuse(Checks.A006, $"{fileName}: entry '{Printable(raw)}' is a {tarEntry.EntryType} entry, not a regular file or folder; refused. Rebuild the sdist without it.");
                }

                if (tarEntry.Length > limits.MaxEntrySize)
                    throw Refuse(Checks.A004, $"{fileName}: entry '{Printable(raw)}' is {Bytes(tarEntry.Length)}, more than the limit of {Bytes(limits.MaxEntrySize)}; refused. Keep large files out of the sdist.");
                if (total + tarEntry.Length > limits.MaxTotalSize)
                    throw Refuse(Checks.A003, $"{fileName} unpacks to more than {Bytes(limits.MaxTotalSize)}; refused as a possible tar bomb. Keep large files out of the sdist.");

                var entry = new ArchiveEntry { Name = name, IsDirectory = false };
                var content = tarEntry.Length <= limits.MaxKeptSize && keepContent(name) ? new byte[tarEntry.Length] : null;
                var digest = new byte[SHA256.HashSizeInBytes];
                long read;
                bool overflow;
                try
                {
                    read = tarEntry.DataStream is { } data
                        ? Drain(data, tarEntry.Length, buffer, hash, digest, content, out overflow)
                        : Drain(Stream.Null, 0, buffer, hash, digest, content, out overflow);
                }
                catch (Exception e) when (e is InvalidDataException or IOException)
                {
                    throw Refuse(Checks.A001, $"{fileName}: entry '{Printable(raw)}' cannot be read ({FirstLine(e.Message)}); the sdist is corrupt. Rebuild it.");
                }

                if (overflow)
                    throw Refuse(Checks.A003, $"{fileName}: entry '{Printable(raw)}' holds more than the {tarEntry.Length:N0} bytes its header declares; refused. Rebuild the sdist.");
                total += read;
                if (total > limits.RatioCheckedAbove && total > file.Position * limits.MaxCompressionRatio)
                    throw Refuse(Checks.A004, $"{fileName} inflates more than {limits.MaxCompressionRatio:0}:1 ({Bytes(total)} from {Bytes(file.Position)}); refused as a possible gzip bomb. Keep generated or padded files out of the sdist.");
                entry.Size = read;
                entry.Sha256 = digest;
                entry.Content = content is not null && read < content.Length ? content[..(int)read] : content;
                entries.Add(entry);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new DistributionArchive(fileName, ArchiveFormat.TarGz, entries);
    }

    /// <summary>
    /// Reads <paramref name="stream"/> to its end through <paramref name="buffer"/>, hashing with sha256 into
    /// <paramref name="digest"/> (one call for content that fits the buffer, incremental otherwise) and copying
    /// into <paramref name="content"/> when given. Stops with <paramref name="overflow"/> set as soon as more than
    /// <paramref name="limit"/> bytes arrive. Returns the number of bytes read.
    /// </summary>
    internal static long Drain(Stream stream, long limit, byte[] buffer, IncrementalHash hash, Span<byte> digest, byte[]? content, out bool overflow)
    {
        long total = 0;
        var filled = 0;
        var incremental = false;
        while (true)
        {
            var n = stream.Read(buffer, filled, buffer.Length - filled);
            if (n == 0)
                break;
            if (total + n > limit)
            {
                if (incremental)
                    hash.GetHashAndReset(digest);
                overflow = true;
                return total + n;
            }

            if (content != null)
                Buffer.BlockCopy(buffer, filled, content, (int)total, n);
            filled += n;
            total += n;
            if (filled == buffer.Length)
            {
                hash.AppendData(buffer, 0, filled);
                filled = 0;
                incremental = true;
            }
        }

        if (incremental)
        {
            hash.AppendData(buffer, 0, filled);
            hash.GetHashAndReset(digest);
        }
        else
        {
            SHA256.HashData(buffer.AsSpan(0, filled), digest);
        }

        overflow = false;
        return total;
    }

    internal static void CheckEntrySize(string fileName, string entryName, long size, long compressed, InspectionLimits limits)
    {
        if (size > limits.MaxEntrySize)
            throw Refuse(Checks.A004, $"{fileName}: entry '{Printable(entryName)}' is {Bytes(size)} uncompressed, more than the limit of {Bytes(limits.MaxEntrySize)}; refused unread. Keep large files out of the package.");
        if (size > limits.RatioCheckedAbove && size > Math.Max(compressed, 1) * limits.MaxCompressionRatio)
            throw Refuse(Checks.A004, $"{fileName}: entry '{Printable(entryName)}' would inflate {Bytes(compressed)} to {Bytes(size)} (more than {limits.MaxCompressionRatio:0}:1, a zip bomb's ratio); refused unread. Rebuild the wheel.");
    }

    internal static ArchiveRefusedException Refuse(CheckInfo check, string message) => new(check, message);

    /// <summary>Control characters shown escaped, so a hostile name cannot rewrite the terminal.</summary>
    internal static string Printable(string text) =>
        text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) ? $"\\x{(int)c:X2}" : c.ToString())) : text;

    internal static string FirstLine(string text) => text.Split('\n')[0].Trim();

    internal static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:0.#} KiB",
        _ => $"{bytes} bytes",
    };
}
