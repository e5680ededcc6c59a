namespace Wheelhouse.Python.Inspection;

/// <summary>A file a wheel installs, with its path below site-packages.</summary>
public sealed record LibraryFile(string Path, ArchiveEntry Entry);

/// <summary>A wheel's archive with the parts the checks look at located and parsed.</summary>
public sealed class WheelModel
{
    public WheelModel(DistributionArchive archive)
    {
        Archive = archive;
        FileName = WheelFileName.TryParse(archive.FileName);
        var files = new List<ArchiveEntry>(archive.Entries.Count);
        var distInfos = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var entry in archive.Entries)
        {
            var slash = entry.Name.IndexOf('/');
            var top = slash < 0 ? entry.Name.AsSpan() : entry.Name.AsSpan(0, slash);
            if (top.Length > DistInfoSuffix.Length && top.EndsWith(DistInfoSuffix, StringComparison.Ordinal))
                distInfos.Add(top.ToString());
            if (entry.IsDirectory)
                continue;
            files.Add(entry);
            ByName.TryAdd(entry.Name, entry);
        }

        Files = files;
        DistInfoFolders = distInfos.ToList();
        DistInfo = DistInfoFolders.FirstOrDefault(MatchesFileName) ?? (DistInfoFolders.Count > 0 ? DistInfoFolders[0] : null);
        if (DistInfo != null)
        {
            MetadataEntry = Entry("METADATA");
            WheelEntry = Entry("WHEEL");
            RecordEntry = Entry("RECORD");
            EntryPointsEntry = Entry("entry_points.txt");
            Metadata = MetadataEntry?.Text is { } metadata ? MetadataFile.Parse(metadata) : null;
            Wheel = WheelEntry?.Text is { } wheel ? MetadataFile.Parse(wheel) : null;
            Record = RecordEntry?.Text is { } record ? RecordFile.Parse(record) : null;
            EntryPoints = EntryPointsEntry?.Text is { } entryPoints ? EntryPointsFile.Parse(entryPoints) : null;
            DataFolder = DistInfo[..^DistInfoSuffix.Length] + ".data";
        }

        var library = new List<LibraryFile>(files.Count);
        foreach (var file in files)
        {
            if (LibraryPath(file.Name) is { } path)
                library.Add(new LibraryFile(path, file));
        }

        LibraryFiles = library;
    }

    private const string DistInfoSuffix = ".dist-info";

    public DistributionArchive Archive { get; }
    public string Name => Archive.FileName;

    /// <summary>The parsed file name, or null when it is not a valid wheel file name.</summary>
    public WheelFileName? FileName { get; }
    public IReadOnlyList<ArchiveEntry> Files { get; }

    /// <summary>Files by name (the first when a name repeats).</summary>
    public Dictionary<string, ArchiveEntry> ByName { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<string> DistInfoFolders { get; }

    /// <summary>The .dist-info folder the checks read: the one matching the file name, else the first.</summary>
    public string? DistInfo { get; }
    public string? DataFolder { get; }
    public ArchiveEntry? MetadataEntry { get; }
    public ArchiveEntry? WheelEntry { get; }
    public ArchiveEntry? RecordEntry { get; }
    public ArchiveEntry? EntryPointsEntry { get; }
    public MetadataFile? Metadata { get; }
    public MetadataFile? Wheel { get; }
    public RecordFile? Record { get; }
    public EntryPointsFile? EntryPoints { get; }

    /// <summary>
    /// Files that install into site-packages, with their path there: everything outside .dist-info and
    /// .data, plus .data/purelib and .data/platlib with that prefix removed.
    /// </summary>
    public IReadOnlyList<LibraryFile> LibraryFiles { get; }

    /// <summary>True when the .dist-info folder is named {name}-{version}.dist-info after the file name.</summary>
    public bool MatchesFileName(string distInfo)
    {
        if (FileName == null)
            return false;
        var stem = distInfo[..^DistInfoSuffix.Length];
        var dash = stem.LastIndexOf('-');
        if (dash <= 0)
            return false;
        return ProjectName.Same(stem[..dash], FileName.Name) && SameVersionText(stem[(dash + 1)..], FileName.Version);
    }

    private ArchiveEntry? Entry(string name) => ByName.GetValueOrDefault($"{DistInfo}/{name}");

    private string? LibraryPath(string name)
    {
        var slash = name.IndexOf('/');
        if (slash < 0)
            return name;
        var top = name.AsSpan(0, slash);
        if (top.EndsWith(DistInfoSuffix, StringComparison.Ordinal))
            return null;
        if (top.EndsWith(".data", StringComparison.Ordinal) && (DataFolder == null || top.SequenceEqual(DataFolder)))
        {
            var rest = name.AsSpan(top.Length);
            foreach (var scheme in (ReadOnlySpan<string>)["/purelib/", "/platlib/"])
            {
                if (rest.StartsWith(scheme, StringComparison.Ordinal))
                    return name[(top.Length + scheme.Length)..];
            }

            return null;
        }

        return name;
    }

    internal static bool SameVersionText(string a, string b) =>
        DistributionNames.CanonicalVersion(a) is { } x ? x == DistributionNames.CanonicalVersion(b) : a == b;
}
