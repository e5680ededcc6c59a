using Wheelhouse.Engine;
using Wheelhouse.Python.Requirements;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Tests.Requirements;

// Cases from PEP 440 and from pypa/packaging's tests/test_specifiers.py (our own test code).
public sealed class VersionSpecifierTests
{
    [Theory]
    [InlineData("~=2.0", VersionOperator.Compatible, "2.0")]
    [InlineData("==2.1.*", VersionOperator.Equal, "2.1.*")]
    [InlineData("==2.1.0.3", VersionOperator.Equal, "2.1.0.3")]
    [InlineData("!=2.2.*", VersionOperator.NotEqual, "2.2.*")]
    [InlineData("!=2.2.0.5", VersionOperator.NotEqual, "2.2.0.5")]
    [InlineData("<=5", VersionOperator.LessThanOrEqual, "5")]
    [InlineData(">=7.9a1", VersionOperator.GreaterThanOrEqual, "7.9a1")]
    [InlineData("<1.0.dev1", VersionOperator.LessThan, "1.0.dev1")]
    [InlineData(">2.0.post1", VersionOperator.GreaterThan, "2.0.post1")]
    [InlineData("===lolwat", VersionOperator.Arbitrary, "lolwat")]
    [InlineData("  >=  1.18 ", VersionOperator.GreaterThanOrEqual, "1.18")]
    [InlineData("==1.0+AbC", VersionOperator.Equal, "1.0+AbC")]
    public void Parses_the_operator_and_keeps_the_version_as_written(string text, VersionOperator op, string version)
    {
        var specifier = VersionSpecifier.Parse(text);

        specifier.Operator.Should().Be(op);
        specifier.VersionText.Should().Be(version);
    }

    [Theory]
    [InlineData("!=2.0", "!=2.0")]
    [InlineData("<2.0", "<2.0")]
    [InlineData("~=2.0", "~=2.0")]
    [InlineData("< 2", "<2")]
    [InlineData("=== lolwat", "===lolwat")]
    public void Prints_without_spaces(string text, string printed)
    {
        VersionSpecifier.Parse(text).ToString().Should().Be(printed);
    }

    [Theory]
    [InlineData("1.0dev")]
    [InlineData("1.0.DEV1")]
    [InlineData("1.0-dev1")]
    [InlineData("1.0a")]
    [InlineData("1.0-ALPHA1")]
    [InlineData("1.0.beta")]
    [InlineData("1.0-B1")]
    [InlineData("1.0c")]
    [InlineData("1.0.RC1")]
    [InlineData("1.0post")]
    [InlineData("1.0-POST1")]
    [InlineData("1.0-5")]
    [InlineData("1.01")]
    [InlineData("1.0a05")]
    [InlineData("1.0c056")]
    [InlineData("1.0.post000")]
    [InlineData("1.1.dev09000")]
    [InlineData("00!1.2")]
    [InlineData("0100!0.0")]
    [InlineData("v1.0")]
    public void Accepts_every_spelling_PEP_440_normalises_after_every_operator(string version)
    {
        foreach (var op in new[] { "~=", "==", "!=", "<=", ">=", "<", ">" })
            VersionSpecifier.TryParse(op + version, out _).Should().BeTrue($"{op}{version} is valid");
    }

    [Theory]
    [InlineData("2.0")] // no operator
    [InlineData("=>2.0")] // no such operator
    [InlineData("==")] // no version
    [InlineData("===")]
    [InlineData("~=1.0+5")] // local label after an operator that does not allow one
    [InlineData(">=1.0+deadbeef")]
    [InlineData("<=1.0+abc123")]
    [InlineData(">1.0+watwat")]
    [InlineData("<1.0+1.0")]
    [InlineData("~=1.0.*")] // prefix match after an operator that does not allow one
    [InlineData(">=1.0.*")]
    [InlineData("<=1.0.*")]
    [InlineData(">1.0.*")]
    [InlineData("<1.0.*")]
    [InlineData("==1.0.*+5")] // prefix match and local label together
    [InlineData("!=1.0.*+deadbeef")]
    [InlineData("==2.0a1.*")] // prefix match after a pre-, post- or dev-release or a local label
    [InlineData("!=2.0a1.*")]
    [InlineData("==2.0.post1.*")]
    [InlineData("!=2.0.post1.*")]
    [InlineData("==2.0.dev1.*")]
    [InlineData("!=2.0.dev1.*")]
    [InlineData("==1.0+5.*")]
    [InlineData("!=1.0+deadbeef.*")]
    [InlineData("==1.0.*.5")] // the prefix match must come last
    [InlineData("~=1")] // ~= needs two release components
    [InlineData(">=1.x.y")] // not PEP 440
    [InlineData("==1.0.org1")]
    [InlineData("==1.2+\u0130")] // non-ASCII letters that case-insensitive matching would take for [a-z]
    [InlineData("==1.2+\u0130\u0131\u017fK")]
    [InlineData("==1.2+\u212a")]
    public void Rejects_what_PEP_440_does_not_allow(string text)
    {
        VersionSpecifier.TryParse(text, out _).Should().BeFalse();
        var parse = () => VersionSpecifier.Parse(text);
        parse.Should().Throw<BuildException>().Which.Message.Should().StartWith($"'{text.Trim()}' is not a valid version specifier: ");
    }

    [Theory]
    [InlineData(">=", "expected a version after '>='")]
    [InlineData("2.0", "expected an operator (~=, ==, !=, <=, >=, <, > or ===) before the version")]
    [InlineData("~=1", "'~=' needs a release of at least two components (~=1.0, not ~=1)")]
    [InlineData(">=1.0+abc", "a local version label ('+abc') is allowed only after == or !=, not after '>='")]
    [InlineData(">=1.0.*", "a '.*' prefix match is allowed only after == or !=, not after '>='")]
    [InlineData("==2.0a1.*", "'.*' can follow only a release such as 1.2, not the pre-, post- or dev-release or local version '2.0a1'")]
    [InlineData(">=1.x", "'1.x' after '>=' is not a PEP 440 version")]
    public void Says_what_is_wrong(string text, string problem)
    {
        var parse = () => VersionSpecifier.Parse(text);

        parse.Should().Throw<BuildException>().Which.Message.Should().Contain(problem);
    }

    [Theory]
    // equality, trailing zeros and local labels
    [InlineData("2.0", "==2", true)]
    [InlineData("2.0", "==2.0", true)]
    [InlineData("2.0", "==2.0.0", true)]
    [InlineData("2.0+deadbeef", "==2", true)]
    [InlineData("2.0+deadbeef", "==2.0.0", true)]
    [InlineData("2.0+deadbeef", "==2+deadbeef", true)]
    [InlineData("2.0+deadbeef", "==2.0.0+deadbeef", true)]
    [InlineData("2.0+deadbeef.0", "==2.0.0+deadbeef.00", true)]
    [InlineData("2.1", "==2", false)]
    [InlineData("2.1", "==2.0.0", false)]
    [InlineData("2.0", "==2.0+deadbeef", false)]
    // prefix matching
    [InlineData("2.dev1", "==2.*", true)]
    [InlineData("2a1", "==2.*", true)]
    [InlineData("2a1.post1", "==2.*", true)]
    [InlineData("2b1.dev1", "==2.*", true)]
    [InlineData("2c1.post1.dev1", "==2.0.*", true)]
    [InlineData("2rc1", "==2.0.*", true)]
    [InlineData("2", "==2.0.0.*", true)]
    [InlineData("2", "==0!2.*", true)]
    [InlineData("0!2", "==2.*", true)]
    [InlineData("2.0.0", "==2.*", true)]
    [InlineData("2.0.0.0", "==2.0.*", true)]
    [InlineData("2.1+local.version", "==2.1.*", true)]
    [InlineData("2.0", "==3.*", false)]
    [InlineData("2.1", "==2.0.*", false)]
    [InlineData("3", "==2.0.0.*", false)]
    [InlineData("2.1.0.0", "==2.0.*", false)]
    [InlineData("1.20", "==1.2.*", false)]
    // exclusion
    [InlineData("2.1", "!=2", true)]
    [InlineData("2.0.1", "!=2.0.0", true)]
    [InlineData("2.0", "!=2.0+deadbeef", true)]
    [InlineData("2.0", "!=2", false)]
    [InlineData("2.0+deadbeef", "!=2.0", false)]
    [InlineData("2.0+deadbeef", "!=2.0.0+deadbeef", false)]
    [InlineData("2.0", "!=3.*", true)]
    [InlineData("2.1.0.0", "!=2.0.*", true)]
    [InlineData("2.dev1", "!=2.*", false)]
    [InlineData("2c1.post1.dev1", "!=2.0.*", false)]
    [InlineData("2.0.0", "!=2.*", false)]
    // inclusive ordered comparison
    [InlineData("2.0", ">=2", true)]
    [InlineData("2.0.post1", ">=2", true)]
    [InlineData("2.0.post1.dev1", ">=2", true)]
    [InlineData("3.0.0a8", ">=3.0.0a7", true)]
    [InlineData("2.0.dev1", ">=2", false)]
    [InlineData("2.0rc1", ">=2", false)]
    [InlineData("1", ">=2", false)]
    [InlineData("2.0", "<=2.0.0", true)]
    [InlineData("2.0.dev1", "<=2", true)]
    [InlineData("2.0b1.post1", "<=2", true)]
    [InlineData("2.0c1.post1.dev1", "<=2", true)]
    [InlineData("2.0+local", "<=2", true)]
    [InlineData("2.0.post1", "<=2", false)]
    [InlineData("3", "<=2", false)]
    // exclusive ordered comparison: >V refuses V's post-releases and V's local variants
    [InlineData("3", ">2", true)]
    [InlineData("2.0.1", ">2", true)]
    [InlineData("2.1.post1", ">2", true)]
    [InlineData("2.1+local.version", ">2", true)]
    [InlineData("3.0.0a8", ">3.0.0a7", true)]
    [InlineData("2.0.5", ">2.0dev", true)]
    [InlineData("1.0+local", ">1.0.dev1", true)]
    [InlineData("4.1.0a2.dev1235+local", ">4.1.0a2.dev1234", true)]
    [InlineData("1.0a2+local", ">1.0a1", true)]
    [InlineData("1.0.post2+local", ">1.0.post1", true)]
    [InlineData("1.0.dev2+local", ">1.0.dev1", true)]
    [InlineData("1.0.post1.dev2+local", ">1.0.post1.dev1", true)]
    [InlineData("2.0", ">2", false)]
    [InlineData("2.0.post1", ">2", false)]
    [InlineData("2.0.post1.dev1", ">2", false)]
    [InlineData("2.0+local.version", ">2", false)]
    [InlineData("2.0rc1", ">2", false)]
    [InlineData("4.1.0a2.dev1234+local", ">4.1.0a2.dev1234", false)]
    [InlineData("1.0a1+local", ">1.0a1", false)]
    [InlineData("1.0.post1+local", ">1.0.post1", false)]
    [InlineData("1.0a1.dev1+local", ">1.0a1.dev1", false)]
    [InlineData("1.7.post1", ">1.7", false)] // PEP 440's own example
    [InlineData("1.7.1", ">1.7", true)]
    [InlineData("1.7.0.post1", ">1.7", false)]
    [InlineData("1.7.post3", ">1.7.post2", true)]
    [InlineData("1.7.0", ">1.7.post2", false)]
    [InlineData("1.0.post0", ">1.0.dev1", true)] // a post-release of 1.0 is not one of 1.0.dev1
    [InlineData("1.0.post0", ">1.0rc1", true)]
    [InlineData("1.0a1.post0", ">1.0a1", false)]
    [InlineData("1.0a2.post0", ">1.0a1", true)]
    // exclusive ordered comparison: <V refuses V's pre-releases unless V is one
    [InlineData("1", "<2", true)]
    [InlineData("2.0.dev0", "<2.1", true)]
    [InlineData("3.0.0a7", "<3.0.0a8", true)]
    [InlineData("2.0.dev1", "<2", false)]
    [InlineData("2.0a1", "<2", false)]
    [InlineData("2.0a1.post1", "<2", false)]
    [InlineData("2.0b2.dev1", "<2", false)]
    [InlineData("2.0", "<2", false)]
    [InlineData("2.post1", "<2", false)]
    [InlineData("1.7rc1", "<1.7", false)]
    [InlineData("1.6.9rc1", "<1.7", true)]
    [InlineData("1.0.post1.dev0", "<1.0.post1", false)]
    [InlineData("1.0.dev0", "<1.0.post1", true)] // a pre-release of 1.0 is not one of 1.0.post1
    [InlineData("1.0rc1", "<1.0.post0", true)]
    [InlineData("1.0.post0.dev0", "<1.0.post1", true)]
    [InlineData("1.0.post0+local", "<1.0.post1", true)]
    [InlineData("1.0a1", "<1.0a2", true)]
    // compatible release
    [InlineData("1", "~=1.0", true)]
    [InlineData("1.0.1", "~=1.0", true)]
    [InlineData("1.9999999", "~=1.0", true)]
    [InlineData("1.1", "~=1.0a1", true)] // the suffix does not count for the prefix: ~=1.0a1 is >=1.0a1, ==1.*
    [InlineData("2022.01.01", "~=2022.01.01", true)]
    [InlineData("2.9", "~=2.2.post3", true)]
    [InlineData("1.4.3.dev1", "~=1.4.2", true)]
    [InlineData("1.4.3+local", "~=1.4.2", true)]
    [InlineData("2.0", "~=1.0", false)]
    [InlineData("1.1.0", "~=1.0.0", false)]
    [InlineData("1.1.post1", "~=1.0.0", false)]
    [InlineData("1.4.1.post1", "~=1.4.2", false)]
    [InlineData("1.5.0.dev0", "~=1.4.2", false)]
    // epochs
    [InlineData("2!1.0", "~=2!1.0", true)]
    [InlineData("2!1.0", "==2!1.*", true)]
    [InlineData("2!1.0", "!=1.0", true)]
    [InlineData("2!1.0.0", "==2!1.0.0.0.*", true)]
    [InlineData("1.0", "<=2!0.1", true)]
    [InlineData("2!1.0", ">2.0", true)]
    [InlineData("1.0", "~=2!1.0", false)]
    [InlineData("2!1.0", "~=1.0", false)]
    [InlineData("2!1.0", "==1.0", false)]
    [InlineData("1.0", "==2!1.*", false)]
    [InlineData("2!1.0", "!=2!1.0", false)]
    public void Contains_follows_PEP_440_when_pre_releases_count(string version, string specifier, bool expected)
    {
        var spec = VersionSpecifier.Parse(specifier);

        spec.Contains(version, prereleases: true).Should().Be(expected);
        spec.Contains(Pep440Version.Parse(version), prereleases: true).Should().Be(expected);
    }

    [Theory]
    [InlineData("==1.0")]
    [InlineData("==1.*")]
    [InlineData(">=1.0")]
    [InlineData("<1.0")]
    [InlineData("~=1.0")]
    [InlineData("!=1.0")]
    [InlineData("!=1.*")]
    public void A_text_that_is_no_version_matches_no_version_operator(string specifier)
    {
        VersionSpecifier.Parse(specifier).Contains("not a valid version", prereleases: true).Should().BeFalse();
    }

    [Theory]
    [InlineData("1.0", "===1.0", true)]
    [InlineData("1.0.0", "===1.0", false)] // no zero padding: it is text
    [InlineData("1.0+downstream1", "===1.0", false)]
    [InlineData("1.0", "===1.0+downstream1", false)]
    [InlineData("foobar", "===foobar", true)]
    [InlineData("invalid", "===foobar", false)]
    [InlineData("1.0A1", "===1.0a1", true)] // case does not count
    [InlineData("lolwat", "===LoLWaT", true)]
    [InlineData("1.01", "===1.1", false)] // the installed spelling is compared, not the normal form
    [InlineData("1.0-1", "===1.0.post1", false)]
    [InlineData("1.0.dev01", "===1.0.dev01", true)]
    public void Arbitrary_equality_compares_text(string version, string specifier, bool expected)
    {
        VersionSpecifier.Parse(specifier).Contains(version, prereleases: true).Should().Be(expected);
    }

    [Fact]
    public void Arbitrary_equality_with_a_parsed_version_compares_its_canonical_text()
    {
        VersionSpecifier.Parse("===1.1").Contains(Pep440Version.Parse("1.01")).Should().BeTrue();
        VersionSpecifier.Parse("===1.01").Contains(Pep440Version.Parse("1.01")).Should().BeFalse();
    }

    [Theory]
    [InlineData("==1.0", false)]
    [InlineData(">=1.0", false)]
    [InlineData("<=1.0", false)]
    [InlineData("~=1.0", false)]
    [InlineData("<1.0", false)]
    [InlineData(">1.0", false)]
    [InlineData("<1.0.dev1", true)]
    [InlineData(">1.0.dev1", true)]
    [InlineData("!=1.0.dev1", false)]
    [InlineData("==1.0.*", false)]
    [InlineData("==1.0.dev1", true)]
    [InlineData(">=1.0.dev1", true)]
    [InlineData("<=1.0.dev1", true)]
    [InlineData("~=1.0.dev1", true)]
    [InlineData("===1.0rc1", true)]
    [InlineData("===lolwat", false)]
    public void Knows_whether_it_names_a_pre_release(string specifier, bool expected)
    {
        VersionSpecifier.Parse(specifier).NamesPreRelease.Should().Be(expected);
    }

    [Theory]
    // prereleases: null lets a pre-release match only when the specifier names one
    [InlineData(">=1.0", "2.0.dev1", null, false)]
    [InlineData(">=1.0", "2.0.dev1", true, true)]
    [InlineData(">=1.0", "2.0.dev1", false, false)]
    [InlineData(">=2.0.dev1", "2.0a1", null, true)]
    [InlineData(">=2.0.dev1", "2.0a1", false, false)]
    [InlineData("==2.0.*", "2.0.dev1", null, false)]
    [InlineData("==2.0.*", "2.0.dev1", true, true)]
    [InlineData("<1.0.dev1", "0.9.dev1", null, true)]
    [InlineData("<1.0.dev1", "0.9.dev1", false, false)]
    [InlineData("!=2.0", "2.0.dev1", null, false)]
    [InlineData("!=2.0", "2.0.dev1", true, true)]
    [InlineData("<=2.0", "1.0.dev1", true, true)]
    [InlineData("<=2.0a1", "1.0.dev1", false, false)]
    // >1.7 matches the pre-release 1.7.1.dev0 only when pre-releases count, as in packaging
    [InlineData(">1.7", "1.7.1.dev0", null, false)]
    [InlineData(">1.7", "1.7.1.dev0", true, true)]
    [InlineData(">1.7", "1.7.1.dev0", false, false)]
    // a final release is never held back
    [InlineData(">=1.0", "1.5", false, true)]
    public void Pre_releases_match_as_the_caller_says(string specifier, string version, bool? prereleases, bool expected)
    {
        VersionSpecifier.Parse(specifier).Contains(version, prereleases).Should().Be(expected);
        VersionSpecifier.Parse(specifier).Contains(Pep440Version.Parse(version), prereleases).Should().Be(expected);
    }
}
