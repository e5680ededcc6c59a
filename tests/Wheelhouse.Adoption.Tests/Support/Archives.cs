using System.Formats.Tar;
using System.IO.Compression;

namespace Wheelhouse.Adoption.Tests.Support;

/// <summary>What is inside the files the tests make.</summary>
public static class Archives
{
    /// <summary>The file paths in an sdist below its top folder (pytest_foo-1.0/src/x.py is src/x.py).</summary>
    public static IReadOnlyList<string> SdistFiles(string sdist)
    {
        using var file = File.OpenRead(sdist);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var files = new List<string>();
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType is TarEntryType.Directory)
                continue;
            var slash = entry.Name.IndexOf('/');
            files.Add(slash < 0 ? entry.Name : entry.Name[(slash + 1)..]);
        }

        return files.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The single sdist in a folder.</summary>
    public static string OnlySdist(string folder)
    {
        var sdists = Directory.GetFiles(folder, "*.tar.gz");
        return sdists.Length == 1 ? sdists[0] : throw new InvalidOperationException($"{folder} holds {sdists.Length} sdists: {string.Join(", ", sdists)}");
    }

    /// <summary>The bytes of one entry of a zip (a .nupkg).</summary>
    public static byte[] ZipEntry(string zip, string entryName)
    {
        using var archive = ZipFile.OpenRead(zip);
        var entry = archive.GetEntry(entryName) ?? throw new InvalidOperationException($"{zip} has no entry {entryName}; it has {string.Join(", ", archive.Entries.Select(e => e.FullName))}");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static IReadOnlyList<string> ZipEntries(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        return archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal).ToList();
    }
}
