using Wheelhouse.Engine;
using Wheelhouse.Python.ApiGate;
using Wheelhouse.Python.PluginApi;
using Wheelhouse.Python.Release;
using Wheelhouse.Python.Tests.ApiGate;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Tests.Release;

/// <summary>BumpVersion with the plugin API: --bump auto, plugin-api.json committed with the release, the changelog checked. Real git in a temp repository.</summary>
public sealed class PluginApiReleaseTests
{
    private static readonly DateOnly Day = new(2026, 5, 17);

    private static ReleasePluginApi Api(Func<PluginApiSnapshot, PluginApiSnapshot> change, string baseline = "0.2.0", ApiGateSettings? settings = null)
    {
        var before = ApiGateSamples.Api(baseline);
        return new ReleasePluginApi(change(before) with { Version = "0.2.1.dev0" }, before, $"PyPI's {baseline}", settings ?? ApiGateSettings.Default);
    }

    private static BumpRequest Request(ReleasePluginApi api, params BumpKind[] bumps) => new(bumps, null, Today: Day) { PluginApi = api };

    public static TheoryData<string, string, string> AutoCases => new()
    {
        // baseline, change, expected version (from 0.2.0 unless the baseline says otherwise)
        { "0.2.0", "breaking", "0.3.0" },
        { "0.2.0", "addition", "0.3.0" },
        { "0.2.0", "none", "0.2.1" },
        { "1.4.2", "breaking", "2.0.0" },
        { "1.4.2", "addition", "1.5.0" },
        { "1.4.2", "none", "1.4.3" },
    };

    [Theory]
    [MemberData(nameof(AutoCases))]
    public void Auto_picks_the_smallest_release_bump_the_changes_need(string baseline, string change, string expected)
    {
        var api = Api(change switch
        {
            "breaking" => ApiGateSamples.WithoutFixture,
            "addition" => a => ApiGateSamples.WithMarker(a, "sample_slow"),
            _ => a => a,
        }, baseline);

        var kind = api.AutoBump(Pep440Version.Parse(baseline), []);

        VersionBump.Apply(Pep440Version.Parse(baseline), [kind]).ToString().Should().Be(expected);
    }

    [Fact]
    public void Auto_with_a_pre_release_bump_gives_the_pre_release_of_the_right_version() =>
        VersionBump.Apply(Pep440Version.Parse("1.4.2"), [Api(ApiGateSamples.WithoutFixture, "1.4.2").AutoBump(Pep440Version.Parse("1.4.2"), [BumpKind.Rc]), BumpKind.Rc])
            .ToString().Should().Be("2.0.0rc1");

    [Fact]
    public void Auto_without_an_earlier_API_asks_for_an_explicit_bump()
    {
        var first = new ReleasePluginApi(ApiGateSamples.Api(), null, "no plugin-api.json and PyPI never had it", ApiGateSettings.Default);

        var act = () => first.AutoBump(Pep440Version.Parse("0.1.0"), []);

        act.Should().Throw<BuildException>().WithMessage("*no earlier API to compare with (no plugin-api.json and PyPI never had it)*--bump major, minor or patch*");
    }

    [Fact]
    public void Auto_goes_alone_or_with_a_pre_release_kind()
    {
        VersionBump.CombinationError([BumpKind.Auto, BumpKind.Minor]).Should().Contain("--bump auto picks the release bump");
        VersionBump.CombinationError([BumpKind.Auto, BumpKind.Rc]).Should().BeNull();
    }

    [Fact]
    public async Task Bump_auto_releases_the_version_the_changes_need_and_commits_plugin_api_json_with_it()
    {
        using var repo = await ReleaseRepository.CreateAsync();
        var api = Api(ApiGateSamples.WithoutFixture);

        var plan = await VersionRelease.RunAsync(repo.Root, Request(api, BumpKind.Auto));

        plan.To.ToString().Should().Be("0.3.0", "a breaking change below 1.0.0 needs MINOR");
        plan.Notes.Should().Contain(n => n.StartsWith("--bump auto is --bump minor: against PyPI's 0.2.0, a breaking change below 1.0.0 needs MINOR"));
        var written = PluginApiJson.Read(repo.Text("plugin-api.json"), "plugin-api.json");
        written.Should().Be(api.Current with { Version = "0.3.0" });
        (await repo.GitAsync("show", "--name-only", "--format=", "HEAD")).Split('\n').Should().Contain("plugin-api.json");
        (await repo.GitAsync("status", "--porcelain")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_breaking_change_the_changelog_does_not_name_under_Removed_or_Changed_is_a_warning_naming_it()
    {
        using var repo = await ReleaseRepository.CreateAsync();

        var plan = VersionRelease.Plan(repo.Root, Request(Api(ApiGateSamples.WithoutFixture), BumpKind.Auto));

        plan.Warnings.Should().ContainSingle(w => w.Contains("fixture-removed:sample_db") && w.Contains("name 'sample_db' under ### Removed or ### Changed"));
    }

    [Fact]
    public async Task An_explicit_bump_smaller_than_the_changes_need_is_a_warning_that_the_gate_will_refuse_it()
    {
        using var repo = await ReleaseRepository.CreateAsync();

        var plan = VersionRelease.Plan(repo.Root, Request(Api(ApiGateSamples.WithoutFixture), BumpKind.Patch));

        plan.To.ToString().Should().Be("0.2.1");
        plan.Warnings.Should().Contain(w => w.Contains("CheckPluginApi will refuse to publish 0.2.1") && w.Contains("The smallest right version is 0.3.0"));
    }

    [Fact]
    public async Task Without_the_plugin_API_auto_is_refused()
    {
        using var repo = await ReleaseRepository.CreateAsync();

        var act = () => VersionRelease.Plan(repo.Root, new BumpRequest([BumpKind.Auto], null, Today: Day));

        act.Should().Throw<BuildException>().WithMessage("--bump auto needs the plugin API*");
    }

    [Fact]
    public async Task When_the_commit_fails_a_plugin_api_json_the_release_created_is_removed_again()
    {
        using var repo = await ReleaseRepository.CreateAsync();
        await repo.GitAsync("tag", "v0.3.0");
        var before = repo.Snapshot();

        // The tag exists, so the release stops at git tag, after the commit.
        var plan = VersionRelease.Plan(repo.Root, Request(Api(ApiGateSamples.WithoutFixture), BumpKind.Auto));
        var act = () => ReleaseGit.CommitAndTagAsync(repo.Root, plan.Changes, plan.CommitSubject, plan.CommitBody, plan.Tag, "Release");

        await act.Should().ThrowAsync<BuildException>().WithMessage("The release stopped at git tag*as they were before*");
        File.Exists(Path.Combine(repo.Root, "plugin-api.json")).Should().BeFalse();
        repo.Snapshot().Should().BeEquivalentTo(before);
    }

    [Fact]
    public async Task A_tag_versioned_project_commits_plugin_api_json_with_its_changelog()
    {
        using var repo = await ReleaseRepository.CreateAsync(new Dictionary<string, string>
        {
            ["pyproject.toml"] = TagVersionedPlugin.HatchVcs,
            ["CHANGELOG.md"] = ReleaseRepository.ChangelogText,
        });
        await repo.GitAsync("tag", "-a", "v0.2.0", "-m", "Release 0.2.0");

        var plan = await VersionRelease.RunAsync(repo.Root, Request(Api(a => ApiGateSamples.WithMarker(a, "sample_slow")), BumpKind.Auto));

        plan.To.ToString().Should().Be("0.3.0");
        (await repo.GitAsync("show", "--name-only", "--format=", "v0.3.0^{commit}")).Split('\n').Should().BeEquivalentTo("CHANGELOG.md", "plugin-api.json");
        PluginApiJson.Read(repo.Text("plugin-api.json"), "plugin-api.json").Version.Should().Be("0.3.0");
    }
}
