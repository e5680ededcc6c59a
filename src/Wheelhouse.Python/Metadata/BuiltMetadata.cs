using System.IO.Compression;
using Wheelhouse.Engine;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.Python.Metadata;

/// <summary>The metadata of the wheel Build left in dist/: what the backend reported when it built.</summary>
public static class BuiltMetadata
{
    /// <summary>The one wheel's metadata; null when dist/ holds no wheel, or wheels of more than one name or version.</summary>
    public static ProjectMetadata? TryRead(AbsolutePath distDirectory)
    {
        if (!distDirectory.DirectoryExists())
            return null;
        var wheels = Directory.GetFiles(distDirectory, "*.whl").Order(StringComparer.Ordinal)
            .Select(path => (Path: path, Name: WheelFileName.TryParse(Path.GetFileName(path))))
            .Where(w => w.Name != null)
            .ToList();
        if (wheels.Count == 0 || wheels.Select(w => (ProjectName.Normalise(w.Name!.Name), DistributionNames.CanonicalVersion(w.Name.Version))).Distinct().Count() != 1)
            return null;

        var (path, name) = wheels[0];
        using var archive = ZipFile.OpenRead(path);
        var distInfo = $"{name!.Name}-{name.Version}.dist-info/";
        string? Read(string member)
        {
            var entry = archive.Entries.FirstOrDefault(e => string.Equals(e.FullName, distInfo + member, StringComparison.OrdinalIgnoreCase));
            if (entry is null)
                return null;
            using var reader = new StreamReader(entry.Open());
            return reader.ReadToEnd();
        }

        var metadata = Read("METADATA");
        return metadata is null ? null : ProjectMetadata.FromDistInfo(metadata, Read("entry_points.txt"), $"dist/{Path.GetFileName(path)}");
    }
}
