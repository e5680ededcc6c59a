using Wheelhouse.Engine.Planning;
using Wheelhouse.GitHub.Workflows;
using static Wheelhouse.GitHub.Workflows.GitHubActionsPermissions;

namespace Wheelhouse.GitHub.Tests.Workflows;

public sealed class WorkflowSplitTests
{
    /// <summary>Clean &lt;- Build &lt;- InspectWheel &lt;- PublishPyPI (which triggers Announce); VerifyInstall needs Build.</summary>
    private static TargetGraph Graph()
    {
        var clean = new ExecutableTarget("Clean", 0);
        var build = new ExecutableTarget("Build", 1);
        var inspect = new ExecutableTarget("InspectWheel", 2);
        var publish = new ExecutableTarget("PublishPyPI", 3);
        var verify = new ExecutableTarget("VerifyInstall", 4);
        var announce = new ExecutableTarget("Announce", 5);
        build.ExecutionDependencies.Add(clean);
        inspect.ExecutionDependencies.Add(build);
        publish.ExecutionDependencies.Add(inspect);
        publish.Triggers.Add(announce);
        verify.ExecutionDependencies.Add(build);
        return new TargetGraph([clean, build, inspect, publish, verify, announce]);
    }

    private static IReadOnlyList<string> Problems(params GitHubActionsJobAttribute[] jobs) =>
        WorkflowSplit.Problems(SampleWorkflows.Single(SampleWorkflows.Release(), jobs), Graph());

    [Fact]
    public void A_skipping_job_that_downloads_what_an_upstream_job_built_passes()
    {
        Problems(SampleWorkflows.BuildJob(), SampleWorkflows.PublishJob()).Should().BeEmpty();
    }

    [Fact]
    public void The_sample_release_passes_only_once_its_verify_job_downloads_dist()
    {
        var verify = SampleWorkflows.VerifyJob();

        Problems(SampleWorkflows.BuildJob(), SampleWorkflows.PublishJob(), verify).Should().HaveCount(2, "VerifyInstall --skip skips Clean and Build");
        verify.ConsumesArtifact = "dist";
        Problems(SampleWorkflows.BuildJob(), SampleWorkflows.PublishJob(), verify).Should().BeEmpty();
    }

    [Fact]
    public void A_skipping_job_without_the_upstream_artifact_is_named_with_the_skipped_target_and_the_job_that_ran_it()
    {
        var publish = SampleWorkflows.PublishJob();
        publish.ConsumesArtifact = null;

        var problems = Problems(SampleWorkflows.BuildJob(), publish);

        problems.Select(p => p.Split(", which skips ")[1].Split(',')[0]).Should().Equal("Clean", "Build", "InspectWheel");
        problems[1].Should().Be(".github/workflows/release.yml: job 'publish' runs PublishPyPI --skip, which skips Build, and its output does not reach it: " +
            "job 'build' runs Build and uploads 'dist', but 'publish' downloads no artifact. Add ConsumesArtifact = \"dist\" to 'publish'.");
    }

    [Fact]
    public void An_upstream_job_that_runs_the_target_but_uploads_nothing_is_named()
    {
        var build = SampleWorkflows.BuildJob();
        build.ProducesArtifact = null;
        var check = new GitHubActionsJobAttribute("release", "check") { Needs = ["build"], InvokedTargets = ["VerifyInstall"], SkipDependencies = true, ReadPermissions = [Contents] };

        Problems(build, check).Should().Contain(p => p.Contains("job 'check' runs VerifyInstall --skip, which skips Build", StringComparison.Ordinal)
            && p.Contains("job 'build' runs Build but uploads no artifact for 'check'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_skipped_target_no_upstream_job_runs_is_named_even_when_an_artifact_arrives()
    {
        // build runs InspectWheel --skip itself, so Clean and Build run nowhere upstream of publish.
        var build = SampleWorkflows.BuildJob();
        build.SkipDependencies = true;

        var problems = Problems(build, SampleWorkflows.PublishJob());

        problems.Should().Contain(p => p.StartsWith(".github/workflows/release.yml: job 'publish' runs PublishPyPI --skip, which skips Build, but no job 'publish' needs (directly or through others) runs Build.", StringComparison.Ordinal));
        problems.Should().Contain(p => p.Contains("job 'build' runs InspectWheel --skip, which skips Clean, but no job 'build' needs", StringComparison.Ordinal));
    }

    [Fact]
    public void A_target_that_ran_further_up_the_needs_chain_counts()
    {
        var notes = new GitHubActionsJobAttribute("release", "notes") { Needs = ["publish"], InvokedTargets = ["VerifyInstall"], SkipDependencies = true, ConsumesArtifact = "dist" };

        Problems(SampleWorkflows.BuildJob(), SampleWorkflows.PublishJob(), notes).Should().BeEmpty();
    }

    [Fact]
    public void Triggered_targets_are_no_input_and_jobs_without_skip_are_not_checked()
    {
        var announceOnly = new GitHubActionsJobAttribute("release", "rebuild") { InvokedTargets = ["VerifyInstall"], ReadPermissions = [Contents] };

        Problems(SampleWorkflows.BuildJob(), SampleWorkflows.PublishJob(), announceOnly).Should().BeEmpty("PublishPyPI --skip skips its trigger Announce, which it does not need");
    }
}
