using Wheelhouse.Engine;
using Wheelhouse.Python.Versioning;
using static Wheelhouse.Python.Versioning.BumpKind;

namespace Wheelhouse.Python.Tests.Versioning;

public sealed class VersionBumpTests
{
    private static string Bump(string version, params BumpKind[] bumps) => VersionBump.Apply(Pep440Version.Parse(version), bumps).ToString();

    private static string Error(string version, params BumpKind[] bumps)
    {
        var act = () => VersionBump.Apply(Pep440Version.Parse(version), bumps);
        return act.Should().Throw<BuildException>().Which.Message;
    }

    [Theory]
    [InlineData("1.2.3", Major, "2.0.0")]
    [InlineData("1.2.3", Minor, "1.3.0")]
    [InlineData("1.2.3", Patch, "1.2.4")]
    [InlineData("1.10.31", Patch, "1.10.32")]
    [InlineData("0.1", Patch, "0.1.1")] // a release bump adds the components it needs...
    [InlineData("0.1", Minor, "0.2")] // ...and keeps the length otherwise
    [InlineData("0.1", Major, "1.0")]
    [InlineData("1", Patch, "1.0.1")]
    [InlineData("1.2.3.4", Minor, "1.3.0.0")]
    [InlineData("1.10.31.dev10", Major, "2.0.0")] // release bumps drop pre, post and dev
    [InlineData("1.10.31.post10", Major, "2.0.0")]
    [InlineData("1.2.3rc2", Patch, "1.2.4")]
    [InlineData("1.2.3+local.7", Minor, "1.3.0+local.7")] // the local label is kept
    [InlineData("2!1.2.3", Major, "2!2.0.0")] // and so is the epoch
    [InlineData("1.2.3b4.post5.dev6", Stable, "1.2.3")]
    [InlineData("9!2.3.4a5.post6.dev7+deadbeef6", Stable, "9!2.3.4+deadbeef6")]
    [InlineData("1.2.3.dev4", Stable, "1.2.3")]
    [InlineData("1.2.3a4", Alpha, "1.2.3a5")]
    [InlineData("9!2.3.4a5.post6.dev7+deadbeef6", Alpha, "9!2.3.4a6+deadbeef6")]
    [InlineData("9!2.3.4a5.post6.dev7+deadbeef6", Beta, "9!2.3.4b1+deadbeef6")] // a new kind starts at 1
    [InlineData("9!2.3.4a5.post6.dev7+deadbeef6", Rc, "9!2.3.4rc1+deadbeef6")]
    [InlineData("1.2.3b4", Beta, "1.2.3b5")]
    [InlineData("1.2.3rc4", Rc, "1.2.3rc5")]
    [InlineData("1.2.3.dev1", Alpha, "1.2.3a1")]
    [InlineData("1.2.3", Post, "1.2.3.post1")]
    [InlineData("1.2.3.post5", Post, "1.2.3.post6")]
    [InlineData("9!2.3.4a5.post6.dev7+deadbeef6", Post, "9!2.3.4a5.post7+deadbeef6")] // post clears dev
    [InlineData("1.2.3.post4.dev9", Post, "1.2.3.post5")]
    [InlineData("9!2.3.4a5.post6.dev7+deadbeef6", Dev, "9!2.3.4a5.post6.dev8+deadbeef6")] // dev clears nothing
    [InlineData("0.1.0.dev4", Dev, "0.1.0.dev5")]
    public void One_bump(string version, BumpKind bump, string expected)
    {
        Bump(version, bump).Should().Be(expected);
    }

    [Theory]
    [InlineData("1.2.3", new[] { Major, Rc }, "2.0.0rc1")]
    [InlineData("1.2.3", new[] { Rc, Major }, "2.0.0rc1")] // the order given does not matter
    [InlineData("2.3.4", new[] { Major, Alpha }, "3.0.0a1")]
    [InlineData("1.2.3", new[] { Beta, Patch }, "1.2.4b1")]
    [InlineData("1.2.3", new[] { Minor, Beta }, "1.3.0b1")]
    [InlineData("2.3.4", new[] { Major, Dev }, "3.0.0.dev1")]
    [InlineData("0.0.1", new[] { Patch, Dev }, "0.0.2.dev1")]
    [InlineData("1.2.3rc2", new[] { Dev, Minor }, "1.3.0.dev1")]
    [InlineData("1.2.3b1", new[] { Minor, Alpha }, "1.3.0a1")]
    public void Combined_bumps(string version, BumpKind[] bumps, string expected)
    {
        Bump(version, bumps).Should().Be(expected);
    }

    [Theory]
    [InlineData(new[] { Stable, Major }, "--bump stable cannot be combined with another --bump (got: stable, major)*")]
    [InlineData(new[] { Major, Post }, "--bump post cannot be combined with another --bump (got: major, post)*")]
    [InlineData(new[] { Post, Post }, "--bump post cannot be combined*")]
    [InlineData(new[] { Stable, Stable }, "--bump stable cannot be combined*")]
    [InlineData(new[] { Major, Major }, "Only one release bump (major, minor or patch) can be given (got: major, major)*")]
    [InlineData(new[] { Major, Minor }, "Only one release bump*(got: major, minor)*")]
    [InlineData(new[] { Alpha, Alpha }, "Only one of alpha, beta, rc and dev can be given (got: alpha, alpha)*")]
    [InlineData(new[] { Alpha, Dev }, "Only one of alpha, beta, rc and dev can be given (got: alpha, dev)*")]
    [InlineData(new[] { Beta, Rc }, "Only one of alpha, beta, rc and dev*")]
    [InlineData(new BumpKind[0], "No bump given*")]
    public void Refuses_the_combinations_uv_refuses(BumpKind[] bumps, string message)
    {
        Error("2.3.4", bumps).Should().Match(message);
    }

    [Fact]
    public void Post_is_checked_before_release_components_as_uv_does()
    {
        Error("9!2.3.4a5.post6.dev7+deadbeef6", Major, Patch, Alpha, Minor, Dev, Minor, Post, Post)
            .Should().StartWith("--bump post cannot be combined with another --bump (got: major, patch, alpha, minor, dev, minor, post, post)");
    }

    [Fact]
    public void Alpha_on_a_beta_suggests_beta_rc_or_a_release_bump()
    {
        var message = Error("1.0.0b1", Alpha);
        message.Should().StartWith("--bump alpha does not increase the version: 1.0.0b1 → 1.0.0a1 (alpha pre-releases come before beta ones of the same release).");
        message.Should().Contain("Bumps that would: --bump beta (→ 1.0.0b2), --bump rc (→ 1.0.0rc1), --bump patch --bump alpha (→ 1.0.1a1), --bump minor --bump alpha (→ 1.1.0a1), --bump major --bump alpha (→ 2.0.0a1).");
        message.Should().EndWith("To set a version of your choice, pass --new-version instead.");
    }

    [Fact]
    public void A_pre_release_of_a_stable_version_needs_a_release_bump()
    {
        var message = Error("2.3.4", Alpha);
        message.Should().StartWith("--bump alpha does not increase the version: 2.3.4 → 2.3.4a1 (a pre-release comes before its final release; going to a pre-release also needs a release bump).");
        message.Should().Contain("Bumps that would: --bump patch --bump alpha (→ 2.3.5a1), --bump minor --bump alpha (→ 2.4.0a1), --bump major --bump alpha (→ 3.0.0a1).");
    }

    [Fact]
    public void Beta_on_a_release_candidate_suggests_rc()
    {
        Error("1.0rc1", Beta).Should().Contain("Bumps that would: --bump rc (→ 1.0rc2), --bump patch --bump beta (→ 1.0.1b1)");
    }

    [Fact]
    public void A_dev_release_of_a_release_needs_another_bump()
    {
        var message = Error("1.2.3", Dev);
        message.Should().StartWith("--bump dev does not increase the version: 1.2.3 → 1.2.3.dev1 (a dev-release comes before the version it leads to");
        message.Should().Contain("--bump patch --bump dev (→ 1.2.4.dev1), --bump minor --bump dev (→ 1.3.0.dev1), --bump major --bump dev (→ 2.0.0.dev1)");
        Error("1.2.3a1", Dev).Should().Contain("1.2.3a1 → 1.2.3a1.dev1");
    }

    [Fact]
    public void Stable_on_a_stable_or_post_release_goes_nowhere()
    {
        var stable = Error("1.2.3", Stable);
        stable.Should().StartWith("--bump stable does not increase the version: 1.2.3 → 1.2.3 (1.2.3 is already a stable release).");
        stable.Should().Contain("Bumps that would: --bump patch (→ 1.2.4), --bump minor (→ 1.3.0), --bump major (→ 2.0.0).");
        var post = Error("2.3.4.post6", Stable);
        post.Should().StartWith("--bump stable does not increase the version: 2.3.4.post6 → 2.3.4 (2.3.4.post6 is a post-release of 2.3.4, which is older).");
        post.Should().Contain("--bump post (→ 2.3.4.post7)");
    }

    [Fact]
    public void Every_kind_has_its_command_line_name()
    {
        Enum.GetValues<BumpKind>().Select(VersionBump.Name).Should().Equal("major", "minor", "patch", "stable", "alpha", "beta", "rc", "post", "dev", "auto");
    }

    [Fact]
    public void Every_accepted_single_bump_increases_a_pre_release_post_release_and_dev_release_or_says_why_not()
    {
        foreach (var text in new[] { "1.0", "1.0a1", "1.0b2.dev3", "1.0rc1.post2", "1.0.post1.dev1", "1.0.dev1", "1!1.0+x" })
        {
            // auto is no bump of its own: BumpVersion replaces it with major, minor or patch (ReleasePluginApi.AutoBump).
            foreach (var kind in Enum.GetValues<BumpKind>().Where(k => k != BumpKind.Auto))
            {
                var current = Pep440Version.Parse(text);
                var result = VersionBump.Compute(current, [kind]);
                if (result > current)
                    VersionBump.Apply(current, [kind]).Should().Be(result);
                else
                    Error(text, kind).Should().Contain("does not increase the version");
            }
        }
    }

    [Fact]
    public void New_version_accepts_any_other_valid_version()
    {
        var current = Pep440Version.Parse("1.2.3");
        VersionBump.SetExplicit(current, "v1.3.0-RC1", out var warnings).ToString().Should().Be("1.3.0rc1");
        warnings.Should().BeEmpty();
    }

    [Fact]
    public void New_version_lower_than_current_or_local_is_allowed_with_a_warning()
    {
        var current = Pep440Version.Parse("1.2.3");
        VersionBump.SetExplicit(current, "1.2.2", out var lower).ToString().Should().Be("1.2.2");
        lower.Should().ContainSingle().Which.Should().Contain("lower than the current version 1.2.3");
        VersionBump.SetExplicit(current, "1.2.4+corp.1", out var local);
        local.Should().ContainSingle().Which.Should().Contain("local label");
    }

    [Theory]
    [InlineData("1.2.3", "The version is already 1.2.3*")]
    [InlineData("1.2.3.0", "The version is already 1.2.3*")]
    [InlineData("minor", "--new-version 'minor' is not a version. Did you mean --bump minor?")]
    [InlineData("1.2.x", "'1.2.x' is not a valid PEP 440 version*")]
    [InlineData(" ", "--new-version is empty*")]
    public void New_version_errors(string text, string message)
    {
        var act = () => VersionBump.SetExplicit(Pep440Version.Parse("1.2.3"), text, out _);
        act.Should().Throw<BuildException>().WithMessage(message);
    }
}
