using System.Text;

namespace Wheelhouse.Python.Inspection;

public enum ArchiveFormat
{
    Zip,
    TarGz,
}

/// <summary>
/// One entry of a distribution as read: its path inside the archive (with '/' separators; a folder without
/// its trailing '/'), its uncompressed size, the sha256 of its content, and the content itself when the
/// reader was asked to keep it (metadata files). Nothing is ever written to disk.
/// </summary>
public sealed class ArchiveEntry
{
    public required string Name { get; init; }
    public required bool IsDirectory { get; init; }
    public long Size { get; internal set; }

    /// <summary>32 bytes for a file; empty for a folder.</summary>
    public ReadOnlyMemory<byte> Sha256 { get; internal set; }

    /// <summary>The bytes, when kept; null otherwise.</summary>
    public byte[]? Content { get; internal set; }

    /// <summary>The kept content as UTF-8 text (a byte order mark dropped), or null when not kept.</summary>
    public string? Text => Content is null ? null : new UTF8Encoding(false).GetString(Content).TrimStart('\uFEFF');

    public bool SameContentAs(ArchiveEntry other) => Size == other.Size && Sha256.Span.SequenceEqual(other.Sha256.Span);

    public override string ToString() => Name;
}

/// <summary>A wheel or sdist read into memory as entries (in archive order; names may repeat).</summary>
public sealed record DistributionArchive(string FileName, ArchiveFormat Format, IReadOnlyList<ArchiveEntry> Entries)
{
    /// <summary>For a zip: what PyPI's archive checks refuse in its record structure (warehouse's message), or null when they accept it.</summary>
    public string? ZipProblem { get; init; }

    public IEnumerable<ArchiveEntry> Files => Entries.Where(e => !e.IsDirectory);
}

/// <summary>What the reader refuses to open: bombs, huge or too many entries. All sizes in bytes.</summary>
public sealed record InspectionLimits
{
    public int MaxEntries { get; init; } = 100_000;
    public long MaxTotalSize { get; init; } = 1L << 30;
    public long MaxEntrySize { get; init; } = 512L << 20;

    /// <summary>Entries (and, for an sdist, the whole stream) larger than this must not compress better than <see cref="MaxCompressionRatio"/>.</summary>
    public long RatioCheckedAbove { get; init; } = 1L << 20;
    public double MaxCompressionRatio { get; init; } = 100;

    /// <summary>Largest entry whose content is kept in memory for parsing (METADATA, RECORD, ...).</summary>
    public int MaxKeptSize { get; init; } = 16 << 20;

    /// <summary>Threads reading and hashing a large wheel.</summary>
    public int Parallelism { get; init; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Wheels larger than this (on disk) are read by <see cref="Parallelism"/> threads; below it, starting them costs more than it saves.</summary>
    public long ParallelAbove { get; init; } = 2L << 20;

    public static InspectionLimits Default { get; } = new();
}

/// <summary>An archive the reader refused to read further, with the safety check it failed.</summary>
public sealed class ArchiveRefusedException(CheckInfo check, string message) : Exception(message)
{
    public CheckInfo Check { get; } = check;
}
