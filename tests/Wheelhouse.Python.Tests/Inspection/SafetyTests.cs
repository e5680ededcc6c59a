using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.Python.Tests.Inspection;

/// <summary>Bombs and path tricks are refused with the safety check that caught them, and nothing is ever extracted.</summary>
public sealed class SafetyTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private ArchiveRefusedException RefusedZip(Action<ZipArchive> fill, InspectionLimits? limits = null)
    {
        var path = Path.Combine(folder.Path, "demo-1.0.0-py3-none-any.whl");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            fill(zip);
        var read = () => DistributionReader.Read(path, _ => true, limits);
        return read.Should().Throw<ArchiveRefusedException>().Which;
    }

    private ArchiveRefusedException RefusedTar(Action<TarWriter> fill, InspectionLimits? limits = null)
    {
        var path = Path.Combine(folder.Path, "demo-1.0.0.tar.gz");
        using (var file = System.IO.File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
            fill(tar);
        var read = () => DistributionReader.Read(path, _ => true, limits);
        return read.Should().Throw<ArchiveRefusedException>().Which;
    }

    private static void File(ZipArchive zip, string name, byte[] content, int? unixMode = null) => Samples.AddZipEntry(zip, name, content, unixMode);

    private static PaxTarEntry TarFile(string name, byte[] content) => new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content) };

    [Theory]
    [InlineData("/etc/cron.d/demo", "an absolute path")]
    [InlineData("demo/../../escape.py", "a '..' segment")]
    [InlineData("..", "a '..' segment")]
    [InlineData("demo\\..\\..\\escape.py", "a backslash")]
    [InlineData("C:/Windows/demo.py", "a drive letter")]
    [InlineData("demo/\u001b[2Jclear.py", "a control character")]
    [InlineData("demo//double.py", "an empty or '.' segment")]
    public void Zip_entries_with_path_tricks_are_refused(string name, string problem)
    {
        var refused = RefusedZip(zip => File(zip, name, "x = 1\n"u8.ToArray()));

        refused.Check.Should().Be(Checks.A005);
        refused.Message.Should().Contain(problem).And.Contain("refused without extracting anything").And.NotContain("\u001b");
        Directory.GetFileSystemEntries(folder.Path).Should().HaveCount(1, "nothing is extracted next to the archive");
    }

    [Theory]
    [InlineData("/tmp/evil.py")]
    [InlineData("demo-1.0.0/../../evil.py")]
    [InlineData("demo-1.0.0\\evil.py")]
    public void Tar_entries_with_path_tricks_are_refused(string name)
    {
        RefusedTar(tar => tar.WriteEntry(TarFile(name, "x = 1\n"u8.ToArray()))).Check.Should().Be(Checks.A005);
        System.IO.File.Exists("/tmp/evil.py").Should().BeFalse();
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink, "is a link")]
    [InlineData(TarEntryType.HardLink, "is a link")]
    [InlineData(TarEntryType.CharacterDevice, "CharacterDevice")]
    [InlineData(TarEntryType.BlockDevice, "BlockDevice")]
    [InlineData(TarEntryType.Fifo, "Fifo")]
    public void Tar_links_and_devices_are_refused(TarEntryType type, string said)
    {
        var refused = RefusedTar(tar =>
        {
            tar.WriteEntry(TarFile("demo-1.0.0/PKG-INFO", "Name: demo\n"u8.ToArray()));
            var entry = new PaxTarEntry(type, "demo-1.0.0/special");
            if (type is TarEntryType.SymbolicLink or TarEntryType.HardLink)
                entry.LinkName = "/etc/shadow";
            tar.WriteEntry(entry);
        });

        refused.Check.Should().Be(Checks.A006);
        refused.Message.Should().Contain("demo-1.0.0/special").And.Contain(said);
    }

    [Theory]
    [InlineData(0xA1FF, "symbolic link")]
    [InlineData(0x21B6, "character device")]
    [InlineData(0x11B6, "named pipe")]
    public void Zip_entries_marked_as_links_or_devices_are_refused(int mode, string said)
    {
        var refused = RefusedZip(zip => File(zip, "demo/link.py", "/etc/passwd"u8.ToArray(), mode));
        refused.Check.Should().Be(Checks.A006);
        refused.Message.Should().Contain(said);
    }

    [Fact]
    public void A_zip_bomb_is_refused_from_its_directory_before_anything_is_inflated()
    {
        // 200 MiB of zeros deflate to about 200 KiB: a ratio of 1000:1.
        var refused = RefusedZip(zip =>
        {
            var entry = zip.CreateEntry("demo/bomb.bin", CompressionLevel.Fastest);
            using var stream = entry.Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 200; i++)
                stream.Write(zeros);
        });

        refused.Check.Should().Be(Checks.A004);
        refused.Message.Should().Contain("demo/bomb.bin").And.Contain("100:1");
    }

    [Fact]
    public void A_zip_whose_entries_add_up_past_the_limit_is_refused()
    {
        var refused = RefusedZip(zip =>
        {
            for (var i = 0; i < 5; i++)
                File(zip, $"demo/m{i}.py", Encoding.UTF8.GetBytes(new string('x', 1000) + i));
        }, new InspectionLimits { MaxTotalSize = 3000 });

        refused.Check.Should().Be(Checks.A003);
        refused.Message.Should().Contain("possible zip bomb");
    }

    [Fact]
    public void An_entry_is_never_inflated_past_the_size_it_declares()
    {
        var path = Path.Combine(folder.Path, "demo-1.0.0-py3-none-any.whl");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            File(zip, "demo/liar.py", Encoding.UTF8.GetBytes(new string('a', 100_000)));
        // Claim 1,000 bytes in both the local header and the central directory.
        var bytes = System.IO.File.ReadAllBytes(path);
        Patch(bytes, [0x50, 0x4B, 0x03, 0x04], 22, 1000);
        Patch(bytes, [0x50, 0x4B, 0x01, 0x02], 24, 1000);
        System.IO.File.WriteAllBytes(path, bytes);

        DistributionArchive? archive = null;
        try
        {
            archive = DistributionReader.Read(path, _ => true);
        }
        catch (ArchiveRefusedException refused)
        {
            refused.Check.Should().BeOneOf(Checks.A001, Checks.A003);
        }

        // Either refused, or cut at the declared size (so RECORD's size and digest no longer match).
        archive?.Entries.Single().Size.Should().BeLessThanOrEqualTo(1000);
        archive?.Entries.Single().Content!.Length.Should().BeLessThanOrEqualTo(1000);
    }

    private static void Patch(byte[] bytes, byte[] signature, int offset, uint value)
    {
        var at = bytes.AsSpan().IndexOf(signature);
        at.Should().BeGreaterThanOrEqualTo(0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + offset), value);
    }

    [Fact]
    public void Too_many_entries_are_refused_before_reading_them()
    {
        var refused = RefusedZip(zip =>
        {
            for (var i = 0; i < 20; i++)
                File(zip, $"demo/m{i}.py", []);
        }, new InspectionLimits { MaxEntries = 10 });

        refused.Check.Should().Be(Checks.A002);
    }

    [Fact]
    public void A_huge_entry_is_refused_by_its_declared_size()
    {
        var refused = RefusedZip(zip => File(zip, "demo/big.bin", new byte[5000].Select((_, i) => (byte)(i * 7919 % 251)).ToArray()), new InspectionLimits { MaxEntrySize = 4096 });
        refused.Check.Should().Be(Checks.A004);
        refused.Message.Should().Contain("more than the limit");
    }

    [Fact]
    public void A_gzip_bomb_sdist_is_stopped_while_streaming()
    {
        var refused = RefusedTar(tar => tar.WriteEntry(TarFile("demo-1.0.0/zeros.bin", new byte[64 << 20])));

        refused.Check.Should().Be(Checks.A004);
        refused.Message.Should().Contain("possible gzip bomb");
    }

    [Fact]
    public void An_sdist_past_the_total_limit_is_refused()
    {
        var refused = RefusedTar(tar =>
        {
            for (var i = 0; i < 4; i++)
                tar.WriteEntry(TarFile($"demo-1.0.0/m{i}.py", new byte[1000]));
        }, new InspectionLimits { MaxTotalSize = 2500 });

        refused.Check.Should().Be(Checks.A003);
    }

    [Theory]
    [InlineData("demo-1.0.0-py3-none-any.whl", "")]
    [InlineData("demo-1.0.0-py3-none-any.whl", "PK\u0003\u0004 truncated")]
    [InlineData("demo-1.0.0.tar.gz", "not gzip at all")]
    public void Corrupt_or_empty_archives_are_reported_as_unreadable(string name, string content)
    {
        var path = folder.Write(name, content);
        var read = () => DistributionReader.Read(path, _ => true);
        read.Should().Throw<ArchiveRefusedException>().Which.Check.Should().Be(Checks.A001);
    }

    [Fact]
    public void A_refused_archive_is_one_failed_safety_check_and_the_inspection_fails()
    {
        using var scenario = new InspectionScenario();
        scenario.Wheel!.RawEntries.Add(("../../../../tmp/owned.py", "x = 1\n"u8.ToArray(), null));

        var report = scenario.Inspect();

        report.Passed.Should().BeFalse();
        report.Files.Single(f => f.Kind == "wheel").RefusedBy.Should().Be("A005");
        report.Outcomes.Where(o => o.File == "demo-1.0.0-py3-none-any.whl").Select(o => o.Check.Id).Should().Equal("A005");
        System.IO.File.Exists("/tmp/owned.py").Should().BeFalse();
    }

    [Fact]
    public void Safety_checks_cannot_be_silenced()
    {
        using var scenario = new InspectionScenario();
        scenario.PyProject += "\n[tool.wheelhouse.inspect]\nignore = [\"A005\"]\n";
        scenario.Wheel!.RawEntries.Add(("/abs.py", "x = 1\n"u8.ToArray(), null));

        var report = scenario.Inspect();

        report.Passed.Should().BeFalse();
        report.Outcome("pyproject.toml", Checks.C001)!.Findings.Single().Message.Should().Contain("cannot be silenced");
    }
}
