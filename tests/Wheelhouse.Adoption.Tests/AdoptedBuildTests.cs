using Wheelhouse.Adoption.Tests.Support;

namespace Wheelhouse.Adoption.Tests;

/// <summary>A hatchling plugin that adopted the build from the local package folder, as README says (one shared run).</summary>
[Collection(PackedWheelhouseCollection.Name)]
public sealed class AdoptedBuildTests(PackedWheelhouse packed)
{
    private AdoptedPlugin Plugin => packed.HatchlingPlugin;

    [Fact]
    public void The_template_adds_the_build_s_files_and_touches_nothing_of_the_plugin()
    {
        Plugin.LayDown.ExitCode.Should().Be(0, Plugin.LayDown.Describe());

        Plugin.StatusAfterLayDown.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).Should().Equal(
            "?? .gitattributes",
            "?? .nuke/.gitignore",
            "?? .nuke/parameters.json",
            "?? NuGet.config",
            "?? build.ps1",
            "?? build.sh",
            "?? build/.gitignore",
            "?? build/Build.cs",
            "?? build/_build.csproj",
            "?? global.json");
        File.GetUnixFileMode(Path.Combine(Plugin.Root, "build.sh")).Should().HaveFlag(UnixFileMode.UserExecute);
    }

    [Fact]
    public void Build_cs_and_the_parameters_carry_the_plugin_s_name_and_repository()
    {
        var build = Plugin.Read(Path.Combine("build", "Build.cs"));
        build.Should().Contain($"EnvironmentUrl = \"https://pypi.org/p/{AdoptedPlugin.Name}\"")
            .And.Contain($"EnvironmentUrl = \"https://test.pypi.org/p/{AdoptedPlugin.Name}\"")
            .And.Contain($"If = \"github.repository == '{AdoptedPlugin.Owner}/{AdoptedPlugin.Name}'\"")
            .And.NotContain("WHEELHOUSE_").And.NotContain("#if").And.NotContain("ITestSuites");
        Plugin.Read(Path.Combine(".nuke", "parameters.json")).Should()
            .Contain($"\"GitHubRepository\": \"{AdoptedPlugin.Owner}/{AdoptedPlugin.Name}\"")
            .And.Contain($"\"RehearsalRepository\": \"{AdoptedPlugin.Owner}/{AdoptedPlugin.Name}\"");
    }

    [Fact]
    public void The_build_compiles_against_the_packages_from_the_local_folder_and_lists_the_release_targets()
    {
        Plugin.Help.ExitCode.Should().Be(0, Plugin.Help.Describe());
        foreach (var target in new[] { "Clean", "Build", "BumpVersion", "InspectWheel", "VerifyInstall", "PublishTestPyPI", "PublishPyPI", "Rehearse", "ServeIndex", "GitHubRelease", "GenerateWorkflows", "CheckWorkflows", "TrustedPublisher" })
            Plugin.Help.Out.Should().MatchRegex($"(?m)^  {target}\\b", target);
        Plugin.Help.Out.Should().NotMatchRegex("(?m)^  (Test|TestTools|Pack)\\b", "those targets are this repository's own");

        Directory.Exists(Path.Combine(packed.RestoredPackagesFolder, "wheelhouse.components", packed.Version))
            .Should().BeTrue("the build restored Wheelhouse.Components from the package folder");
    }

    [Fact]
    public void GenerateWorkflows_writes_workflows_that_CheckWorkflows_accepts()
    {
        Plugin.GenerateWorkflows.ExitCode.Should().Be(0, Plugin.GenerateWorkflows.Describe());
        Plugin.CheckWorkflows.ExitCode.Should().Be(0, Plugin.CheckWorkflows.Describe());

        var release = Plugin.Read(Path.Combine(".github", "workflows", "release.yml"));
        release.Should().Contain($"url: https://pypi.org/p/{AdoptedPlugin.Name}")
            .And.Contain($"if: github.repository == '{AdoptedPlugin.Owner}/{AdoptedPlugin.Name}'")
            .And.Contain("./build.sh PublishPyPI VerifyInstall --skip");
        Plugin.Read(Path.Combine(".github", "workflows", "wheelhouse.yml")).Should().Contain("./build.sh CheckWorkflows InspectWheel VerifyInstall");
    }

    [Fact]
    public void The_rehearsal_passes()
    {
        Plugin.Rehearsal.ExitCode.Should().Be(0, Plugin.Rehearsal.Describe());
    }

    [Fact]
    public void InspectWheel_prints_a_pass_line_per_file_and_the_table_only_at_verbose()
    {
        var version = $@"{AdoptedPlugin.Name.Replace('-', '_')}-[0-9][^ ]*";
        Plugin.Rehearsal.Out.Should().MatchRegex($@"(?m){version}-py3-none-any\.whl: [1-9][0-9]+ checks passed$")
            .And.MatchRegex($@"(?m){version}\.tar\.gz: [1-9][0-9]+ checks passed$")
            .And.Contain("InspectWheel passed: 2 distributions")
            .And.NotContain("R005", "the checks that passed are counted, not listed");

        Plugin.VerboseInspection.ExitCode.Should().Be(0, Plugin.VerboseInspection.Describe());
        Plugin.VerboseInspection.Out.Should().Contain("R005 digests match the files").And.MatchRegex(@"(?m)^.*\bFile\b.*\bCheck\b.*\bResult\b", "the table's header")
            .And.Contain("InspectWheel passed: 2 distributions");
    }

    [Fact]
    public void The_sdist_holds_the_plugin_and_none_of_the_build_s_files()
    {
        var files = Archives.SdistFiles(Archives.OnlySdist(Path.Combine(Plugin.Root, "dist")));

        files.Should().Contain("src/pytest_adopted/plugin.py");
        files.Where(BuildFiles.IsBuildFile).Should().BeEmpty();
    }
}
