using Wheelhouse.Engine.Tests.Definition;

namespace Wheelhouse.Engine.Tests.Output;

public class AtomicFileTests
{
    [Fact]
    public void WriteAllText_creates_missing_folders_and_writes_utf8_without_a_bom()
    {
        using var temp = new TempDirectory();
        var path = temp.Path / "a" / "b" / "out.txt";

        AtomicFile.WriteAllText(path, "héllo");

        File.ReadAllBytes(path).Should().Equal(0x68, 0xC3, 0xA9, 0x6C, 0x6C, 0x6F);
    }

    [Fact]
    public void Writing_replaces_the_old_content_and_leaves_no_temp_file()
    {
        using var temp = new TempDirectory();
        var path = temp.Path / "out.txt";
        File.WriteAllText(path, "old content that is longer");

        AtomicFile.WriteAllText(path, "new");
        AtomicFile.WriteAllBytes(temp.Path / "data.bin", [1, 2, 3]);

        File.ReadAllText(path).Should().Be("new");
        File.ReadAllBytes(temp.Path / "data.bin").Should().Equal(1, 2, 3);
        Directory.GetFiles(temp.Path).Select(Path.GetFileName).Should().BeEquivalentTo("out.txt", "data.bin");
    }

    [Fact]
    public void A_failed_write_leaves_no_temp_file_behind()
    {
        using var temp = new TempDirectory();
        var target = temp.Path / "is-a-directory";
        Directory.CreateDirectory(target);

        var act = () => AtomicFile.WriteAllText(target, "x");

        act.Should().Throw<IOException>();
        Directory.GetFiles(temp.Path).Should().BeEmpty();
    }
}
