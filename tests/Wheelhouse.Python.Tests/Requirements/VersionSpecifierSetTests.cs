using Wheelhouse.Engine;
using Wheelhouse.Python.Requirements;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Tests.Requirements;

// Cases from PEP 440 and from pypa/packaging's tests/test_specifiers.py (our own test code).
public sealed class VersionSpecifierSetTests
{
    [Theory]
    [InlineData("", 0, "")]
    [InlineData("  ", 0, "")]
    [InlineData("==2.0", 1, "==2.0")]
    [InlineData(">=2.0,<3", 2, ">=2.0,<3")]
    [InlineData(">=3.2, <4", 2, ">=3.2,<4")]
    [InlineData(" >= 2.0 , < 3 , == 2.4 ", 3, ">=2.0,<3,==2.4")]
    public void Parses_comma_separated_clauses_in_their_order(string text, int count, string printed)
    {
        var set = VersionSpecifierSet.Parse(text);

        set.Count.Should().Be(count);
        set.IsEmpty.Should().Be(count == 0);
        set.ToString().Should().Be(printed);
    }

    [Theory]
    [InlineData(">=1.0,", "expected a version specifier between the commas")]
    [InlineData(">=1.0,,<2", "expected a version specifier between the commas")]
    [InlineData(">=1.0, foo", "'foo': expected an operator")]
    [InlineData(">=1.0, <", "'<': expected a version after '<'")]
    public void Names_the_clause_that_is_wrong(string text, string problem)
    {
        var parse = () => VersionSpecifierSet.Parse(text);

        parse.Should().Throw<BuildException>().Which.Message.Should()
            .StartWith($"'{text}' is not a valid list of version specifiers: ").And.Contain(problem);
        VersionSpecifierSet.TryParse(text, out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("1.0a1")]
    [InlineData("1!2.0.post3.dev4+ubuntu.1")]
    [InlineData("not a version at all")]
    public void The_empty_set_accepts_every_version_when_pre_releases_count(string version)
    {
        VersionSpecifierSet.Empty.Contains(version, prereleases: true).Should().BeTrue();
    }

    [Fact]
    public void The_empty_set_holds_back_a_pre_release_unless_pre_releases_count()
    {
        VersionSpecifierSet.Empty.Contains("1.0a1").Should().BeFalse();
        VersionSpecifierSet.Empty.Contains("1.0a1", prereleases: false).Should().BeFalse();
        VersionSpecifierSet.Empty.Contains("1.0", prereleases: false).Should().BeTrue();
    }

    [Theory]
    // the check of an installed distribution: an installed pre-release counts when the clauses take it
    [InlineData("~=1.0", "1.1.0.dev1", true)]
    [InlineData("~=1.0", "1.1.0a1", true)]
    [InlineData("~=1.0", "1.1.0.post1.dev1", true)]
    [InlineData(">=1.0", "2.0.dev1", true)]
    [InlineData("==1.*", "1.5.0a1", true)]
    [InlineData(">=1.0,<3.0", "2.0.dev1", true)]
    [InlineData("!=2.0", "2.0.dev1", true)]
    [InlineData("~=1.0", "3.0.0.dev1", false)]
    [InlineData(">=2.0", "1.9.0.dev1", false)]
    [InlineData(">=1.0", "1.0.0.dev1", false)] // 1.0.0.dev1 comes before 1.0
    [InlineData("<=1.0", "1.0.0.dev1", true)]
    [InlineData("<1.0", "1.0.0.dev1", false)]
    [InlineData("<1.0", "0.9.0.dev1", true)]
    [InlineData(">=1.0.dev1", "1.0.0.dev1", true)]
    [InlineData("~=1.0", "1.1.0", true)]
    // real build requirements against the versions Debian 12 and 13 install
    [InlineData(">=1.18", "1.12.2", false)]
    [InlineData(">=1.18", "1.27.0", true)]
    [InlineData(">=64", "66.1.1", true)]
    [InlineData(">=3.2,<4", "3.8.0", true)]
    [InlineData(">=3.2,<4", "4.0", false)]
    [InlineData(">=3.2,<4", "4.0rc1", false)] // <4 refuses 4's pre-releases
    [InlineData("<2.0,>=0.12", "1.0.0+repack", true)] // Debian's pluggy
    [InlineData(">=7.0", "7.2.1", true)]
    [InlineData(">=8", "7.2.1", false)]
    // gaps left by exclusions
    [InlineData(">=1,!=1.*,!=2.*,!=3.0,<=3.0", "3.0.dev0", true)]
    [InlineData(">=1,!=1.*,!=2.*,!=3.0,<=3.0", "3.0a1", true)]
    [InlineData(">=1,!=1.*,!=2.*,!=3.0,<=3.0", "3.0", false)]
    [InlineData(">=1,!=1.*,!=2.*,!=3.0,<=3.0", "2.0", false)]
    [InlineData(">=1.0a1,!=1.*,!=2.*,<3.0", "2.0a1", false)]
    [InlineData(">=1.0a1,!=1.*,!=2.*,<3.0", "3.0a1", false)]
    [InlineData(">=1.0,!=1.0,!=1.1,<2.0", "1.0.post1", true)]
    [InlineData(">=1.0,!=1.0,!=1.1,<2.0", "1.1", false)]
    [InlineData(">=1.0a1,!=1.0,<1.1", "1.0b1", true)]
    [InlineData(">=1.0a1,!=1.0,<1.1", "1.1.dev0", false)]
    [InlineData(">=1.0a1,!=1.0,<1.1", "1.1a1", false)]
    [InlineData(">=0.9,!=0.9,<=1.0", "1.0a1", true)]
    [InlineData(">=0.9,!=0.9,<=1.0", "1.0.post1", false)]
    [InlineData(">=1!0,!=1!1.*,!=1!2.*,<1!3", "1!0.5", true)]
    [InlineData(">=1!0,!=1!1.*,!=1!2.*,<1!3", "1!2.5", false)]
    [InlineData(">=1!0,!=1!1.*,!=1!2.*,<1!3", "0!5.0", false)]
    [InlineData("==1.*,>=1.0", "1.5", true)]
    [InlineData("==1.*,>=1.0", "0.9", false)]
    // === with other clauses
    [InlineData(">=1.0,===1.5", "1.5", true)]
    [InlineData(">=2.0,===1.5", "1.5", false)]
    [InlineData(">=1.0,===foobar", "foobar", false)]
    [InlineData("===foobar,===foobar", "foobar", true)]
    [InlineData("!=1.0", "invalid", false)]
    [InlineData("!=1.0,!=2.0", "3.0", true)]
    public void Contains_needs_every_clause(string specifiers, string version, bool expected)
    {
        VersionSpecifierSet.Parse(specifiers).Contains(version, prereleases: true).Should().Be(expected);
    }

    [Theory]
    [InlineData(">=1.0.dev1", "2.0a1", null, true)]
    [InlineData(">=1.0.dev1", "2.0a1", false, false)]
    [InlineData(">=1.2.3", "1.5a1", null, false)]
    [InlineData(">=1.2.3", "1.5a1", true, true)]
    [InlineData(">=1.0,<=2.0", "1.5a1", null, false)]
    [InlineData(">=1.0,<=2.0dev", "1.5a1", null, true)] // one clause names a pre-release
    [InlineData(">=1.0,<=2.0dev", "1.5a1", false, false)]
    [InlineData("!=2.0a1", "1.0a2", null, false)] // != never names one
    [InlineData("==2.0a1", "2.0a1", null, true)]
    [InlineData(">2.0a1", "3.0a2", null, true)]
    [InlineData("~=2.0a1", "2.0a1", null, true)]
    [InlineData("~=2.0a1", "3.0a2", null, false)]
    [InlineData(">=1,!=1.*,!=2.*,!=3.0,<=3.0", "3.0a1", false, false)]
    [InlineData(">=1.0,!=1.0,!=1.1,<2.0", "1.0.post1", false, true)] // a post-release is no pre-release
    public void Pre_releases_count_as_the_caller_says_or_when_a_clause_names_one(string specifiers, string version, bool? prereleases, bool expected)
    {
        var set = VersionSpecifierSet.Parse(specifiers);

        set.Contains(version, prereleases).Should().Be(expected);
        set.Contains(Pep440Version.Parse(version), prereleases).Should().Be(expected);
    }
}
