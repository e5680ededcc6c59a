using Wheelhouse.Engine;
using Wheelhouse.PyPI.ApiBaseline;
using Wheelhouse.Python.ApiGate;
using Wheelhouse.Python.PluginApi;

namespace Wheelhouse.PyPI.Tests.ApiBaseline;

/// <summary>BumpVersion with the gate: the source tree built and its API read as CheckPluginApi reads a release, then --bump auto.</summary>
[Collection(GatePluginsCollection.Name)]
public sealed class PluginApiBumpTests(GatePlugins plugins)
{
    [Fact]
    public async Task Bump_auto_builds_the_source_reads_its_API_and_releases_the_major_version_a_removed_ini_key_needs()
    {
        var project = plugins.Folder("bump");
        await GatePlugins.WriteSourceAsync("ini-removed:gate_level", project, version: "1.0.0");
        PluginApiJson.WriteFile(await plugins.BaseApiAsync(), project / CommittedApi.FileName);
        await File.WriteAllTextAsync(project / "CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n\n### Removed\n\n- Nothing users set.\n\n## [1.0.0] - 2026-01-01\n\n- First.\n");
        await File.WriteAllTextAsync(project / ".gitignore", "dist/\n.nuke/\n");
        foreach (var arguments in new[] { ["init", "--quiet", "--initial-branch=main"], ["config", "user.name", "Gate Tests"], ["config", "user.email", "gate@example.org"],
                     ["config", "commit.gpgsign", "false"], ["config", "tag.gpgsign", "false"], ["add", "--all"], new[] { "commit", "--quiet", "-m", "1.0.0 and a change" } })
            await Git(project, arguments);

        var api = await PluginApiGate.ReadForBumpAsync(
            new PluginApiGateRequest(project, project / "dist", project / ".nuke" / "temp" / "plugin-api", null, "the test compares offline") { Python = GatePlugins.SystemPython },
            new BumpBuild(GatePlugins.SystemPython, Python.BuildIsolation.NotIsolated, "v{version}", null));
        var plan = await Python.Release.VersionRelease.RunAsync(project, new Python.Release.BumpRequest([Python.Versioning.BumpKind.Auto], null) { PluginApi = api });

        api.BaselineDescription.Should().Be("the committed snapshot plugin-api.json (version 1.0.0)");
        api.Changes.Select(c => c.Id).Should().Equal("ini-removed:gate_level");
        plan.To.ToString().Should().Be("2.0.0");
        plan.Warnings.Should().Contain(w => w.Contains("ini-removed:gate_level") && w.Contains("not mentioned in CHANGELOG.md"));
        var recorded = PluginApiJson.ReadFile(project / CommittedApi.FileName);
        recorded.Version.Should().Be("2.0.0");
        recorded.IniOptions.Select(o => o.Name).Should().Equal("gate_paths");
        (await Git(project, "show", "--name-only", "--format=", "HEAD")).Should().Contain(CommittedApi.FileName);
        (await Git(project, "status", "--porcelain")).Should().BeEmpty();
    }

    private static async Task<string> Git(AbsolutePath directory, params string[] arguments) =>
        (await Engine.Tooling.Tool.RunAsync("git", arguments, new Engine.Tooling.ToolOptions { WorkingDirectory = directory, LogOutput = false })).StandardOutput;
}
