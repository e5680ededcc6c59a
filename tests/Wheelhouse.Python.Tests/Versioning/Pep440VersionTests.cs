using Wheelhouse.Engine;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Tests.Versioning;

public sealed class Pep440VersionTests
{
    [Theory]
    // canonical forms print as they are
    [InlineData("1.0", "1.0")]
    [InlineData("1.2.3", "1.2.3")]
    [InlineData("2.0.0rc1", "2.0.0rc1")]
    [InlineData("1!2.0.post3.dev4+ubuntu.1", "1!2.0.post3.dev4+ubuntu.1")]
    // case, v prefix and surrounding whitespace
    [InlineData("1.1RC1", "1.1rc1")]
    [InlineData("1.0-RC1", "1.0rc1")]
    [InlineData("v1.0", "1.0")]
    [InlineData("V1.0", "1.0")]
    [InlineData("  1.0\n", "1.0")]
    // pre-release separators and spellings
    [InlineData("1.1.a1", "1.1a1")]
    [InlineData("1.1-a1", "1.1a1")]
    [InlineData("1.1_a1", "1.1a1")]
    [InlineData("1.1a.1", "1.1a1")]
    [InlineData("1.0alpha1", "1.0a1")]
    [InlineData("1.0beta2", "1.0b2")]
    [InlineData("1.0c1", "1.0rc1")]
    [InlineData("1.0pre1", "1.0rc1")]
    [InlineData("1.0preview1", "1.0rc1")]
    [InlineData("1.2a", "1.2a0")]
    // post-release spellings
    [InlineData("1.2-post2", "1.2.post2")]
    [InlineData("1.2post2", "1.2.post2")]
    [InlineData("1.2.post-2", "1.2.post2")]
    [InlineData("1.0-r4", "1.0.post4")]
    [InlineData("1.0rev4", "1.0.post4")]
    [InlineData("1.0-1", "1.0.post1")]
    [InlineData("1.2.post", "1.2.post0")]
    // dev-release spellings
    [InlineData("1.2dev2", "1.2.dev2")]
    [InlineData("1.2-dev2", "1.2.dev2")]
    [InlineData("1.2.dev", "1.2.dev0")]
    [InlineData("1.0a1-dev_3", "1.0a1.dev3")]
    // local labels and integers
    [InlineData("1.0+ubuntu-1", "1.0+ubuntu.1")]
    [InlineData("1.0+Ubuntu_1", "1.0+ubuntu.1")]
    [InlineData("1.0+abc.007", "1.0+abc.7")]
    [InlineData("01.002.0003", "1.2.3")]
    [InlineData("00!1.0", "1.0")]
    [InlineData("1.0RC01", "1.0rc1")]
    public void Parses_and_prints_the_canonical_form(string text, string canonical)
    {
        Pep440Version.Parse(text).ToString().Should().Be(canonical);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1.")]
    [InlineData("1..0")]
    [InlineData("1.0-")]
    [InlineData("1.0+")]
    [InlineData("1.0+abc..1")]
    [InlineData("1.0+abc-")]
    [InlineData("1.0a1a2")]
    [InlineData("1.0.post1.post2")]
    [InlineData("1.0.dev1a1")]
    [InlineData("1.0.dev1.post1")]
    [InlineData("1.0-1-1")]
    [InlineData("1!")]
    [InlineData("1.0 1")]
    [InlineData("99999999999999999999.0")]
    [InlineData("1.2+\u212a")] // KELVIN SIGN, which case-insensitive matching takes for k
    [InlineData("1.2+\u0130")]
    [InlineData("1.0\u0661")] // ARABIC-INDIC DIGIT ONE
    public void Rejects_what_PEP_440_does_not_permit(string text)
    {
        Pep440Version.TryParse(text, out var version).Should().BeFalse();
        version.Should().BeNull();
        var act = () => Pep440Version.Parse(text);
        act.Should().Throw<BuildException>().WithMessage($"'{text}' is not a valid PEP 440 version. Expected [N!]N(.N)*[{{a|b|rc}}N]*");
    }

    [Fact]
    public void TryParse_of_null_is_false()
    {
        Pep440Version.TryParse(null, out _).Should().BeFalse();
    }

    [Fact]
    public void Orders_the_summary_list_of_PEP_440()
    {
        // PEP 440, "Summary of permitted suffixes and relative ordering", in ascending order.
        string[] ordered =
        [
            "1.dev0", "1.0.dev456", "1.0a1", "1.0a2.dev456", "1.0a12.dev456", "1.0a12", "1.0b1.dev456", "1.0b2",
            "1.0b2.post345.dev456", "1.0b2.post345", "1.0rc1.dev456", "1.0rc1", "1.0", "1.0+abc.5", "1.0+abc.7",
            "1.0+5", "1.0.post456.dev34", "1.0.post456", "1.0.15", "1.1.dev1",
        ];
        var versions = ordered.Select(Pep440Version.Parse).ToList();

        versions.OrderBy(v => v).Select(v => v.ToString()).Should().Equal(versions.Select(v => v.ToString()));
        versions.AsEnumerable().Reverse().Order().Select(v => v.ToString()).Should().Equal(versions.Select(v => v.ToString()));
        for (var i = 0; i + 1 < versions.Count; i++)
        {
            (versions[i] < versions[i + 1]).Should().BeTrue($"{versions[i]} < {versions[i + 1]}");
            (versions[i + 1] > versions[i]).Should().BeTrue();
            (versions[i] <= versions[i + 1]).Should().BeTrue();
            (versions[i] == versions[i + 1]).Should().BeFalse();
        }
    }

    [Theory]
    [InlineData("1.0", "1.0.0")]
    [InlineData("1", "1.0.0.0")]
    [InlineData("1.0-RC1", "1.0rc1")]
    [InlineData("v1.0.post0", "1.0-0")]
    [InlineData("0!1.0", "1.0")]
    [InlineData("1.0+ABC.1", "1.0+abc-1")]
    [InlineData("1.0+abc.01", "1.0+abc.1")]
    public void Equal_versions_are_equal_and_hash_alike(string a, string b)
    {
        var x = Pep440Version.Parse(a);
        var y = Pep440Version.Parse(b);
        (x == y).Should().BeTrue();
        x.Equals(y).Should().BeTrue();
        x.CompareTo(y).Should().Be(0);
        x.GetHashCode().Should().Be(y.GetHashCode());
        (x <= y && x >= y && !(x != y)).Should().BeTrue();
    }

    [Theory]
    [InlineData("2.0", "1!0.1")] // an epoch outranks the release
    [InlineData("1.0.dev1", "1.0a0")] // a bare dev-release comes before every pre-release
    [InlineData("1.0a1.dev1", "1.0a1")]
    [InlineData("1.0rc1.post1.dev1", "1.0rc1.post1")]
    [InlineData("1.0", "1.0.post0.dev0")] // a dev-release of a post-release is after the final release
    [InlineData("1.0", "1.0+0")]
    [InlineData("1.0+abc", "1.0+abc.0")] // a shorter label that is a prefix sorts first
    [InlineData("1.0+zzz", "1.0+0")] // numeric segments outrank alphanumeric ones
    [InlineData("1.0+9", "1.0+10")] // numeric segments compare as numbers
    [InlineData("1.0+a10", "1.0+a9")] // alphanumeric segments compare as text
    [InlineData("1.9", "1.10")]
    public void Orders_edge_cases(string lower, string higher)
    {
        var a = Pep440Version.Parse(lower);
        var b = Pep440Version.Parse(higher);
        (a < b).Should().BeTrue($"{lower} < {higher}");
        (b > a).Should().BeTrue();
        a.CompareTo(b).Should().BeNegative();
        b.CompareTo(a).Should().BePositive();
    }

    [Fact]
    public void Null_sorts_first()
    {
        var v = Pep440Version.Parse("0");
        v.CompareTo(null).Should().Be(1);
        (v > null).Should().BeTrue();
        (null < v).Should().BeTrue();
        (v == null).Should().BeFalse();
        ((Pep440Version?)null == null).Should().BeTrue();
    }

    [Fact]
    public void Exposes_its_parts()
    {
        var v = Pep440Version.Parse("2!1.2.3rc4.post5.dev6+Ubuntu-7");
        v.Epoch.Should().Be(2);
        v.Release.Should().Equal(1, 2, 3);
        (v.Major, v.Minor, v.Micro).Should().Be((1L, 2L, 3L));
        v.Pre.Should().Be(new PreRelease(PreReleaseKind.ReleaseCandidate, 4));
        v.Post.Should().Be(5);
        v.Dev.Should().Be(6);
        v.Local.Should().Be("ubuntu.7");
        v.LocalSegments.Should().Equal("ubuntu", "7");
        v.IsLocal.Should().BeTrue();
        v.IsPreRelease.Should().BeTrue();
        v.IsDevRelease.Should().BeTrue();
        v.IsPostRelease.Should().BeTrue();
        v.Public.ToString().Should().Be("2!1.2.3rc4.post5.dev6");
        v.BaseVersion.ToString().Should().Be("2!1.2.3");
    }

    [Theory]
    [InlineData("1.0", false, false)]
    [InlineData("1.0a1", true, false)]
    [InlineData("1.0b1", true, false)]
    [InlineData("1.0rc1", true, false)]
    [InlineData("1.0.dev1", true, true)]
    [InlineData("1.0.post1", false, false)]
    [InlineData("1.0.post1.dev1", true, true)]
    [InlineData("1.0+local", false, false)]
    public void Knows_pre_and_dev_releases(string text, bool pre, bool dev)
    {
        var v = Pep440Version.Parse(text);
        v.IsPreRelease.Should().Be(pre);
        v.IsDevRelease.Should().Be(dev);
    }

    [Fact]
    public void A_final_release_has_no_parts_beyond_the_release()
    {
        var v = Pep440Version.Parse("3");
        (v.Epoch, v.Pre, v.Post, v.Dev, v.Local, v.IsLocal).Should().Be((0L, (PreRelease?)null, (long?)null, (long?)null, (string?)null, false));
        (v.Minor, v.Micro).Should().Be((0L, 0L));
        v.Public.Should().BeSameAs(v);
        v.BaseVersion.Should().BeSameAs(v);
    }

    [Fact]
    public void With_methods_build_new_versions_and_leave_the_original()
    {
        var v = Pep440Version.Parse("1.2.3");
        v.WithPre(new PreRelease(PreReleaseKind.Beta, 2)).WithPost(1).WithDev(0).WithLocal(["X", "01"]).ToString().Should().Be("1.2.3b2.post1.dev0+x.1");
        v.WithRelease([2, 0]).ToString().Should().Be("2.0");
        v.ToString().Should().Be("1.2.3");
    }

    [Fact]
    public void The_constructor_refuses_impossible_parts()
    {
        ((Action)(() => _ = new Pep440Version(0, []))).Should().Throw<ArgumentException>();
        ((Action)(() => _ = new Pep440Version(0, [1], post: -1))).Should().Throw<ArgumentException>();
        ((Action)(() => _ = new Pep440Version(0, [1], local: ["a b"]))).Should().Throw<ArgumentException>();
    }
}
