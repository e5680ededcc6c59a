using Wheelhouse.Python.Release;

namespace Wheelhouse.Python.Tests.Release;

public sealed class ReleaseTagTests
{
    [Theory]
    [InlineData("v{version}", "v1.2.0", "1.2.0")]
    [InlineData("v{version}", "v1.0.0-RC1", "1.0.0rc1")]
    [InlineData("v{version}", "v2!1.0", "2!1.0")]
    [InlineData("release-{version}", "release-0.3.0", "0.3.0")]
    [InlineData("{version}-final", "1.4-final", "1.4")]
    public void A_tag_of_the_format_names_its_PEP_440_version(string format, string tag, string version)
    {
        ReleaseTag.TryParse(format, tag, out var parsed).Should().BeTrue();
        parsed!.ToString().Should().Be(version);
    }

    [Theory]
    [InlineData("v{version}", "1.2.0")]        // no prefix
    [InlineData("v{version}", "vv1.2.0")]      // the parser would forgive the second v
    [InlineData("v{version}", "v-nightly")]
    [InlineData("v{version}", "v")]
    [InlineData("v{version}", "v1.2.0 ")]
    [InlineData("release-{version}", "v1.2.0")]
    public void Other_tags_are_not_releases(string format, string tag) =>
        ReleaseTag.TryParse(format, tag, out _).Should().BeFalse();

    [Fact]
    public void The_latest_release_is_the_highest_version_not_the_last_name()
    {
        var latest = ReleaseTag.Latest("v{version}", ["v0.9.0", "v0.10.0", "v0.10.0rc1", "nightly", "v1.0.0.dev1", "0.99"]);
        latest.Should().NotBeNull();
        latest!.Value.Tag.Should().Be("v1.0.0.dev1");
        ReleaseTag.Latest("v{version}", ["v0.9.0", "v0.10.0", "v0.10.0rc1"])!.Value.Tag.Should().Be("v0.10.0");
        ReleaseTag.Latest("v{version}", ["nightly", "1.0"]).Should().BeNull();
    }
}
