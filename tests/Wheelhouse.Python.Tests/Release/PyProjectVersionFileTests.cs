using System.Text;
using Wheelhouse.Engine;
using Wheelhouse.Python.Release;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Tests.Release;

public sealed class PyProjectVersionFileTests
{
    private static readonly Pep440Version Next = Pep440Version.Parse("1.3.0rc1");

    /// <summary>Edits the file and checks that the result is the input with exactly <paramref name="before"/> replaced by <paramref name="after"/> once.</summary>
    private static void AssertOnlyVersionChanges(byte[] input, string before, string after, string expectedCurrent = "1.2.0")
    {
        var file = PyProjectVersionFile.Parse("pyproject.toml", input);
        file.Version.ToString().Should().Be(expectedCurrent);

        var output = file.WithVersion(Next);

        var inputText = Encoding.UTF8.GetString(input);
        var index = inputText.IndexOf(before, StringComparison.Ordinal);
        index.Should().BeGreaterThanOrEqualTo(0);
        inputText.IndexOf(before, index + 1, StringComparison.Ordinal).Should().Be(-1, "the version literal should be unique in the test input");
        var expected = Encoding.UTF8.GetBytes(inputText[..index] + after + inputText[(index + before.Length)..]);
        output.Should().Equal(expected);
    }

    [Fact]
    public void Keeps_comments_order_and_everything_else_byte_for_byte()
    {
        var text = """
            # leading comment
            [build-system]
            requires = ["hatchling"]   # trailing comment
            build-backend = "hatchling.build"

            [project]   # the project
            name = "evalcheck"
              version   =   "1.2.0"     # keep this comment
            description = 'a "quoted" thing'
            license = { text = "MIT" }
            authors = [{ name = "A", email = "a@example.com" }]
            urls.Homepage = "https://example.com"

            [tool.other]
            version = "9.9.9"

            """;
        AssertOnlyVersionChanges(Encoding.UTF8.GetBytes(text), "\"1.2.0\"", "\"1.3.0rc1\"");
    }

    [Fact]
    public void Keeps_CRLF_line_endings()
    {
        var text = "[project]\r\nname = \"x\"\r\nversion = \"1.2.0\"\r\n\r\n[tool.x]\r\na = 1\r\n";
        AssertOnlyVersionChanges(Encoding.UTF8.GetBytes(text), "\"1.2.0\"", "\"1.3.0rc1\"");
    }

    [Fact]
    public void Keeps_single_quoted_literal_strings()
    {
        AssertOnlyVersionChanges(Encoding.UTF8.GetBytes("[project]\nname = 'x'\nversion = '1.2.0'\n"), "'1.2.0'", "'1.3.0rc1'");
    }

    [Fact]
    public void Keeps_a_byte_order_mark_and_non_ASCII_text()
    {
        var text = "[project]\nname = \"x\"\ndescription = \"Ünïcødé 😀\"\nversion = \"1.2.0\"\n";
        byte[] input = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)];
        var output = PyProjectVersionFile.Parse("pyproject.toml", input).WithVersion(Next);
        output.Should().Equal([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text.Replace("1.2.0", "1.3.0rc1"))]);
    }

    [Fact]
    public void Finds_the_version_in_an_inline_project_table()
    {
        AssertOnlyVersionChanges(Encoding.UTF8.GetBytes("project = { name = \"x\", version = \"1.2.0\" }\n[tool.a]\nb = { version = \"0\" }\n"), "\"1.2.0\"", "\"1.3.0rc1\"");
    }

    [Fact]
    public void Finds_the_version_as_a_dotted_key()
    {
        AssertOnlyVersionChanges(Encoding.UTF8.GetBytes("project.name = \"x\"\nproject.version = \"1.2.0\" # here\n"), "\"1.2.0\"", "\"1.3.0rc1\"");
    }

    [Fact]
    public void Finds_the_version_after_subtables_and_arrays_of_tables_with_their_own_version_keys()
    {
        var text = "[[tool.matrix]]\nversion = \"3.0\"\n[project.urls]\nversion = \"https://x\"\n[project]\nname = \"x\"\nversion = \"1.2.0\"\n";
        AssertOnlyVersionChanges(Encoding.UTF8.GetBytes(text), "\"1.2.0\"", "\"1.3.0rc1\"");
    }

    [Fact]
    public void Writes_the_canonical_form_in_place_of_a_non_canonical_version()
    {
        AssertOnlyVersionChanges(Encoding.UTF8.GetBytes("[project]\nversion = \"v1.2-RC1\"\n"), "\"v1.2-RC1\"", "\"1.3.0rc1\"", expectedCurrent: "1.2rc1");
    }

    [Fact]
    public void Reads_name_and_version()
    {
        var file = PyProjectVersionFile.Parse("p", Encoding.UTF8.GetBytes("[project]\nname = \"eval-check\"\nversion = \"0.2.0\"\n"));
        file.Name.Should().Be("eval-check");
        file.VersionText.Should().Be("0.2.0");
    }

    [Fact]
    public void Without_a_project_table_finds_poetry_s_own_version()
    {
        var text = "[build-system]\nrequires = [\"poetry-core\"]\n\n[tool.poetry]\nname = \"pytest-poetry\"\nversion = \"1.2.0\"  # poetry's\n\n[tool.poetry.dependencies]\npytest = { version = \">=7\" }\n";
        AssertOnlyVersionChanges(Encoding.UTF8.GetBytes(text), "\"1.2.0\"", "\"1.3.0rc1\"");

        var file = PyProjectVersionFile.Parse("p", Encoding.UTF8.GetBytes(text));
        file.Name.Should().Be("pytest-poetry");
        file.Key.Should().Be("tool.poetry.version");
    }

    [Fact]
    public void A_project_table_wins_over_poetry_s_version()
    {
        var file = PyProjectVersionFile.Parse("p", Encoding.UTF8.GetBytes("[project]\nname = \"x\"\nversion = \"1.2.0\"\n[tool.poetry]\nversion = \"0.0.0\"\n"));

        file.Key.Should().Be("project.version");
        file.Version.ToString().Should().Be("1.2.0");
    }

    [Fact]
    public void Edits_the_repository_pyproject_exactly()
    {
        var path = Path.Combine(TempFolder.RepositoryRoot(), "pyproject.toml");
        var input = File.ReadAllBytes(path);
        var file = PyProjectVersionFile.Parse(path, input);
        var output = Encoding.UTF8.GetString(file.WithVersion(Pep440Version.Parse("9.8.7")));
        output.Should().Be(Encoding.UTF8.GetString(input).Replace($"version = \"{file.VersionText}\"", "version = \"9.8.7\""));
    }

    [Theory]
    [InlineData("[project]\nname = \"x\"\ndynamic = [\"version\"]\n", "p.toml declares the version dynamic (dynamic = [\"version\"] in [project])*remove \"version\" from dynamic*")]
    [InlineData("[tool.x]\na = 1\n", "p.toml has no [project] table*")]
    [InlineData("[project]\nname = \"x\"\n", "p.toml has no version in [project]. Add version = *")]
    [InlineData("[project]\nversion = 1\n", "p.toml: project.version must be a string*")]
    [InlineData("[project]\nversion = \"banana\"\n", "p.toml: project.version 'banana' is not a valid PEP 440 version*")]
    [InlineData("[tool.poetry]\nversion = \"banana\"\n", "p.toml: tool.poetry.version 'banana' is not a valid PEP 440 version*")]
    [InlineData("[tool.poetry]\nversion = 2\n", "p.toml: tool.poetry.version must be a string*")]
    [InlineData("[tool.poetry]\nname = \"x\"\n", "p.toml has no [project] table*")]
    [InlineData("[project\nversion = ", "p.toml is not valid TOML*")]
    public void Explains_what_is_wrong(string text, string message)
    {
        var act = () => PyProjectVersionFile.Parse("p.toml", Encoding.UTF8.GetBytes(text));
        act.Should().Throw<BuildException>().WithMessage(message);
    }

    [Fact]
    public void Refuses_invalid_UTF8()
    {
        var act = () => PyProjectVersionFile.Parse("p.toml", [.. Encoding.UTF8.GetBytes("[project]\nversion = \"1.0\"\n# "), 0xFF, 0x0A]);
        act.Should().Throw<BuildException>().WithMessage("p.toml is not valid UTF-8*");
    }
}
