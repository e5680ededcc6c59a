namespace Wheelhouse.Python.Tests;

public sealed class CleanerTests
{
    [Fact]
    public void Removes_dist_egg_info_and_pycache_but_keeps_sources()
    {
        using var folder = new TempFolder();
        folder.Write("dist/x-1.0.tar.gz", "old");
        folder.Write("x.egg-info/PKG-INFO", "");
        folder.Write("src/x.egg-info/PKG-INFO", "");
        folder.Write("src/x/__pycache__/a.pyc", "");
        folder.Write("src/x/__init__.py", "");
        folder.Write("build/Build.cs", "// the C# build project, not a leftover");

        var removed = Cleaner.Clean(folder.Absolute);

        removed.Select(r => r.RelativeTo(folder.Absolute)).Should().BeEquivalentTo("dist", "x.egg-info", "src/x.egg-info", "src/x/__pycache__");
        File.Exists(Path.Combine(folder.Path, "src/x/__init__.py")).Should().BeTrue();
        File.Exists(Path.Combine(folder.Path, "build/Build.cs")).Should().BeTrue();
    }

    [Fact]
    public void Is_fine_when_nothing_is_there()
    {
        using var folder = new TempFolder();
        Cleaner.Clean(folder.Absolute).Should().BeEmpty();
    }

    [Fact]
    public void Removes_a_dist_link_but_never_what_it_points_to()
    {
        using var outside = new TempFolder();
        var precious = outside.Write("keep.txt", "precious");
        using var folder = new TempFolder();
        Directory.CreateSymbolicLink(Path.Combine(folder.Path, "dist"), outside.Path);

        Cleaner.Clean(folder.Absolute).Should().ContainSingle();

        Path.Exists(Path.Combine(folder.Path, "dist")).Should().BeFalse();
        File.ReadAllText(precious).Should().Be("precious");
    }
}
