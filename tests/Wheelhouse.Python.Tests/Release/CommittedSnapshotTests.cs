using Wheelhouse.Engine;
using Wheelhouse.Python.PluginApi;
using Wheelhouse.Python.Release;
using Wheelhouse.Python.Tests.ApiGate;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Tests.Release;

/// <summary>plugin-api.json in the work tree and in git history, with real git in a temp repository.</summary>
public sealed class CommittedSnapshotTests
{
    private static string Document(string version) => System.Text.Encoding.UTF8.GetString(PluginApiJson.Serialize(ApiGateSamples.Api(version)));

    private static Task<(Python.ApiGate.CommittedApiRecord? Record, string WhyNone)> FindAsync(ReleaseRepository repo, string building) =>
        CommittedSnapshot.FindAsync(AbsolutePath.Create(repo.Root), "pytest-sample", Pep440Version.Parse(building));

    [Fact]
    public async Task A_record_below_the_version_being_built_is_the_baseline_as_it_is()
    {
        using var repo = await ReleaseRepository.CreateAsync();
        repo.Write("plugin-api.json", Document("0.2.0"));

        var (record, _) = await FindAsync(repo, "0.3.0");

        record!.Where.Should().Be("plugin-api.json (version 0.2.0)");
    }

    [Fact]
    public async Task At_a_release_commit_the_record_of_the_release_before_comes_from_git_history()
    {
        using var repo = await ReleaseRepository.CreateAsync();
        await repo.CommitAsync("Release 0.2.0", "plugin-api.json", Document("0.2.0"));
        var released = (await repo.GitAsync("rev-parse", "HEAD"))[..12];
        await repo.CommitAsync("Release 0.3.0", "plugin-api.json", Document("0.3.0"));

        var (record, _) = await FindAsync(repo, "0.3.0");

        record!.Api.Version.Should().Be("0.2.0");
        record.Where.Should().Be($"plugin-api.json as committed in {released} (version 0.2.0)");
    }

    [Fact]
    public async Task With_no_earlier_record_the_version_being_built_is_compared_with_its_own()
    {
        using var repo = await ReleaseRepository.CreateAsync();
        await repo.CommitAsync("Release 0.2.0", "plugin-api.json", Document("0.2.0"));

        var (record, _) = await FindAsync(repo, "0.2.0");

        record!.Where.Should().Be("plugin-api.json (version 0.2.0)");
    }

    [Fact]
    public async Task Outside_git_only_the_work_tree_counts_and_a_newer_record_is_no_baseline()
    {
        using var repo = await ReleaseRepository.CreateAsync(withGit: false);
        repo.Write("plugin-api.json", Document("0.4.0"));

        var (record, whyNone) = await FindAsync(repo, "0.3.5");

        record.Should().BeNull();
        whyNone.Should().Be("plugin-api.json records 0.4.0, none at or below 0.3.5");
    }

    [Fact]
    public async Task A_record_of_another_distribution_is_refused_naming_both()
    {
        using var repo = await ReleaseRepository.CreateAsync(withGit: false);
        repo.Write("plugin-api.json", Document("0.2.0"));

        var act = () => CommittedSnapshot.FindAsync(AbsolutePath.Create(repo.Root), "pytest-other", Pep440Version.Parse("0.3.0"));

        await act.Should().ThrowAsync<BuildException>().WithMessage("*records the plugin API of pytest-sample, not of pytest-other*");
    }
}
