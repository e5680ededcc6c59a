using Wheelhouse.GitHub.Workflows;
using static Wheelhouse.GitHub.Workflows.GitHubActionsImage;
using static Wheelhouse.GitHub.Workflows.GitHubActionsPermissions;

namespace Wheelhouse.GitHub.Tests.Workflows;

/// <summary>How the generator compiles the build once per workflow (see <see cref="CompiledBuild"/>).</summary>
public sealed class CompiledBuildTests
{
    private static IEnumerable<ActionStep> Uses(Job job, PinnedAction action) => job.Steps.OfType<ActionStep>().Where(s => s.Action == action);

    private static string? With(ActionStep step, string key) => step.With.FirstOrDefault(w => w.Key == key).Value as string;

    private static GitHubActionsJobAttribute WithNeeds(GitHubActionsJobAttribute job, params string[] needs)
    {
        job.Needs = needs;
        return job;
    }

    private static string? Env(Step step, string name) => step.Env.FirstOrDefault(e => e.Key == name).Value;

    [Fact]
    public void The_first_job_uploads_the_compiled_build_after_its_targets_and_a_later_job_on_its_image_downloads_it_before_its_targets()
    {
        var workflow = SampleWorkflows.ReleaseWorkflow();
        var build = workflow.FindJob("build")!;
        var publish = workflow.FindJob("publish")!;

        var upload = Uses(build, PinnedActions.UploadArtifact).Single(s => With(s, "name") == CompiledBuild.ArtifactName);
        With(upload, "path").Should().Be("build/bin/publish/");
        build.Steps.ToList().IndexOf(upload).Should().BeGreaterThan(build.Steps.ToList().FindIndex(s => s is RunStep { Run: "./build.sh InspectWheel" }));

        var download = Uses(publish, PinnedActions.DownloadArtifact).Single(s => With(s, "name") == CompiledBuild.ArtifactName);
        With(download, "path").Should().Be("build/bin/prebuilt/");
        download.If.Should().BeNull();
        var run = publish.Steps.OfType<RunStep>().Single();
        publish.Steps.ToList().IndexOf(download).Should().BeLessThan(publish.Steps.ToList().IndexOf(run));
        Env(run, CompiledBuild.NoCompileVariable).Should().Be("1", "a publish job holds the OIDC token: build.sh must fail rather than restore and compile");
    }

    [Fact]
    public void A_matrix_job_takes_the_compiled_build_on_the_shared_image_and_compiles_with_a_nuget_cache_on_the_others()
    {
        // A workflow that publishes nothing (no environment, no id-token): caches are allowed where they poison nothing.
        var verify = SampleWorkflows.Single(SampleWorkflows.Release(), SampleWorkflows.BuildJob(), WithNeeds(SampleWorkflows.VerifyJob(), "build"))
            .FindJob("verify")!;

        Uses(verify, PinnedActions.DownloadArtifact).Single(s => With(s, "name") == CompiledBuild.ArtifactName).If.Should().Be("matrix.os == 'ubuntu-latest'");
        var cache = Uses(verify, PinnedActions.Cache).Single();
        cache.If.Should().Be("matrix.os != 'ubuntu-latest'");
        With(cache, "path").Should().Be("~/.nuget/packages");
        With(cache, "key").Should().Be("nuget-${{ runner.os }}-${{ hashFiles('global.json', '**/*.csproj', '**/Directory.Build.props', '**/Directory.Packages.props') }}");
        var bash = verify.Steps.OfType<RunStep>().Single(s => s.Run.StartsWith("./build.sh", StringComparison.Ordinal));
        Env(bash, CompiledBuild.NoCompileVariable).Should().Be("${{ matrix.os == 'ubuntu-latest' && '1' || '0' }}");
        var pwsh = verify.Steps.OfType<RunStep>().Single(s => s.Run.StartsWith("./build.ps1", StringComparison.Ordinal));
        Env(pwsh, CompiledBuild.NoCompileVariable).Should().BeNull("build.ps1 compiles on Windows");
    }

    [Fact]
    public void A_workflow_that_publishes_has_no_cache_in_any_job()
    {
        // The secure shape of a PyPI release: a cache another branch's run can write never reaches a run that publishes.
        var release = SampleWorkflows.ReleaseWorkflow();
        release.Jobs.Where(j => Uses(j, PinnedActions.Cache).Any()).Should().BeEmpty();
        var verify = release.FindJob("verify")!;
        Uses(verify, PinnedActions.DownloadArtifact).Single(s => With(s, "name") == CompiledBuild.ArtifactName).If.Should().Be("matrix.os == 'ubuntu-latest'");

        var withEnvironmentOnly = SampleWorkflows.Single(SampleWorkflows.Release(), SampleWorkflows.BuildJob(),
            new GitHubActionsJobAttribute("release", "deploy-mac") { Needs = ["build"], InvokedTargets = ["Deploy"], Image = MacOsLatest, EnvironmentName = "docs" },
            new GitHubActionsJobAttribute("release", "check-mac") { Needs = ["build"], InvokedTargets = ["Check"], Image = MacOsLatest, ReadPermissions = [Contents] });
        withEnvironmentOnly.Jobs.Where(j => Uses(j, PinnedActions.Cache).Any()).Should().BeEmpty();
    }

    [Fact]
    public void Jobs_that_write_or_upload_an_artifact_get_no_cache()
    {
        var workflow = SampleWorkflows.Single(SampleWorkflows.Release(),
            SampleWorkflows.BuildJob(),
            new GitHubActionsJobAttribute("release", "notes-mac") { Needs = ["build"], InvokedTargets = ["GitHubRelease"], Image = MacOsLatest, WritePermissions = [Contents] },
            new GitHubActionsJobAttribute("release", "docs-mac") { Needs = ["build"], InvokedTargets = ["Docs"], Image = MacOsLatest, ProducesArtifact = "docs", ReadPermissions = [Contents] },
            new GitHubActionsJobAttribute("release", "check-mac") { Needs = ["build"], InvokedTargets = ["Check"], Image = MacOsLatest, ReadPermissions = [Contents] });

        workflow.Jobs.Where(j => Uses(j, PinnedActions.Cache).Any()).Select(j => j.Id).Should().Equal("check-mac");
        workflow.Jobs.Where(j => Uses(j, PinnedActions.DownloadArtifact).Any(s => With(s, "name") == CompiledBuild.ArtifactName))
            .Should().BeEmpty("no later job runs on the first job's image");
        Uses(workflow.FindJob("build")!, PinnedActions.UploadArtifact).Select(s => With(s, "name")).Should().Equal(["dist"], "nobody would download the compiled build");
    }

    [Fact]
    public void A_one_job_workflow_uploads_no_compiled_build_and_caches_its_nuget_packages()
    {
        var ci = SampleWorkflows.Single(new GitHubActionsAttribute("ci", UbuntuLatest) { OnPushBranches = ["main"], InvokedTargets = ["Test"], ReadPermissions = [Contents] });

        var job = ci.Jobs.Single();
        Uses(job, PinnedActions.UploadArtifact).Should().BeEmpty();
        Uses(job, PinnedActions.Cache).Single().If.Should().BeNull();
        job.Steps.OfType<RunStep>().Single().Env.Should().BeEmpty();
    }

    [Fact]
    public void A_windows_first_job_shares_nothing_because_build_ps1_does_not_take_a_compiled_build()
    {
        var workflow = SampleWorkflows.Single(new GitHubActionsAttribute("release", WindowsLatest) { OnPushTags = ["v*"] },
            new GitHubActionsJobAttribute("release", "build") { InvokedTargets = ["Build"], ProducesArtifact = "dist" },
            new GitHubActionsJobAttribute("release", "check") { Needs = ["build"], InvokedTargets = ["Check"] });

        workflow.Jobs.SelectMany(j => j.Steps).OfType<ActionStep>().Should().NotContain(s => With(s, "name") == CompiledBuild.ArtifactName);
    }

    [Fact]
    public void A_job_that_does_not_need_the_first_job_compiles_for_itself()
    {
        var workflow = SampleWorkflows.Single(SampleWorkflows.Release(),
            SampleWorkflows.BuildJob(),
            new GitHubActionsJobAttribute("release", "lint") { InvokedTargets = ["Lint"], ReadPermissions = [Contents] });

        Uses(workflow.FindJob("lint")!, PinnedActions.DownloadArtifact).Should().BeEmpty();
        Uses(workflow.FindJob("lint")!, PinnedActions.Cache).Should().ContainSingle();
    }
}
