using Wheelhouse.Engine;
using Wheelhouse.Python.Requirements;

namespace Wheelhouse.Python.Tests.Requirements;

// Cases from PEP 508, from pypa/packaging's tests/test_requirements.py, and from real build-system.requires.
public sealed class DependencySpecifierTests
{
    [Theory]
    [InlineData("hatchling>=1.18", "hatchling", "hatchling", "", ">=1.18", null, "hatchling>=1.18")]
    [InlineData("setuptools>=64", "setuptools", "setuptools", "", ">=64", null, "setuptools>=64")]
    [InlineData("setuptools_scm[toml]>=6.2", "setuptools_scm", "setuptools-scm", "toml", ">=6.2", null, "setuptools_scm[toml]>=6.2")]
    [InlineData("poetry-core>=1.0.0", "poetry-core", "poetry-core", "", ">=1.0.0", null, "poetry-core>=1.0.0")]
    [InlineData("flit_core >=3.2,<4", "flit_core", "flit-core", "", ">=3.2,<4", null, "flit_core>=3.2,<4")]
    [InlineData("tomli>=1.1.0; python_version < \"3.11\"", "tomli", "tomli", "", ">=1.1.0", "python_version < \"3.11\"", "tomli>=1.1.0; python_version < \"3.11\"")]
    [InlineData("importlib-metadata; python_version<\"3.8\"", "importlib-metadata", "importlib-metadata", "", "", "python_version < \"3.8\"", "importlib-metadata; python_version < \"3.8\"")]
    [InlineData("pytest>=7.0", "pytest", "pytest", "", ">=7.0", null, "pytest>=7.0")]
    [InlineData("hatch-vcs", "hatch-vcs", "hatch-vcs", "", "", null, "hatch-vcs")]
    [InlineData("Flit.Core", "Flit.Core", "flit-core", "", "", null, "Flit.Core")]
    // as Requires-Dist spells them
    [InlineData("packaging (>=20.0)", "packaging", "packaging", "", ">=20.0", null, "packaging>=20.0")]
    [InlineData("pluggy (<2.0,>=0.12)", "pluggy", "pluggy", "", "<2.0,>=0.12", null, "pluggy<2.0,>=0.12")]
    [InlineData("tomli (>=1.0.0) ; python_version < \"3.11\"", "tomli", "tomli", "", ">=1.0.0", "python_version < \"3.11\"", "tomli>=1.0.0; python_version < \"3.11\"")]
    [InlineData("setuptools (>=42) ; extra == 'toml'", "setuptools", "setuptools", "", ">=42", "extra == \"toml\"", "setuptools>=42; extra == \"toml\"")]
    [InlineData("colorama ; sys_platform == \"win32\"", "colorama", "colorama", "", "", "sys_platform == \"win32\"", "colorama; sys_platform == \"win32\"")]
    // from packaging's tests
    [InlineData("A", "A", "a", "", "", null, "A")]
    [InlineData("foo-bar.quux_baz", "foo-bar.quux_baz", "foo-bar-quux-baz", "", "", null, "foo-bar.quux_baz")]
    [InlineData("name (==4)", "name", "name", "", "==4", null, "name==4")]
    [InlineData("name>=3,<2", "name", "name", "", ">=3,<2", null, "name>=3,<2")]
    [InlineData("name >=2, <3", "name", "name", "", ">=2,<3", null, "name>=2,<3")]
    [InlineData("name ( >= 2 , < 3 )", "name", "name", "", ">=2,<3", null, "name>=2,<3")]
    [InlineData("foobar [quux,bar]", "foobar", "foobar", "quux,bar", "", null, "foobar[quux,bar]")]
    [InlineData("foo[]", "foo", "foo", "", "", null, "foo")]
    [InlineData("foo[ a , b ,a]", "foo", "foo", "a,b", "", null, "foo[a,b]")]
    [InlineData("name[bar]>=3; python_version == \"2.7\"", "name", "name", "bar", ">=3", "python_version == \"2.7\"", "name[bar]>=3; python_version == \"2.7\"")]
    [InlineData("name[quux, strange];python_version<'2.7' and platform_version=='2'", "name", "name", "quux,strange", "", "python_version < \"2.7\" and platform_version == \"2\"", "name[quux,strange]; python_version < \"2.7\" and platform_version == \"2\"")]
    [InlineData("name; os_name=='a' and os_name=='b' or os_name=='c'", "name", "name", "", "", "os_name == \"a\" and os_name == \"b\" or os_name == \"c\"", "name; os_name == \"a\" and os_name == \"b\" or os_name == \"c\"")]
    [InlineData("  name==1.0.*  ", "name", "name", "", "==1.0.*", null, "name==1.0.*")]
    [InlineData("name===foobar", "name", "name", "", "===foobar", null, "name===foobar")]
    public void Parses_name_extras_specifiers_and_marker(string text, string name, string normalized, string extras, string specifiers, string? marker, string canonical)
    {
        var requirement = DependencySpecifier.Parse(text);

        requirement.Text.Should().Be(text);
        requirement.Name.Should().Be(name);
        requirement.NormalizedName.Should().Be(normalized);
        string.Join(',', requirement.Extras).Should().Be(extras);
        requirement.Specifiers.ToString().Should().Be(specifiers);
        requirement.Url.Should().BeNull();
        requirement.Marker?.ToString().Should().Be(marker);
        (requirement.Marker is null).Should().Be(marker is null);
        requirement.ToString().Should().Be(canonical);
        DependencySpecifier.Parse(canonical).ToString().Should().Be(canonical);
    }

    [Theory]
    [InlineData("name@ http://foo.com", "name", "", "http://foo.com", null, "name @ http://foo.com")]
    [InlineData("name @ http://foo.com ; extra == \"feature\"", "name", "", "http://foo.com", "extra == \"feature\"", "name @ http://foo.com ; extra == \"feature\"")]
    [InlineData("name @ file:///absolute/path", "name", "", "file:///absolute/path", null, "name @ file:///absolute/path")]
    [InlineData("name [fred,bar] @ http://foo.com ; python_version=='2.7'", "name", "fred,bar", "http://foo.com", "python_version == \"2.7\"", "name[fred,bar] @ http://foo.com ; python_version == \"2.7\"")]
    [InlineData("foo @ https://example.com/name;v=1.1/?query=foo&bar=baz#blah ; python_version=='3.4'", "foo", "", "https://example.com/name;v=1.1/?query=foo&bar=baz#blah", "python_version == \"3.4\"", "foo @ https://example.com/name;v=1.1/?query=foo&bar=baz#blah ; python_version == \"3.4\"")]
    [InlineData("pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee9982d4bbb3c72346a6de940a148ea686", "pip", "", "https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee9982d4bbb3c72346a6de940a148ea686", null, "pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee9982d4bbb3c72346a6de940a148ea686")]
    public void Parses_the_url_form(string text, string name, string extras, string url, string? marker, string canonical)
    {
        var requirement = DependencySpecifier.Parse(text);

        requirement.Name.Should().Be(name);
        string.Join(',', requirement.Extras).Should().Be(extras);
        requirement.Url.Should().Be(url);
        requirement.Specifiers.IsEmpty.Should().BeTrue();
        requirement.Marker?.ToString().Should().Be(marker);
        requirement.ToString().Should().Be(canonical);
        DependencySpecifier.Parse(canonical).ToString().Should().Be(canonical);
    }

    [Theory]
    [InlineData("hatchling>=", "expected a version after '>='")]
    [InlineData("hatchling >= ; python_version < '3.8'", "expected a version after '>='")]
    [InlineData("", "expected a package name, found nothing")]
    [InlineData(">=1.0", "expected a package name at the start, found '>=1.0'")]
    [InlineData("-foo", "the name '-foo' must start and end with a letter or digit")]
    [InlineData("foo!", "'!' is not a version operator (those are ~=, ==, !=, <=, >=, <, > or ===)")]
    [InlineData("foo =>2.0", "'=>' is not a version operator")]
    [InlineData("toto 42", "expected a version specifier (an operator ~=, ==, !=, <=, >=, <, > or === and a version), '[extras]', '@ url' or '; marker' after 'toto', found '42'")]
    [InlineData("name>=1.0,", "expected a version specifier after ',', found the end")]
    [InlineData("name>=1.0 <2", "expected ',' and another version specifier or '; marker' after 'name>=1.0', found '<2'")]
    [InlineData("name>=1.x.y", "'>=1.x.y': '1.x.y' after '>=' is not a PEP 440 version")]
    [InlineData("name==1.0.org1", "'==1.0.org1': '1.0.org1' after '==' is not a PEP 440 version")]
    [InlineData("name>=1.0+local", "a local version label ('+local') is allowed only after == or !=")]
    [InlineData("name (>=1.0", "expected ',' or ')' to close the '(' at character 6, found the end")]
    [InlineData("name[", "expected an extra name inside '[...]', found the end")]
    [InlineData("name[a b]", "expected ',' or ']' after the extra 'a', found 'b]'")]
    [InlineData("name[a,]", "expected an extra name inside '[...]', found ']'")]
    [InlineData("name @ ", "expected a URL after '@'")]
    [InlineData("name @ not-a-url", "'not-a-url' after '@' is not an absolute URL")]
    [InlineData("name @ http://foo.com extra", "expected ' ; marker' or the end after the URL, found 'extra'")]
    [InlineData("name; foobar=='x'", "the marker after ';' is not valid: 'foobar' is not a marker variable")]
    [InlineData("name;", "the marker after ';' is not valid: expected a marker such as python_version < \"3.11\", found nothing")]
    [InlineData("name; python_version < '3.8' garbage", "expected 'and', 'or' or the end of the marker, found 'garbage'")]
    public void Names_the_text_and_what_is_wrong(string text, string problem)
    {
        var parse = () => DependencySpecifier.Parse(text);

        parse.Should().Throw<BuildException>().Which.Message.Should()
            .StartWith($"'{text.Trim()}' is not a valid dependency specifier (PEP 508): ").And.Contain(problem);
        DependencySpecifier.TryParse(text, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("tomli>=1.1.0; python_version < \"3.11\"", "", false)]
    [InlineData("importlib-metadata; python_version<\"3.8\"", "", false)]
    [InlineData("pytest>=7.0", "", true)]
    [InlineData("setuptools (>=42) ; extra == 'toml'", "", false)]
    [InlineData("setuptools (>=42) ; extra == 'toml'", "toml", true)]
    [InlineData("setuptools (>=42) ; extra == 'toml'", "test,TOML", true)]
    [InlineData("setuptools (>=42) ; extra == 'toml'", "test", false)]
    [InlineData("virtualenv ; extra != 'test'", "test", true)] // true for no extra, so it applies
    [InlineData("mock ; extra == 'testing' and python_version < '3.3'", "testing", false)]
    public void Applies_when_its_marker_holds_for_no_extra_or_one_of_the_extras(string text, string extras, bool expected)
    {
        var requirement = DependencySpecifier.Parse(text);

        requirement.AppliesTo(Environments.CPython311Linux, extras.Split(',', StringSplitOptions.RemoveEmptyEntries))
            .Should().Be(expected);
    }

    [Fact]
    public void Normalises_its_extras_for_extra_markers()
    {
        DependencySpecifier.Parse("name[Dev_Tools,TOML]").NormalizedExtras.Should().BeEquivalentTo(["dev-tools", "toml"]);
    }

    [Fact]
    public void Prints_without_its_marker_for_a_chain()
    {
        DependencySpecifier.Parse("tomli (>=1.0.0) ; python_version < \"3.11\"").ToString(withMarker: false).Should().Be("tomli>=1.0.0");
        DependencySpecifier.Parse("name @ http://foo.com ; os_name == 'nt'").ToString(withMarker: false).Should().Be("name @ http://foo.com");
    }
}
