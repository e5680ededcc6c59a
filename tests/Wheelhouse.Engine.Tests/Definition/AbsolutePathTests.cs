namespace Wheelhouse.Engine.Tests.Definition;

public class AbsolutePathTests
{
    private static readonly AbsolutePath Root = AbsolutePath.Create(Path.Combine(Path.GetTempPath(), "wheelhouse-root"));

    [Fact]
    public void Slash_operator_combines_and_normalises()
    {
        ((string)(Root / "dist")).Should().Be(Path.Combine(Root, "dist"));
        (Root / "dist" / "..").Should().Be(Root);
        (Root / "a" / "./b/").Should().Be(Root / "a" / "b");
        (Root / "dist").Name.Should().Be("dist");
        (Root / "dist").Parent.Should().Be(Root);
    }

    [Fact]
    public void Trailing_separators_are_dropped_so_equal_paths_are_equal()
    {
        AbsolutePath.Create(Root + Path.DirectorySeparatorChar).Should().Be(Root);
        AbsolutePath.Create(Root + Path.DirectorySeparatorChar).GetHashCode().Should().Be(Root.GetHashCode());
    }

    [Fact]
    public void A_relative_path_is_refused()
    {
        var act = () => AbsolutePath.Create("relative/dir");

        act.Should().Throw<ArgumentException>().WithMessage("'relative/dir' is not an absolute path.*");
    }

    [Fact]
    public void IsWithin_is_true_for_the_path_itself_and_anything_below_it()
    {
        Root.IsWithin(Root).Should().BeTrue();
        (Root / "a").IsWithin(Root).Should().BeTrue();
        (Root / "a" / "b" / "c.txt").IsWithin(Root).Should().BeTrue();
    }

    [Fact]
    public void IsWithin_is_false_for_parents_siblings_and_names_sharing_a_prefix()
    {
        Root.IsWithin(Root / "a").Should().BeFalse();
        Root.Parent!.IsWithin(Root).Should().BeFalse();
        AbsolutePath.Create(Root + "-other").IsWithin(Root).Should().BeFalse();
        (Root.Parent! / "sibling").IsWithin(Root).Should().BeFalse();
    }

    [Fact]
    public void IsWithin_is_true_for_a_child_whose_name_starts_with_two_dots()
    {
        (Root / "..hidden").IsWithin(Root).Should().BeTrue();
        (Root / "...").IsWithin(Root).Should().BeTrue();
    }

    [Fact]
    public void RelativeTo_gives_the_path_from_another()
    {
        (Root / "a" / "b").RelativeTo(Root).Should().Be(Path.Combine("a", "b"));
    }

    [Fact]
    public void Exists_reflects_the_file_system()
    {
        using var temp = new TempDirectory();
        var file = temp.Write("f.txt", "x");

        file.Exists().Should().BeTrue();
        file.FileExists().Should().BeTrue();
        file.DirectoryExists().Should().BeFalse();
        temp.Path.DirectoryExists().Should().BeTrue();
        (temp.Path / "missing").Exists().Should().BeFalse();
    }
}
