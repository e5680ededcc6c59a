using Wheelhouse.Engine;
using Wheelhouse.Python.Requirements;

namespace Wheelhouse.Python.Tests.Requirements;

// Cases from PEP 508 and from pypa/packaging's tests/test_markers.py (our own test code).
public sealed class MarkerExpressionTests
{
    private static readonly string[] Variables =
    [
        "extra", "implementation_name", "implementation_version", "os_name", "platform_machine", "platform_release",
        "platform_system", "platform_version", "python_full_version", "python_version", "platform_python_implementation",
        "sys_platform",
        // PEP 345 and setuptools spellings
        "os.name", "sys.platform", "platform.version", "platform.machine", "platform.python_implementation", "python_implementation",
    ];

    private static readonly string[] Operators = ["===", "==", ">=", "<=", "!=", "~=", ">", "<", "in", "not in"];

    private static readonly string[] Values = ["1.0", "5.6a0", "dog", "freebsd", "literally any string can go here", "things @#4 dsfd ((("];

    public static TheoryData<string> EveryVariableOperatorAndValue()
    {
        var data = new TheoryData<string>();
        foreach (var variable in Variables)
        foreach (var op in Operators)
        foreach (var value in Values)
        {
            data.Add($"{variable} {op} '{value}'");
            data.Add($"'{value}' {op} {variable}");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryVariableOperatorAndValue))]
    public void Parses_every_variable_with_every_operator_on_either_side(string marker)
    {
        var parsed = MarkerExpression.Parse(marker);

        parsed.Comparisons.Should().ContainSingle();
    }

    [Theory]
    [InlineData("this_isnt_a_real_variable >= '1.0'", "'this_isnt_a_real_variable' is not a marker variable")]
    [InlineData("python_version", "expected an operator (===, ==, ~=, !=, <=, >=, <, >, in, not in) after python_version, found the end")]
    [InlineData("(python_version)", "expected an operator")]
    [InlineData("python_version >= 1.0 and (python_version)", "'1.0' is not a marker variable")]
    [InlineData("(python_version == \"2.7\" and os_name == \"linux\"", "expected ')' to close the '(' at character 1, found the end")]
    [InlineData("(python_version == \"2.7\") with random text", "expected 'and', 'or' or the end of the marker, found 'with random text'")]
    [InlineData("os_name == \"posix", "the string that starts with \" at character 12 has no closing \"")]
    [InlineData("os_name = 'posix'", "expected an operator")]
    [InlineData("os_name not 'posix'", "expected 'in' after 'not'")]
    [InlineData("python_version < '3.8' and", "expected a marker variable or a quoted string, found the end")]
    [InlineData("", "expected a marker such as python_version < \"3.11\", found nothing")]
    public void Says_what_is_wrong_with_an_invalid_marker(string marker, string problem)
    {
        var parse = () => MarkerExpression.Parse(marker);

        parse.Should().Throw<BuildException>().Which.Message.Should()
            .StartWith($"'{marker.Trim()}' is not a valid environment marker (PEP 508): ").And.Contain(problem);
    }

    [Theory]
    [InlineData("python_version == '2.7'", "python_version == \"2.7\"")]
    [InlineData("python_version==\"2.7\"", "python_version == \"2.7\"")]
    [InlineData("python_version == \"2.7\" and os_name == \"linux\"", "python_version == \"2.7\" and os_name == \"linux\"")]
    [InlineData("python_version == \"2.7\" and os_name == \"linux\" or sys_platform == \"win32\"", "python_version == \"2.7\" and os_name == \"linux\" or sys_platform == \"win32\"")]
    [InlineData("(python_version == \"2.7\")", "python_version == \"2.7\"")]
    [InlineData("(python_version == \"2.7\" and sys_platform == \"win32\")", "python_version == \"2.7\" and sys_platform == \"win32\"")]
    [InlineData("python_version == \"2.7\" and (sys_platform == \"win32\" or sys_platform == \"linux\")", "python_version == \"2.7\" and (sys_platform == \"win32\" or sys_platform == \"linux\")")]
    [InlineData("os.name == 'nt' and python_implementation == 'PyPy'", "os_name == \"nt\" and platform_python_implementation == \"PyPy\"")]
    [InlineData("extra == 'S_P__A_M'", "extra == \"s-p-a-m\"")] // extras are kept in their PEP 685 form
    [InlineData("'S_P__A_M' == extra", "\"s-p-a-m\" == extra")]
    [InlineData("extra == os_name", "extra == os_name")]
    [InlineData("os_name == 'it\"s'", "os_name == 'it\"s'")]
    [InlineData("'linux'in sys_platform", "\"linux\" in sys_platform")]
    public void Prints_the_canonical_form(string marker, string canonical)
    {
        var parsed = MarkerExpression.Parse(marker);

        parsed.ToString().Should().Be(canonical);
        MarkerExpression.Parse(parsed.ToString()).ToString().Should().Be(canonical);
    }

    [Theory]
    [InlineData("os_name == 'posix'", true)]
    [InlineData("os_name == 'foo'", false)]
    [InlineData("'2.7' in python_version", false)] // substring: "2.7" is not in "3.11"
    [InlineData("'3.1' in python_version", true)] // ... and "3.1" is
    [InlineData("'3.1' not in python_version", false)]
    [InlineData("'linux' in sys_platform", true)]
    [InlineData("'x86' in platform_machine and 'win' not in sys_platform", true)]
    [InlineData("os_name == 'posix' and python_version ~= '3.11.0'", true)] // 3.11 is 3.11.0
    [InlineData("python_version ~= '3.10.0'", false)] // ~=3.10.0 is >=3.10.0, ==3.10.*
    [InlineData("python_full_version ~= '3.11.0'", true)]
    [InlineData("python_version ~= '3.8' and (os_name == 'foo' or os_name == 'posix')", true)]
    [InlineData("python_version ~= '3.8' and (os_name == 'foo' or os_name == 'bar')", false)]
    [InlineData("os_name == 'a' and os_name == 'b' or os_name == 'posix'", true)] // and binds tighter than or
    [InlineData("os_name == 'posix' or os_name == 'a' and os_name == 'b'", true)]
    [InlineData("(os_name == 'posix' or os_name == 'a') and os_name == 'b'", false)]
    [InlineData("sys.platform == 'win32'", false)]
    [InlineData("platform.machine=='x86_64'", true)]
    [InlineData("platform.python_implementation=='Jython'", false)]
    [InlineData("python_implementation=='CPython'", true)]
    [InlineData("platform_system == \"Linux\" and implementation_name == \"cpython\"", true)]
    // real markers of build requirements and Requires-Dist
    [InlineData("python_version < \"3.11\"", false)]
    [InlineData("python_version<\"3.8\"", false)]
    [InlineData("python_version >= \"3.8\"", true)]
    [InlineData("python_version >= \"3.10\"", true)] // versions, not text: 3.11 > 3.10
    [InlineData("python_version > \"3.9\"", true)] // and 3.11 > 3.9, though "3.11" < "3.9" as text
    [InlineData("python_full_version >= \"3.11.1\"", true)]
    [InlineData("python_full_version < \"3.11.2\"", false)]
    [InlineData("python_version == \"3.*\"", true)]
    [InlineData("python_version != \"3.11.*\"", false)]
    [InlineData("implementation_version >= \"3.11\"", true)]
    [InlineData("sys_platform == \"win32\"", false)]
    [InlineData("sys_platform != \"win32\" and platform_machine != \"arm64\"", true)]
    [InlineData("platform_python_implementation == \"PyPy\"", false)]
    [InlineData("os_name === \"POSIX\"", true)] // arbitrary equality ignores case
    // literals on both sides, and text that is no version, compare as Python compares strings
    [InlineData("'a' < 'b'", true)]
    [InlineData("'b' <= 'a'", false)]
    [InlineData("os_name < 'q'", true)]
    [InlineData("os_name > 'q'", false)]
    [InlineData("platform_release >= '6'", true)] // 6.1.0-18-amd64 is no PEP 440 version
    [InlineData("platform_release < '6.1.0-2'", true)] // as text, "6.1.0-18..." < "6.1.0-2" (as versions 6.1.0.post18 would not be)
    public void Evaluates_against_an_interpreter(string marker, bool expected)
    {
        MarkerExpression.Parse(marker).Evaluate(Environments.CPython311Linux).Should().Be(expected);
    }

    [Theory]
    [InlineData("python_version < \"3.11\"", true)]
    [InlineData("python_version >= \"3.10\"", false)] // as versions 3.9 < 3.10, though "3.9" > "3.10" as text
    [InlineData("python_version > \"3.8\"", true)]
    [InlineData("sys_platform == \"win32\"", true)]
    [InlineData("os_name == \"nt\" and platform_machine == \"AMD64\"", true)]
    public void Evaluates_against_another_interpreter(string marker, bool expected)
    {
        MarkerExpression.Parse(marker).Evaluate(Environments.CPython39Windows).Should().Be(expected);
    }

    [Theory]
    [InlineData("extra == 'security'", "quux", false)]
    [InlineData("extra == 'security'", "security", true)]
    [InlineData("extra == 'SECURITY'", "security", true)]
    [InlineData("extra == 'security'", "SECURITY", true)]
    [InlineData("extra == 'pep-685-norm'", "PEP_685...norm", true)]
    [InlineData("extra == 'Different.punctuation..is...equal'", "different__punctuation_is_EQUAL", true)]
    [InlineData("extra == \"v2\"", "", false)] // extras are names, even when they look like versions
    [InlineData("extra == \"v2\"", "v2", true)]
    [InlineData("extra == \"v2\"", "v2a3", false)]
    [InlineData("extra == \"v2a3\"", "v2", false)]
    [InlineData("extra == \"2\"", "2.0", false)]
    [InlineData("extra == 'toml'", "", false)]
    [InlineData("extra != 'toml'", "", true)]
    [InlineData("(extra == \"Foo_Bar\" or extra == \"Baz\") and python_version >= \"3\"", "foo-bar", true)]
    public void Compares_extras_by_their_normal_form(string marker, string extra, bool expected)
    {
        MarkerExpression.Parse(marker).Evaluate(Environments.CPython311Linux with { Extra = extra }).Should().Be(expected);
    }

    [Theory]
    [InlineData("\"2.7.9\" < python_full_version", "2.7.10", true)] // versions when both sides are
    [InlineData("\"2.7.9\" < python_full_version", "2.7.8", false)]
    [InlineData("python_full_version > \"3.6.2\"", "3.11.0a5", true)] // pre-releases of the interpreter count
    [InlineData("python_full_version >= \"3.13\"", "3.13.0rc1", false)] // ... and come before the release
    [InlineData("python_full_version < '3.12'", "3.11.1+", true)] // an untagged build's version, read as 3.11.1+local
    public void Compares_the_interpreter_version_as_a_version(string marker, string fullVersion, bool expected)
    {
        MarkerExpression.Parse(marker).Evaluate(Environments.CPython311Linux with { PythonFullVersion = fullVersion }).Should().Be(expected);
    }

    [Theory]
    [InlineData("'2.7.0' ~= os_name")]
    [InlineData("os_name ~= 'posix'")]
    public void Refuses_to_guess_a_comparison_PEP_508_leaves_undefined(string marker)
    {
        var evaluate = () => MarkerExpression.Parse(marker).Evaluate(Environments.CPython311Linux);

        evaluate.Should().Throw<BuildException>().Which.Message.Should().Contain("~= is defined only between PEP 440 versions");
    }

    [Fact]
    public void Lists_its_comparisons_left_to_right()
    {
        var marker = MarkerExpression.Parse("python_version < '3.8' or (os_name == 'nt' and extra == 'test')");

        marker.Comparisons.Select(c => c.ToString()).Should().Equal(
            "python_version < \"3.8\"", "os_name == \"nt\"", "extra == \"test\"");
        marker.Comparisons.Select(c => c.ComparesExtra).Should().Equal(false, false, true);
    }
}
