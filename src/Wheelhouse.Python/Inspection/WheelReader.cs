using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Compression;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace Wheelhouse.Python.Inspection;

/// <summary>
/// Reads a wheel (a zip): checks every entry of the central directory before inflating anything, then inflates
/// and sha256-hashes the entries. A large wheel is read by a crew of threads from the start: each opens its own
/// <see cref="ZipArchive"/> over its own <see cref="PositionalFileStream"/> on the one file handle (a ZipArchive
/// is not safe for concurrent reads), the helpers parse their copy of the directory while the calling thread
/// checks every entry of its copy, and then all take entries from a shared counter. The helpers are dedicated
/// threads, not pool tasks: the caller may itself be on the pool (a build target), and must not wait for pool
/// threads that are busy or not yet created.
/// </summary>
internal sealed class WheelReader : IDisposable
{
    private const int BufferSize = 1 << 20;

    // Each reader's read-ahead: entries are taken in file order, so one positional read serves many of them.
    private const int ReadAhead = 256 << 10;

    // The structure check reads one header at a time and seeks over the data between them.
    private const int HeaderReadAhead = 1024;

    private readonly string fileName;
    private readonly Func<string, bool> keepContent;
    private readonly InspectionLimits limits;
    private readonly CancellationToken cancellationToken;
    private readonly SafeFileHandle handle;
    private readonly long length;
    private readonly int crew;
    private readonly ManualResetEventSlim planned = new();
    private readonly CancellationTokenSource failed;
    private readonly ConcurrentQueue<Exception> helperErrors = new();

    // Written by the calling thread before `planned` is set; read by the helpers after.
    private ArchiveEntry[]? entries;
    private Zip.ZipDirectory? layout;
    private long[]? localEnds;
    private bool[]? keep;
    private byte[]? digests;
    private int next = -1;

    private WheelReader(string path, Func<string, bool> keepContent, InspectionLimits limits, CancellationToken cancellationToken)
    {
        fileName = Path.GetFileName(path);
        this.keepContent = keepContent;
        this.limits = limits;
        this.cancellationToken = cancellationToken;
        handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        length = RandomAccess.GetLength(handle);
        crew = length > limits.ParallelAbove ? Math.Max(1, limits.Parallelism) : 1;
        failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    public static DistributionArchive Read(string path, Func<string, bool> keepContent, InspectionLimits limits, CancellationToken cancellationToken)
    {
        using var reader = new WheelReader(path, keepContent, limits, cancellationToken);
        return reader.Run();
    }

    public void Dispose()
    {
        handle.Dispose();
        planned.Dispose();
        failed.Dispose();
    }

    private DistributionArchive Run()
    {
        var helpers = Enumerable.Range(1, crew - 1)
            .Select(i => new Thread(Help) { IsBackground = true, Name = $"inspect-wheel-{i}" })
            .ToList();
        helpers.ForEach(t => t.Start());

        DistributionArchive? archive = null;
        Exception? error = null;
        try
        {
            using var zip = OpenZip(out var stream);
            archive = Plan(zip, stream);
            planned.Set();
            HashEntries(zip, stream);
        }
        catch (Exception e)
        {
            error = e;
            failed.Cancel();
        }
        finally
        {
            planned.Set();
            helpers.ForEach(t => t.Join());
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (Cause(error, helperErrors) is { } cause)
            ExceptionDispatchInfo.Throw(cause);
        return archive! with { ZipProblem = ZipProblem() };
    }

    /// <summary>
    /// What PyPI's archive checks refuse, or null. The local headers were checked against the central directory while the
    /// entries were read; only when that finds something (or cannot tell) does warehouse's record walk run, for its words.
    /// </summary>
    private string? ZipProblem()
    {
        if (layout != null && localEnds != null && Zip.ZipLayout.Accepts(layout, localEnds, length))
        {
            var uncompressed = layout.Records.Sum(r => r.Size);
            return uncompressed > Zip.ZipConfusion.RatioCheckedAbove && uncompressed / (double)Math.Max(length, 1) > Zip.ZipConfusion.MaxRatio
                ? $"File exceeds compression ratio of {Zip.ZipConfusion.MaxRatio}"
                : null;
        }

        try
        {
            using var stream = new PositionalFileStream(handle, length, HeaderReadAhead);
            return Zip.ZipConfusion.Check(stream);
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return $"its records could not be read ({DistributionReader.FirstLine(e.Message)})";
        }
    }

    /// <summary>
    /// What to report when threads failed: a refusal first, then any real error, then the calling thread's own
    /// (a cancellation). A helper's refusal is what cancelled the calling thread: report the cause, not the effect.
    /// </summary>
    internal static Exception? Cause(Exception? own, IEnumerable<Exception> helpers)
    {
        var all = helpers.Prepend(own).OfType<Exception>().ToList();
        return all.OfType<ArchiveRefusedException>().FirstOrDefault() ?? all.FirstOrDefault(e => e is not OperationCanceledException) ?? own;
    }

    /// <summary>A helper: its own view of the directory while the calling thread checks it, then entries.</summary>
    private void Help()
    {
        try
        {
            using var zip = OpenZip(out var stream);
            _ = zip.Entries;
            planned.Wait(failed.Token);
            if (entries != null)
                HashEntries(zip, stream);
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested)
        {
            // someone else failed, or the caller cancelled: they report it
        }
        catch (Exception e)
        {
            helperErrors.Enqueue(e);
            failed.Cancel();
        }
    }

    private ZipArchive OpenZip(out PositionalFileStream stream)
    {
        stream = new PositionalFileStream(handle, length, ReadAhead);
        try
        {
            return new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException)
        {
            stream.Dispose();
            throw DistributionReader.Refuse(Checks.A001, $"{fileName} is not a readable zip archive ({DistributionReader.FirstLine(e.Message)}). Rebuild it with ./build.sh Build.");
        }
    }

    /// <summary>Checks every entry of the directory (names, types, declared sizes) and lays out the work; nothing is inflated yet.</summary>
    private DistributionArchive Plan(ZipArchive zip, Stream stream)
    {
        var zipEntries = zip.Entries;
        if (zipEntries.Count > limits.MaxEntries)
            throw DistributionReader.Refuse(Checks.A002, $"{fileName} has {zipEntries.Count:N0} entries, more than the limit of {limits.MaxEntries:N0}; refused unread. No package needs that many files: rebuild it from the right source tree.");

        var planEntries = new ArchiveEntry[zipEntries.Count];
        var planKeep = new bool[zipEntries.Count];
        long total = 0;
        for (var i = 0; i < zipEntries.Count; i++)
        {
            var zipEntry = zipEntries[i];
            var raw = zipEntry.FullName;
            if (EntryPath.Problem(raw) is { } problem)
                throw DistributionReader.Refuse(Checks.A005, $"{fileName}: entry '{DistributionReader.Printable(raw)}' has {problem}; refused without extracting anything. Rebuild the wheel with a standard build backend.");
            var isDirectory = raw.EndsWith('/');
            var unixType = (zipEntry.ExternalAttributes >> 16) & 0xF000;
            if (unixType is not (0 or 0x8000 or 0x4000))
                throw DistributionReader.Refuse(Checks.A006, $"{fileName}: entry '{DistributionReader.Printable(raw)}' is a {UnixTypeName(unixType)}, which a wheel must not contain; refused unread. Rebuild the wheel without it.");
            DistributionReader.CheckEntrySize(fileName, raw, zipEntry.Length, zipEntry.CompressedLength, limits);
            total += zipEntry.Length;
            if (total > limits.MaxTotalSize)
                throw DistributionReader.Refuse(Checks.A003, $"{fileName} declares more than {DistributionReader.Bytes(limits.MaxTotalSize)} of uncompressed content; refused unread as a possible zip bomb. A package this large is a mistake: rebuild it from the right source tree.");
            planEntries[i] = new ArchiveEntry { Name = isDirectory ? raw[..^1] : raw, IsDirectory = isDirectory, Size = isDirectory ? 0 : zipEntry.Length };
            planKeep[i] = !isDirectory && zipEntry.Length <= limits.MaxKeptSize && keepContent(planEntries[i].Name);
        }

        // Our own reading of the central directory, in the same order as the ZipArchive's, for the structure check.
        var directory = Zip.ZipDirectory.Read(stream);
        if (directory.Problem == null && directory.Records.Count == planEntries.Length)
        {
            layout = directory;
            localEnds = new long[planEntries.Length];
            Array.Fill(localEnds, -1L);
        }

        digests = new byte[planEntries.Length * SHA256.HashSizeInBytes];
        keep = planKeep;
        entries = planEntries;
        return new DistributionArchive(fileName, ArchiveFormat.Zip, planEntries);
    }

    /// <summary>Inflates and hashes entries taken from the shared counter until none is left.</summary>
    private void HashEntries(ZipArchive zip, Stream stream)
    {
        var zipEntries = zip.Entries;
        var all = entries!;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            for (var i = Interlocked.Increment(ref next); i < all.Length; i = Interlocked.Increment(ref next))
            {
                var entry = all[i];
                // The local header sits just before the data this thread reads next: checking it costs no extra read.
                if (layout != null)
                    localEnds![i] = Zip.ZipLayout.LocalEnd(stream, layout.Records[i]);
                if (entry.IsDirectory)
                    continue;
                failed.Token.ThrowIfCancellationRequested();
                var zipEntry = zipEntries[i];
                var digest = digests.AsMemory(i * SHA256.HashSizeInBytes, SHA256.HashSizeInBytes);
                var content = keep![i] ? new byte[zipEntry.Length] : null;
                long read;
                bool overflow;
                try
                {
                    using var data = zipEntry.Open();
                    read = DistributionReader.Drain(data, zipEntry.Length, buffer, hash, digest.Span, content, out overflow);
                }
                catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException)
                {
                    throw DistributionReader.Refuse(Checks.A001, $"{fileName}: entry '{DistributionReader.Printable(entry.Name)}' cannot be read ({DistributionReader.FirstLine(e.Message)}); the wheel is corrupt. Rebuild it.");
                }

                if (overflow)
                    throw DistributionReader.Refuse(Checks.A003, $"{fileName}: entry '{DistributionReader.Printable(entry.Name)}' inflates to more than the {zipEntry.Length:N0} bytes it declares (a zip bomb); refused, nothing extracted. Rebuild the wheel.");
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

    private static string UnixTypeName(int type) => type switch
    {
        0xA000 => "symbolic link",
        0x2000 => "character device",
        0x6000 => "block device",
        0x1000 => "named pipe",
        0xC000 => "socket",
        _ => $"special file (type 0x{type:X4})",
    };
}
