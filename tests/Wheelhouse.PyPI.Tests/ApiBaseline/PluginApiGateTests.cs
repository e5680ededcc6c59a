using Wheelhouse.Engine;
using Wheelhouse.PyPI.ApiBaseline;
using Wheelhouse.PyPI.Tests.LocalIndex;
using Wheelhouse.PyPI.Tests.TrustedPublishing;
using Wheelhouse.PyPI.Upload;
using Wheelhouse.Python.ApiGate;
using Wheelhouse.Python.PluginApi;

namespace Wheelhouse.PyPI.Tests.ApiBaseline;

/// <summary>
/// CheckPluginApi with real wheels: pytest-gate 1.0.0 as the last release (its API read from its wheel in a venv, committed
/// as plugin-api.json, or uploaded to the local index), against variants that each change one part of the API.
/// </summary>
[Collection(GatePluginsCollection.Name)]
public sealed class PluginApiGateTests(GatePlugins plugins)
{
    public static TheoryData<string> BreakingKinds => new(GatePlugins.Breaking.Keys);

    [Theory]
    [MemberData(nameof(BreakingKinds))]
    public async Task Each_breaking_change_alone_in_a_minor_release_fails_naming_it_and_the_major_version_it_needs(string change)
    {
        var project = await plugins.ProjectAsync();

        var act = () => plugins.CheckAsync(change, project);

        var failure = (await act.Should().ThrowAsync<BuildException>()).Which.Message;
        var lines = failure.Split(Environment.NewLine);
        lines[0].Should().Contain("pytest-gate 1.1.0 changes the plugin API").And.Contain("a breaking change needs MAJOR")
            .And.Contain("1.0.0 → 1.1.0 is a MINOR bump").And.Contain("The smallest right version is 2.0.0");
        lines.Where(l => l.TrimStart().StartsWith("breaking", StringComparison.Ordinal)).Should()
            .ContainSingle("the variant changes one thing").Which.Should().Contain($"  {change}  ", "each change is on its own line with its kind");
        failure.Should().Contain($"allow = [{{ change = \"{change}\", reason = \"...\" }}]");
    }

    [Fact]
    public async Task Every_kind_of_addition_is_found_and_each_alone_needs_a_minor_release()
    {
        var outcome = await plugins.CheckAsync(GatePlugins.Additions, await plugins.ProjectAsync());

        var verdict = outcome.Verdict!;
        verdict.Changes.Select(c => c.Id).Should().BeEquivalentTo(GatePlugins.AdditionIds);
        verdict.Changes.Should().OnlyContain(c => c.Severity == ApiChangeSeverity.Addition);
        verdict.Required.Should().Be(SemverBump.Minor);
        verdict.Passes.Should().BeTrue("1.0.0 → 1.1.0 is the MINOR release additions need");
        foreach (var addition in verdict.Changes)
        {
            var alone = ApiGateVerdict.Decide(verdict.Baseline, Python.Versioning.Pep440Version.Parse("1.0.1"), [addition], ApiGateSettings.Default);
            alone.Required.Should().Be(SemverBump.Minor, addition.Id);
            alone.Passes.Should().BeFalse($"{addition.Id} in a PATCH release");
            alone.SmallestRight.ToString().Should().Be("1.1.0");
        }

        File.ReadAllText(outcome.ChangesFile).Should().StartWith("Against 1.0.0 (the committed snapshot plugin-api.json (version 1.0.0)):")
            .And.Contain("- addition `fixture-added:gate_new`: fixture 'gate_new' added");
    }

    [Fact]
    public async Task An_unchanged_API_passes_as_a_patch_release_and_the_notes_say_none()
    {
        var outcome = await plugins.CheckAsync(GatePlugins.Unchanged, await plugins.ProjectAsync());

        outcome.Verdict!.Changes.Should().BeEmpty();
        outcome.Verdict.Required.Should().Be(SemverBump.Patch);
        outcome.Verdict.Made.Should().Be(SemverBump.Patch);
        outcome.Baseline.Description.Should().Be("the committed snapshot plugin-api.json (version 1.0.0)");
        File.ReadAllText(outcome.ChangesFile).Should().StartWith("None: the plugin API is the same as in 1.0.0");
        outcome.ApiFile.Name.Should().Be("pytest-gate-1.0.1.json");
        Python.PluginApi.PluginApiJson.ReadFile(outcome.ApiFile).Version.Should().Be("1.0.1");
    }

    [Fact]
    public async Task Below_1_0_0_a_breaking_change_needs_a_minor_release_by_default_and_1_0_0_when_the_setting_says_major()
    {
        // 0.4.1 removes gate_extra.
        var released040 = await plugins.ProjectAsync("0.4.0");
        var patch = () => plugins.CheckAsync(GatePlugins.ZeroMajor, released040);
        (await patch.Should().ThrowAsync<BuildException>()).Which.Message.Should()
            .Contain("a breaking change below 1.0.0 needs MINOR").And.Contain("0.4.0 → 0.4.1 is a PATCH bump").And.Contain("The smallest right version is 0.5.0")
            .And.Contain("fixture-removed:gate_extra");

        var minor = await plugins.CheckAsync(GatePlugins.ZeroMajor, await plugins.ProjectAsync("0.3.0"));
        minor.Verdict!.Passes.Should().BeTrue("0.3.0 → 0.4.1 is a MINOR bump, enough below 1.0.0");
        minor.Verdict.Required.Should().Be(SemverBump.Minor);

        var strictProject = await plugins.ProjectAsync("0.3.0", "zero-major-breaking = \"major\"");
        var strict = () => plugins.CheckAsync(GatePlugins.ZeroMajor, strictProject);
        (await strict.Should().ThrowAsync<BuildException>()).Which.Message.Should()
            .Contain("zero-major-breaking = \"major\"").And.Contain("The smallest right version is 1.0.0");
    }

    [Fact]
    public async Task A_change_on_the_allow_list_does_not_count_and_its_reason_is_printed()
    {
        LogCapture.Install();
        var reason = $"deprecated since 0.9, announced {Guid.NewGuid():N}";
        var project = await plugins.ProjectAsync(apiSettings: $"allow = [{{ change = \"fixture-removed:gate_extra\", reason = \"{reason}\" }}]");

        var outcome = await plugins.CheckAsync("fixture-removed:gate_extra", project);

        outcome.Verdict!.Passes.Should().BeTrue();
        outcome.Verdict.Required.Should().Be(SemverBump.Patch);
        outcome.Verdict.Excused.Select(e => e.Allowed.Reason).Should().Equal(reason);
        LogCapture.All.Should().Contain(l => l.Contains("fixture-removed:gate_extra") && l.Contains(reason) && l.Contains("does not count"));
        File.ReadAllText(outcome.ChangesFile).Should().Contain($"(allowed: {reason})");
    }

    [Fact]
    public async Task Without_a_snapshot_or_an_index_release_the_first_release_passes_and_says_so()
    {
        var outcome = await plugins.CheckAsync("fixture-removed:gate_extra", await plugins.ProjectAsync(snapshotVersion: null));

        outcome.Verdict.Should().BeNull();
        outcome.Baseline.Description.Should().Contain("the tests compare offline").And.Contain("there is no plugin-api.json");
        File.ReadAllText(outcome.ChangesFile).Should().StartWith("None to report: this is the first release");
    }

    [Fact]
    public async Task A_snapshot_with_parts_the_probe_could_not_read_is_not_compared()
    {
        var project = await plugins.ProjectAsync();
        var api = Python.PluginApi.PluginApiJson.ReadFile(project / CommittedApi.FileName);
        Python.PluginApi.PluginApiJson.WriteFile(api with { Unreadable = new[] { "fixtures: FixtureManager._arg2fixturedefs is gone" }.ToValueList() }, project / CommittedApi.FileName);

        var act = () => plugins.CheckAsync(GatePlugins.Unchanged, project);

        (await act.Should().ThrowAsync<BuildException>()).Which.Message.Should()
            .Contain("has parts the probe could not read").And.Contain("FixtureManager._arg2fixturedefs").And.Contain("for removals");
    }

    [Fact]
    public async Task The_last_release_on_the_index_is_the_baseline_and_a_tampered_wheel_is_refused()
    {
        await using var index = await TestIndex.StartAsync();
        using var http = index.Client();
        var released = GatePlugins.WheelIn(await plugins.DistAsync(GatePlugins.Base));
        var report = await new Uploader(http).UploadAsync(index.Server.Index, UploadCredentials.ForToken(TestIndex.Token), [released],
            new UploadOptions { ShowProgress = false }, CancellationToken.None);
        report.Succeeded.Should().BeTrue();
        // No plugin-api.json: what is compared comes from the index.
        var project = await plugins.ProjectAsync(snapshotVersion: null);

        var act = () => plugins.CheckAsync("marker-removed:gate", project, index.Server.Index, http);

        var failure = (await act.Should().ThrowAsync<BuildException>()).Which.Message;
        failure.Should().Contain($"against pytest-gate 1.0.0 on {index.Server.Index.Name} (pytest_gate-1.0.0-py3-none-any.whl, sha256 checked against the index)")
            .And.Contain("marker-removed:gate").And.Contain("The smallest right version is 2.0.0");

        var stored = Directory.GetFiles(index.Directory, "pytest_gate-1.0.0-*.whl", SearchOption.AllDirectories).Single();
        await File.AppendAllTextAsync(stored, "tampered");
        var tampered = () => plugins.CheckAsync(GatePlugins.Unchanged, project, index.Server.Index, http);
        (await tampered.Should().ThrowAsync<BuildException>()).Which.Message.Should()
            .Contain("has sha256").And.Contain("but the index lists").And.Contain("not used as the API baseline");
    }

    [Fact]
    public async Task An_index_that_never_had_the_project_leaves_the_committed_snapshot_as_the_baseline()
    {
        await using var index = await TestIndex.StartAsync();
        using var http = index.Client();

        var outcome = await plugins.CheckAsync(GatePlugins.Unchanged, await plugins.ProjectAsync(), index.Server.Index, http);

        outcome.Baseline.Description.Should().Be("the committed snapshot plugin-api.json (version 1.0.0)");
        outcome.Verdict!.Passes.Should().BeTrue();
    }
}
