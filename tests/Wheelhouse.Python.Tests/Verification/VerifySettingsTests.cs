using Wheelhouse.Engine;
using Wheelhouse.Python.Verification;

namespace Wheelhouse.Python.Tests.Verification;

public sealed class VerifySettingsTests
{
    private static VerifySettings Read(string toml, params string[] existing)
    {
        using var folder = new TempFolder();
        folder.Write("pyproject.toml", toml);
        foreach (var path in existing)
            folder.Write(path, "");
        return VerifySettings.Read(folder.Absolute);
    }

    private static string Error(string toml, params string[] existing)
    {
        var act = () => Read(toml, existing);
        return act.Should().Throw<BuildException>().Which.Message;
    }

    [Fact]
    public void Without_the_table_there_are_no_smoke_tests_and_the_source_tree_is_compared_from_src_or_the_root()
    {
        Read("[project]\nname = \"x\"\n").Should().Be(VerifySettings.Default);
        VerifySettings.Default.Should().BeEquivalentTo(new VerifySettings([], true, ["src", "."], false));
        using var empty = new TempFolder();
        VerifySettings.Read(empty.Absolute).Should().Be(VerifySettings.Default, "a setup.py project may have no pyproject.toml");
    }

    [Fact]
    public void The_table_names_test_paths_source_roots_and_whether_to_compare()
    {
        var settings = Read("[tool.wheelhouse.verify]\ntests = [\"tests/smoke/\", \"tests\\\\extra_test.py\"]\ncompare-source = false\nsource-roots = [\"lib\"]\n",
            "tests/smoke/test_a.py", "tests/extra_test.py");

        settings.Tests.Should().Equal("tests/smoke", "tests/extra_test.py");
        settings.CompareSource.Should().BeFalse();
        settings.SourceRoots.Should().Equal("lib");
        settings.Declared.Should().BeTrue();
    }

    [Fact]
    public void An_empty_table_declares_no_tests_and_keeps_the_defaults() =>
        Read("[tool.wheelhouse.verify]\n").Should().BeEquivalentTo(new VerifySettings([], true, ["src", "."], true));

    [Theory]
    [InlineData("tests = \"tests/smoke\"", "tests in [tool.wheelhouse.verify] must be a list of paths relative to the project root, like tests = [\"tests/smoke\"], not \"tests/smoke\"")]
    [InlineData("tests = [\"tests/missing\"]", "tests in [tool.wheelhouse.verify] names 'tests/missing', which does not exist in")]
    [InlineData("tests = [\"../elsewhere\"]", "has '../elsewhere'; give paths relative to the project root, inside it")]
    [InlineData("tests = [\"/abs/tests\"]", "has '/abs/tests'; give paths relative to the project root, inside it")]
    [InlineData("compare-source = \"no\"", "compare-source in [tool.wheelhouse.verify] must be true or false, not \"no\"")]
    [InlineData("test = [\"tests/smoke\"]", "[tool.wheelhouse.verify] has unknown key(s) 'test'; the keys are tests, compare-source, source-roots")]
    [InlineData("source-roots = [1]", "source-roots in [tool.wheelhouse.verify] must be a list of paths")]
    public void A_bad_table_is_an_error_naming_the_file_and_the_key(string line, string expected) =>
        Error("[tool.wheelhouse.verify]\n" + line + "\n").Should().Contain("pyproject.toml: ").And.Contain(expected);

    [Fact]
    public void A_verify_key_that_is_not_a_table_is_an_error() =>
        Error("[tool.wheelhouse]\nverify = [\"tests\"]\n").Should().Contain("tool.wheelhouse.verify must be a table");
}
