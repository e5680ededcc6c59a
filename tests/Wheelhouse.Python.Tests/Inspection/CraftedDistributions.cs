using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Wheelhouse.Python.Tests.Inspection;

/// <summary>
/// A wheel to write for a test: a small, valid pytest plugin "demo" by default, with every part open to
/// change. RECORD is computed from the files unless <see cref="Record"/> replaces it.
/// </summary>
public sealed class WheelSpec
{
    public string Name { get; set; } = "demo";
    public string Version { get; set; } = "1.0.0";
    public string? FileNameOverride { get; set; }
    public string FileName => FileNameOverride ?? $"{Name}-{Version}-py3-none-any.whl";
    public string DistInfo { get; set; } = "demo-1.0.0.dist-info";

    /// <summary>Package files, in archive order.</summary>
    public List<(string Path, byte[] Content)> Files { get; } =
    [
        ("demo/__init__.py", Utf8("\"\"\"The demo plugin.\"\"\"\n")),
        ("demo/plugin.py", Utf8(Samples.PluginSource)),
    ];

    public string? Metadata { get; set; } = Samples.Metadata;

    /// <summary>License files under .dist-info/licenses/ (PEP 639), by path.</summary>
    public List<(string Path, string Content)> LicenseFiles { get; } = [("LICENSE", Samples.License)];

    /// <summary>Bytes appended after the finished zip (PyPI refuses trailing data).</summary>
    public byte[]? TrailingBytes { get; set; }
    public string? WheelFile { get; set; } = "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n";
    public string? EntryPoints { get; set; } = "[pytest11]\ndemo = demo.plugin\n";

    /// <summary>Edits the computed RECORD lines (the last one is RECORD's own row).</summary>
    public Action<List<string>>? EditRecord { get; set; }
    public bool WithRecord { get; set; } = true;

    /// <summary>Entries added after RECORD is computed (they are not in it): name, content, Unix mode (null: a regular file).</summary>
    public List<(string Name, byte[] Content, int? UnixMode)> RawEntries { get; } = [];

    public WheelSpec Add(string path, string content)
    {
        Files.Add((path, Utf8(content)));
        return this;
    }

    public string Write(string directory)
    {
        var entries = new List<(string Name, byte[] Content)>(Files);
        void Meta(string name, string? text)
        {
            if (text != null)
                entries.Add(($"{DistInfo}/{name}", Utf8(text)));
        }

        Meta("METADATA", Metadata);
        Meta("WHEEL", WheelFile);
        Meta("entry_points.txt", EntryPoints);
        foreach (var (license, text) in LicenseFiles)
            Meta("licenses/" + license, text);
        if (WithRecord)
        {
            var lines = entries.Select(e => $"{e.Name},{Samples.RecordDigest(e.Content)},{e.Content.Length}").ToList();
            lines.Add($"{DistInfo}/RECORD,,");
            EditRecord?.Invoke(lines);
            entries.Add(($"{DistInfo}/RECORD", Utf8(string.Join("\n", lines) + "\n")));
        }

        var path = Path.Combine(directory, FileName);
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (name, content) in entries)
            Samples.AddZipEntry(zip, name, content, null);
        foreach (var (name, content, mode) in RawEntries)
            Samples.AddZipEntry(zip, name, content, mode);
        zip.Dispose();
        if (TrailingBytes != null)
            file.Write(TrailingBytes);
        return path;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}

/// <summary>An sdist to write for a test: the demo plugin in a src layout by default.</summary>
public sealed class SdistSpec
{
    public string FileName { get; set; } = "demo-1.0.0.tar.gz";
    public string Top { get; set; } = "demo-1.0.0";

    /// <summary>Files below the top folder, in archive order.</summary>
    public List<(string Path, byte[] Content)> Files { get; } =
    [
        ("src/demo/__init__.py", Encoding.UTF8.GetBytes("\"\"\"The demo plugin.\"\"\"\n")),
        ("src/demo/plugin.py", Encoding.UTF8.GetBytes(Samples.PluginSource)),
        ("pyproject.toml", Encoding.UTF8.GetBytes(Samples.PyProject)),
        ("LICENSE", Encoding.UTF8.GetBytes(Samples.License)),
        ("PKG-INFO", Encoding.UTF8.GetBytes(Samples.Metadata)),
    ];

    /// <summary>Tar entries added as they are (full names): links, devices, odd paths.</summary>
    public List<TarEntry> RawEntries { get; } = [];

    public SdistSpec Set(string path, string content)
    {
        Files.RemoveAll(f => f.Path == path);
        Files.Add((path, Encoding.UTF8.GetBytes(content)));
        return this;
    }

    public SdistSpec Remove(string path)
    {
        Files.RemoveAll(f => f.Path == path);
        return this;
    }

    public string Write(string directory)
    {
        var path = Path.Combine(directory, FileName);
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var (name, content) in Files)
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"{Top}/{name}") { DataStream = new MemoryStream(content) });
        foreach (var entry in RawEntries)
            tar.WriteEntry(entry);
        return path;
    }
}

public static class Samples
{
    /// <summary>The demo's core metadata: PEP 639 license fields, a Markdown README, a trove classifier.</summary>
    public const string Metadata =
        "Metadata-Version: 2.4\nName: demo\nVersion: 1.0.0\nSummary: A demo plugin.\nLicense-Expression: MIT\nLicense-File: LICENSE\n" +
        "Classifier: Framework :: Pytest\nDescription-Content-Type: text/markdown\n\n# demo\n\nThe description.\n";

    public const string License = "MIT License\n\nCopyright (c) the demo authors\n";

    public const string PluginSource = "\"\"\"pytest hooks of the demo plugin.\"\"\"\n\n\ndef pytest_configure(config):\n    config.addinivalue_line(\"markers\", \"demo: a demo marker\")\n";

    public const string PyProject = """
        [build-system]
        requires = ["hatchling"]
        build-backend = "hatchling.build"

        [project]
        name = "demo"
        version = "1.0.0"
        classifiers = ["Framework :: Pytest"]

        [project.entry-points.pytest11]
        demo = "demo.plugin"

        """;

    public static string RecordDigest(byte[] content) => "sha256=" + System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(content));

    public static void AddZipEntry(ZipArchive zip, string name, byte[] content, int? unixMode)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        if (unixMode is { } mode)
            entry.ExternalAttributes = mode << 16;
        using var stream = entry.Open();
        stream.Write(content);
    }
}
