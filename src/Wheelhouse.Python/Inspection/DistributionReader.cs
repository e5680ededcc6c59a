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
/// their content is trusted. Wheel entries are inflated and hashed on several threads.
/// </summary>
public static class DistributionReader
{
    private const int BufferSize = 1 << 20;

    // Below these, starting more threads (each opens the zip again) costs more than it saves.
    private const long ParallelAboveBytes = 8L << 20;
    private const int ParallelAboveEntries = 64;

    // Wheels up to this size are read into memory once and shared by the hashing threads (no seeks, no
    // per-thread file buffers); larger ones are read through a file stream per thread.
    private const long InMemoryUpTo = 64L << 20;

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

    public static DistributionArchive ReadZip(string path, Func<string, bool> keepContent, InspectionLimits limits, CancellationToken cancellationToken = default)
    {
        var fileName = Path.GetFileName(path);
        var length = new FileInfo(path).Length;
        var bytes = length <= InMemoryUpTo ? ReadWhole(path, length) : null;
        Func<Stream> open = bytes != null
            ? () => new MemoryStream(bytes, writable: false)
            : () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
        var zip = OpenZip(open, fileName);
        try
        {
            var zipEntries = zip.Entries;
            if (zipEntries.Count > limits.MaxEntries)
                throw Refuse(Checks.A002, $"{fileName} has {zipEntries.Count:N0} entries, more than the limit of {limits.MaxEntries:N0}; refused unread. No package needs that many files: rebuild it from the right source tree.");

            var entries = new ArchiveEntry[zipEntries.Count];
            var keep = new bool[zipEntries.Count];
            long total = 0;
            var fileCount = 0;
            for (var i = 0; i < zipEntries.Count; i++)
            {
                var zipEntry = zipEntries[i];
                var raw = zipEntry.FullName;
                if (EntryPath.Problem(raw) is { } problem)
                    throw Refuse(Checks.A005, $"{fileName}: entry '{Printable(raw)}' has {problem}; refused without extracting anything. Rebuild the wheel with a standard build backend.");
                var isDirectory = raw.EndsWith('/');
                var unixType = (zipEntry.ExternalAttributes >> 16) & 0xF000;
                if (unixType is not (0 or 0x8000 or 0x4000))
                    throw Refuse(Checks.A006, $"{fileName}: entry '{Printable(raw)}' is a {UnixTypeName(unixType)}, which a wheel must not contain; refused unread. Rebuild the wheel without it.");
                CheckEntrySize(fileName, raw, zipEntry.Length, zipEntry.CompressedLength, limits);
                total += zipEntry.Length;
                if (total > limits.MaxTotalSize)
                    throw Refuse(Checks.A003, $"{fileName} declares more than {Bytes(limits.MaxTotalSize)} of uncompressed content; refused unread as a possible zip bomb. A package this large is a mistake: rebuild it from the right source tree.");
                entries[i] = new ArchiveEntry { Name = isDirectory ? raw[..^1] : raw, IsDirectory = isDirectory, Size = isDirectory ? 0 : zipEntry.Length };
                if (!isDirectory)
                {
                    fileCount++;
                    keep[i] = zipEntry.Length <= limits.MaxKeptSize && keepContent(entries[i].Name);
                }
            }

            var digests = new byte[entries.Length * SHA256.HashSizeInBytes];
            var workers = total > ParallelAboveBytes && fileCount > ParallelAboveEntries ? Math.Max(1, limits.Parallelism) : 1;
            if (workers == 1)
            {
                var next = -1;
                HashEntries(zip, entries, keep, digests, fileName, () => Interlocked.Increment(ref next), cancellationToken);
            }
            else
            {
                HashInParallel(open, zip, entries, keep, digests, fileName, workers, cancellationToken);
            }

            return new DistributionArchive(fileName, ArchiveFormat.Zip, entries);
        }
        finally
        {
            zip.Dispose();
        }
    }

    /// <summary>
    /// The calling thread and <paramref name="workers"/> - 1 dedicated threads take entries from a shared
    /// counter. Dedicated threads, not thread-pool tasks: a caller that is itself on the pool (a build
    /// target) must not wait for pool threads that are busy or not yet created.
    /// </summary>
    private static void HashInParallel(Func<Stream> open, ZipArchive first, ArchiveEntry[] entries, bool[] keep, byte[] digests, string fileName, int workers, CancellationToken cancellationToken)
    {
        var next = -1;
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<Exception>();

        void Work(ZipArchive? own)
        {
            try
            {
                // ZipArchive is not safe for concurrent reads: each extra worker opens the file for itself.
                var zip = own ?? OpenZip(open, fileName);
                try
                {
                    HashEntries(zip, entries, keep, digests, fileName, () => Interlocked.Increment(ref next), failed.Token);
                }
                finally
                {
                    if (own == null)
                        zip.Dispose();
                }
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
                failed.Cancel();
            }
        }

        var threads = Enumerable.Range(1, workers - 1)
            .Select(i => new Thread(() => Work(null)) { IsBackground = true, Name = $"inspect-hash-{i}" })
            .ToList();
        threads.ForEach(t => t.Start());
        Work(first);
        threads.ForEach(t => t.Join());

        cancellationToken.ThrowIfCancellationRequested();
        if (!errors.IsEmpty)
            throw errors.OfType<ArchiveRefusedException>().FirstOrDefault() ?? errors.FirstOrDefault(x => x is not OperationCanceledException) ?? errors.First();
    }

    /// <summary>Inflates and hashes the entries whose indexes <paramref name="claim"/> hands out, until it returns one past the end.</summary>
    private static void HashEntries(ZipArchive zip, ArchiveEntry[] entries, bool[] keep, byte[] digests, string fileName, Func<int> claim, CancellationToken cancellationToken)
    {
        var zipEntries = zip.Entries;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            for (var i = claim(); i < entries.Length; i = claim())
            {
                var entry = entries[i];
                if (entry.IsDirectory)
                    continue;
                cancellationToken.ThrowIfCancellationRequested();
                var zipEntry = zipEntries[i];
                var digest = digests.AsMemory(i * SHA256.HashSizeInBytes, SHA256.HashSizeInBytes);
                var content = keep[i] ? new byte[zipEntry.Length] : null;
                long read;
                bool overflow;
                try
                {
                    using var stream = zipEntry.Open();
                    read = Drain(stream, zipEntry.Length, buffer, hash, digest.Span, content, out overflow);
                }
                catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException)
                {
                    throw Refuse(Checks.A001, $"{fileName}: entry '{Printable(entry.Name)}' cannot be read ({FirstLine(e.Message)}); the wheel is corrupt. Rebuild it.");
                }

                if (overflow)
                    throw Refuse(Checks.A003, $"{fileName}: entry '{Printable(entry.Name)}' inflates to more than the {zipEntry.Length:N0} bytes it declares (a zip bomb); refused, nothing extracted. Rebuild the wheel.");
                entry.Size = read;
                entry.Sha256 = digest;
                entry.Content = content is not null && read < content.Length ? content[..(int)read] : content;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

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
    private static long Drain(Stream stream, long limit, byte[] buffer, IncrementalHash hash, Span<byte> digest, byte[]? content, out bool overflow)
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

    private static void CheckEntrySize(string fileName, string entryName, long size, long compressed, InspectionLimits limits)
    {
        if (size > limits.MaxEntrySize)
            throw Refuse(Checks.A004, $"{fileName}: entry '{Printable(entryName)}' is {Bytes(size)} uncompressed, more than the limit of {Bytes(limits.MaxEntrySize)}; refused unread. Keep large files out of the package.");
        if (size > limits.RatioCheckedAbove && size > Math.Max(compressed, 1) * limits.MaxCompressionRatio)
            throw Refuse(Checks.A004, $"{fileName}: entry '{Printable(entryName)}' would inflate {Bytes(compressed)} to {Bytes(size)} (more than {limits.MaxCompressionRatio:0}:1, a zip bomb's ratio); refused unread. Rebuild the wheel.");
    }

    /// <summary>The file's bytes, without first zeroing the array they are read into.</summary>
    private static byte[] ReadWhole(string path, long length)
    {
        using var handle = File.OpenHandle(path);
        var bytes = GC.AllocateUninitializedArray<byte>((int)length);
        var read = 0;
        while (read < bytes.Length && RandomAccess.Read(handle, bytes.AsSpan(read), read) is var n and > 0)
            read += n;
        return read == bytes.Length ? bytes : bytes[..read];
    }

    private static ZipArchive OpenZip(Func<Stream> open, string fileName)
    {
        var stream = open();
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException)
        {
            stream.Dispose();
            throw Refuse(Checks.A001, $"{fileName} is not a readable zip archive ({FirstLine(e.Message)}). Rebuild it with ./build.sh Build.");
        }
    }

    private static ArchiveRefusedException Refuse(CheckInfo check, string message) => new(check, message);

    private static string UnixTypeName(int type) => type switch
    {
        0xA000 => "symbolic link",
        0x2000 => "character device",
        0x6000 => "block device",
        0x1000 => "named pipe",
        0xC000 => "socket",
        _ => $"special file (type 0x{type:X4})",
    };

    /// <summary>Control characters shown escaped, so a hostile name cannot rewrite the terminal.</summary>
    internal static string Printable(string text) =>
        text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) ? $"\\x{(int)c:X2}" : c.ToString())) : text;

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    internal static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:0.#} KiB",
        _ => $"{bytes} bytes",
    };
}
