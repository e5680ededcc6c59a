using System.IO.Compression;
using System.Text;
using Wheelhouse.Engine;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.PyPI.Upload;

/// <summary>The core metadata of a distribution, read from its own <c>METADATA</c> (wheel) or <c>PKG-INFO</c> (sdist).</summary>
/// <param name="Text">The file's text, for what the parsed form loses (the indentation of a <c>Description</c> header).</param>
/// <param name="MemberName">Where in the archive it was found.</param>
internal sealed record DistributionMetadata(MetadataFile Metadata, string Text, string MemberName)
{
    /// <summary>More than this is not metadata but a mistake (PyPI's whole upload limit for a description is far below).</summary>
    private const int MaxMetadataBytes = 16 << 20;

    public static DistributionMetadata Read(string path, CancellationToken cancellationToken = default)
    {
        var fileName = Path.GetFileName(path);
        if (DistributionReader.IsWheel(fileName))
            return ReadWheel(path, fileName);
        if (DistributionReader.IsSdist(fileName))
            return ReadSdist(path, fileName, cancellationToken);
        throw new BuildException($"{fileName} is neither a wheel (.whl) nor an sdist (.tar.gz); PyPI accepts only these. Upload the files ./build.sh Build writes to dist/.");
    }

    /// <summary>
    /// The wheel's top-level <c>*.dist-info/METADATA</c>, read alone from the zip's directory (the rest of the wheel
    /// is not inflated). With several top-level .dist-info folders, the one named after the wheel wins.
    /// </summary>
    private static DistributionMetadata ReadWheel(string path, string fileName)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var candidates = zip.Entries
                .Where(e => e.FullName.EndsWith(".dist-info/METADATA", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1)
                .ToList();
            if (candidates.Count > 1 && WheelFileName.TryParse(fileName) is { } parsed)
            {
                var own = candidates.Where(e => string.Equals(e.FullName, $"{parsed.Name}-{parsed.Version}.dist-info/METADATA", StringComparison.OrdinalIgnoreCase)).ToList();
                if (own.Count == 1)
                    candidates = own;
            }

            if (candidates.Count != 1)
                throw new BuildException(candidates.Count == 0
                    ? $"{fileName} has no .dist-info/METADATA at its top level, so it has no metadata to upload; it is not a valid wheel. Rebuild it with ./build.sh Build."
                    : $"{fileName} has {candidates.Count} top-level .dist-info folders ({string.Join(", ", candidates.Select(c => c.FullName))}) and none is named after the wheel; it is not a valid wheel. Rebuild it with ./build.sh Build.");
            var entry = candidates[0];
            if (entry.Length > MaxMetadataBytes)
                throw new BuildException($"{fileName}: {entry.FullName} is {entry.Length:N0} bytes, which is not metadata. Rebuild the wheel.");
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return Parse(fileName, entry.FullName, buffer.ToArray());
        }
        catch (InvalidDataException e)
        {
            throw new BuildException($"{fileName} is not a readable zip archive ({e.Message}); rebuild it with ./build.sh Build.");
        }
    }

    /// <summary>The sdist's <c>{top}/PKG-INFO</c>, found by streaming through the archive (nothing is extracted).</summary>
    private static DistributionMetadata ReadSdist(string path, string fileName, CancellationToken cancellationToken)
    {
        DistributionArchive archive;
        try
        {
            archive = DistributionReader.ReadTarGz(path, IsTopLevelPkgInfo, InspectionLimits.Default, cancellationToken);
        }
        catch (ArchiveRefusedException e)
        {
            throw new BuildException($"{e.Message} (found while reading its PKG-INFO for the upload)");
        }

        var candidates = archive.Files.Where(f => IsTopLevelPkgInfo(f.Name)).ToList();
        if (candidates.Count > 1 && SdistFileName.TryParse(fileName) is { } parsed)
        {
            var own = candidates.Where(c => c.Name == $"{parsed.Stem}/PKG-INFO").ToList();
            if (own.Count == 1)
                candidates = own;
        }

        if (candidates.Count != 1 || candidates[0].Content is not { } content)
            throw new BuildException(candidates.Count == 0
                ? $"{fileName} has no PKG-INFO in its top folder, so it has no metadata to upload; it is not a valid sdist. Rebuild it with ./build.sh Build."
                : $"{fileName} has {candidates.Count} top folders with a PKG-INFO; an sdist has exactly one. Rebuild it with ./build.sh Build.");
        return Parse(fileName, candidates[0].Name, content);
    }

    private static bool IsTopLevelPkgInfo(string name) =>
        name.EndsWith("/PKG-INFO", StringComparison.Ordinal) && name.IndexOf('/') == name.Length - "/PKG-INFO".Length;

    private static DistributionMetadata Parse(string fileName, string member, byte[] bytes)
    {
        var text = new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF');
        var metadata = MetadataFile.Parse(text);
        if (metadata.MalformedLines.Count > 0)
            throw new BuildException($"{fileName}: {member} has header lines that are not 'Key: value' ({string.Join("; ", metadata.MalformedLines.Take(3).Select(l => $"'{Printable(l)}'"))}); indexes read them differently, so it is not uploaded. Rebuild the distribution with a standard build backend.");
        return new DistributionMetadata(metadata, text, member);
    }

    /// <summary>Control characters escaped, so a hostile archive cannot rewrite the terminal.</summary>
    internal static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\x{(int)c:X2}" : c.ToString()));
}
