using System.Formats.Tar;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace Wheelhouse.Adoption.Tests.Support;

/// <summary>What a build left in dist/: the file names and the version each distribution's own metadata states.</summary>
public sealed record BuiltArtifacts(IReadOnlyList<string> Files, string? WheelVersion, string? SdistVersion, IReadOnlyList<string> SdistFiles)
{
    /// <summary>Reads dist/ (empty when the build made none).</summary>
    public static BuiltArtifacts Read(string dist)
    {
        if (!Directory.Exists(dist))
            return new BuiltArtifacts([], null, null, []);
        var files = Directory.GetFiles(dist).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        var wheel = Directory.GetFiles(dist, "*.whl").SingleOrDefault();
        var sdist = Directory.GetFiles(dist, "*.tar.gz").SingleOrDefault();
        return new BuiltArtifacts(
            files,
            wheel is null ? null : VersionIn(WheelMetadata(wheel)),
            sdist is null ? null : VersionIn(SdistPkgInfo(sdist)),
            sdist is null ? [] : Archives.SdistFiles(sdist));
    }

    /// <summary>The Version field of core metadata (METADATA, PKG-INFO).</summary>
    private static string? VersionIn(string metadata) =>
        Regex.Match(metadata, @"^Version: *(\S+)\r?$", RegexOptions.Multiline) is { Success: true } match ? match.Groups[1].Value : null;

    private static string WheelMetadata(string wheel)
    {
        using var archive = ZipFile.OpenRead(wheel);
        var entry = archive.Entries.Single(e => Regex.IsMatch(e.FullName, @"^[^/]+\.dist-info/METADATA$"));
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    /// <summary>The PKG-INFO at the sdist's top folder.</summary>
    private static string SdistPkgInfo(string sdist)
    {
        using var file = File.OpenRead(sdist);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.DataStream is not null && Regex.IsMatch(entry.Name, "^[^/]+/PKG-INFO$"))
            {
                using var reader = new StreamReader(entry.DataStream);
                return reader.ReadToEnd();
            }
        }

        throw new InvalidOperationException($"{sdist} has no PKG-INFO in its top folder.");
    }
}
