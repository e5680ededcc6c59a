using Wheelhouse.Python.ApiGate;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Tests.ApiGate;

public sealed class CommittedApiTests
{
    private static CommittedApiRecord Record(string version, string where) => new(ApiGateSamples.Api(version), where);

    [Fact]
    public void The_newest_record_below_the_version_being_built_is_the_baseline()
    {
        var chosen = CommittedApi.Choose([Record("0.3.0", "work tree"), Record("0.3.0", "HEAD"), Record("0.2.0", "HEAD~3"), Record("0.1.0", "HEAD~9")], Pep440Version.Parse("0.3.0"));

        chosen!.Where.Should().Be("HEAD~3", "the work tree records 0.3.0 itself: BumpVersion wrote it for this release");
    }

    [Fact]
    public void Without_an_earlier_record_the_record_of_the_version_itself_serves_and_the_work_tree_comes_first()
    {
        CommittedApi.Choose([Record("0.2.0", "work tree"), Record("0.2.0", "HEAD")], Pep440Version.Parse("0.2.0"))!.Where.Should().Be("work tree");
    }

    [Fact]
    public void Only_newer_records_give_no_baseline_and_say_which_versions_they_record()
    {
        var records = new[] { Record("0.4.0", "work tree") };

        CommittedApi.Choose(records, Pep440Version.Parse("0.3.5")).Should().BeNull();
        CommittedApi.WhyNone(records, Pep440Version.Parse("0.3.5")).Should().Be("plugin-api.json records 0.4.0, none at or below 0.3.5");
        CommittedApi.WhyNone([], Pep440Version.Parse("0.3.5")).Should().Be("there is no plugin-api.json");
    }
}
