using Wheelhouse.Python.Release;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Tests.Release;

public sealed class InitVersionFileTests
{
    private static readonly Pep440Version Next = Pep440Version.Parse("0.3.0");

    [Theory]
    [InlineData("\"\"\"Doc.\"\"\"\n\n__version__ = \"0.2.0\"\n__all__ = [\"__version__\"]\n", "\"\"\"Doc.\"\"\"\n\n__version__ = \"0.3.0\"\n__all__ = [\"__version__\"]\n")]
    [InlineData("__version__ = '0.2.0'  # comment\r\n", "__version__ = '0.3.0'  # comment\r\n")]
    [InlineData("__version__: str = \"0.2\"\n", "__version__: str = \"0.3.0\"\n")]
    [InlineData("__version__=\"0.2.0\"", "__version__=\"0.3.0\"")]
    public void Replaces_the_literal_keeping_its_quotes(string text, string expected)
    {
        InitVersionFile.Read(text).Should().NotBeNull();
        InitVersionFile.WithVersion(text, Next).Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("from importlib.metadata import version\n__version__ = version(\"evalcheck\")\n")]
    [InlineData("def f():\n    __version__ = \"1.0\"\n")]
    [InlineData("# __version__ = \"1.0\"\n")]
    public void A_file_without_a_module_level_literal_is_left_alone(string text)
    {
        InitVersionFile.Read(text).Should().BeNull();
        InitVersionFile.WithVersion(text, Next).Should().BeNull();
    }

    [Fact]
    public void Locates_the_package_in_src_or_at_the_root_by_its_normalised_name()
    {
        using var folder = new TempFolder();
        InitVersionFile.Locate(folder.Path, "My.Eval-Check").Should().BeNull();
        var flat = folder.Write("my_eval_check/__init__.py", "");
        InitVersionFile.Locate(folder.Path, "My.Eval-Check").Should().Be(flat);
        var src = folder.Write("src/my_eval_check/__init__.py", "");
        InitVersionFile.Locate(folder.Path, "My.Eval-Check").Should().Be(src);
        InitVersionFile.Locate(folder.Path, null).Should().BeNull();
    }

    [Fact]
    public void Reads_the_repository_plugin()
    {
        var root = TempFolder.RepositoryRoot();
        var init = InitVersionFile.Locate(root, "evalcheck");
        init.Should().Be(Path.Combine(root, "src", "evalcheck", "__init__.py"));
        InitVersionFile.Read(File.ReadAllText(init!)).Should().Be(PyProject.Load(Path.Combine(root, "pyproject.toml")).Version);
    }
}
