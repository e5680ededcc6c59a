using System.Security.Cryptography;
using System.Text;

namespace Wheelhouse.Python.Inspection;

/// <summary>
/// InspectWheel runs once per process, so its checks are compiled by the JIT on first use; for a large
/// dist/ that adds a sequential 0.1 s after the (parallel) reading. This runs every check once over a
/// tiny in-memory wheel (and sdist) on another thread while the real distributions are being read, so the
/// compilation overlaps the reading. Its result is thrown away; it never touches a file.
/// </summary>
internal static class WarmUp
{
    /// <summary>Below this total size of dist/, reading is too short for the overlap to pay.</summary>
    public const long WorthItAbove = 4L << 20;

    /// <summary>Runs the checks over a sample wheel, and a sample sdist when <paramref name="withSdist"/> (the kinds dist/ holds).</summary>
    public static Task Start(bool withSdist) => Task.Factory.StartNew(() =>
    {
        try
        {
            List<DistributionInput> samples = [new("sample-1.0-py3-none-any.whl", 1, SampleWheel())];
            if (withSdist)
                samples.Add(new("sample-1.0.tar.gz", 1, SampleSdist()));
            var project = ProjectExpectations.Parse(
                "[project]\nname = \"sample\"\nversion = \"1.0\"\n[project.entry-points.pytest11]\nsample = \"sample.plugin\"\n", "sample", "v1.0");
            var report = Inspector.Inspect(samples, project);
            ReportJson.Serialize(report, "/");
        }
        catch (Exception)
        {
            // Only a warm-up: the real inspection reports whatever went wrong.
        }
    }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static DistributionArchive SampleWheel()
    {
        var files = new List<(string Name, string Text)>
        {
            ("sample/__init__.py", ""),
            ("sample/plugin.py", "def pytest_configure(config):\n    pass\n"),
            ("sample-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: sample\nVersion: 1.0\nClassifier: Framework :: Pytest\n\n"),
            ("sample-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
            ("sample-1.0.dist-info/entry_points.txt", "[pytest11]\nsample = sample.plugin\n"),
        };
        var record = string.Concat(files.Select(f => $"{f.Name},sha256={Base64UrlDigest(f.Text)},{Encoding.UTF8.GetByteCount(f.Text)}\n")) + "sample-1.0.dist-info/RECORD,,\n";
        files.Add(("sample-1.0.dist-info/RECORD", record));
        return new DistributionArchive("sample-1.0-py3-none-any.whl", ArchiveFormat.Zip, files.Select(f => Entry(f.Name, f.Text)).ToList());
    }

    private static DistributionArchive SampleSdist() => new("sample-1.0.tar.gz", ArchiveFormat.TarGz,
    [
        Entry("sample-1.0/PKG-INFO", "Metadata-Version: 2.1\nName: sample\nVersion: 1.0\n\n"),
        Entry("sample-1.0/pyproject.toml", "[project]\nname = \"sample\"\nversion = \"1.0\"\n"),
        Entry("sample-1.0/src/sample/__init__.py", ""),
        Entry("sample-1.0/src/sample/plugin.py", "def pytest_configure(config):\n    pass\n"),
    ]);

    private static ArchiveEntry Entry(string name, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new ArchiveEntry { Name = name, IsDirectory = false, Size = bytes.Length, Sha256 = SHA256.HashData(bytes), Content = bytes };
    }

    private static string Base64UrlDigest(string text) => System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
