namespace Wheelhouse.Python.Inspection;

/// <summary>A wheel's archive with the parts the checks look at located and parsed.</summary>
public sealed class WheelModel
{
    public WheelModel(DistributionArchive archive)
    {
        Archive = archive;
        FileName = WheelFileName.TryParse(archive.FileName);
        Files = archive.Files.ToList();
        foreach (var file in Files)
            ByName.TryAdd(file.Name, file);
        DistInfoFolders = archive.Entries
            .Select(e => EntryPath.TopLevel(e.Name))
            .Where(t => t.EndsWith(".dist-info", StringComparison.Ordinal) && t.Length > ".dist-info".Length)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
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
        }

        DataFolder = DistInfo?[..^".dist-info".Length] + ".data";
        LibraryFiles = Files
            .Select(f => (Path: LibraryPath(f.Name), Entry: f))
            .Where(f => f.Path != null)
            .Select(f => (f.Path!, f.Entry))
            .ToList();
    }

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
    public IReadOnlyList<(string Path, ArchiveEntry Entry)> LibraryFiles { get; }

    /// <summary>True when the .dist-info folder is named {name}-{version}.dist-info after the file name.</summary>
    public bool MatchesFileName(string distInfo)
    {
        if (FileName == null)
            return false;
        var stem = distInfo[..^".dist-info".Length];
        var dash = stem.LastIndexOf('-');
        if (dash <= 0)
            return false;
        return DistributionNames.SameName(stem[..dash], FileName.Name) && SameVersionText(stem[(dash + 1)..], FileName.Version);
    }

    private ArchiveEntry? Entry(string name) => ByName.GetValueOrDefault($"{DistInfo}/{name}");

    private string? LibraryPath(string name)
    {
        var top = EntryPath.TopLevel(name);
        if (top.EndsWith(".dist-info", StringComparison.Ordinal))
            return null;
        if (top.EndsWith(".data", StringComparison.Ordinal) && (DataFolder == null || top == DataFolder))
        {
            foreach (var scheme in new[] { "/purelib/", "/platlib/" })
            {
                var prefix = top + scheme;
                if (name.StartsWith(prefix, StringComparison.Ordinal))
                    return name[prefix.Length..];
            }

            return null;
        }

        return name;
    }

    internal static bool SameVersionText(string a, string b) =>
        DistributionNames.CanonicalVersion(a) is { } x ? x == DistributionNames.CanonicalVersion(b) : a == b;
}
