namespace Wheelhouse.Python.Inspection;

/// <summary>An sdist's archive with its top folder, PKG-INFO and pyproject.toml located.</summary>
public sealed class SdistModel
{
    public SdistModel(DistributionArchive archive)
    {
        Archive = archive;
        FileName = SdistFileName.TryParse(archive.FileName);
        TopFolders = archive.Entries.Select(e => EntryPath.TopLevel(e.Name)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Top = FileName != null && TopFolders.Contains(FileName.Stem) ? FileName.Stem : TopFolders.Count == 1 ? TopFolders[0] : null;
        foreach (var file in archive.Files)
        {
            var slash = file.Name.IndexOf('/');
            if (slash > 0 && file.Name[..slash] == Top)
                ByPath.TryAdd(file.Name[(slash + 1)..], file);
        }

        PkgInfoEntry = ByPath.GetValueOrDefault("PKG-INFO");
        PyProjectEntry = ByPath.GetValueOrDefault("pyproject.toml");
        PkgInfo = PkgInfoEntry?.Text is { } text ? MetadataFile.Parse(text) : null;
    }

    public DistributionArchive Archive { get; }
    public string Name => Archive.FileName;
    public SdistFileName? FileName { get; }
    public IReadOnlyList<string> TopFolders { get; }

    /// <summary>The top folder the checks read: the one named after the file, else the only one; null when neither.</summary>
    public string? Top { get; }

    /// <summary>Files under <see cref="Top"/>, by their path below it (the first when a path repeats).</summary>
    public Dictionary<string, ArchiveEntry> ByPath { get; } = new(StringComparer.Ordinal);
    public ArchiveEntry? PkgInfoEntry { get; }
    public ArchiveEntry? PyProjectEntry { get; }
    public MetadataFile? PkgInfo { get; }
}
