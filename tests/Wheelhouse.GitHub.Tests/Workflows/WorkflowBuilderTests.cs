using Wheelhouse.Engine;
using Wheelhouse.GitHub.Workflows;
using static Wheelhouse.GitHub.Workflows.GitHubActionsImage;
using static Wheelhouse.GitHub.Workflows.GitHubActionsPermissions;

namespace Wheelhouse.GitHub.Tests.Workflows;

[GitHubActions("ci", UbuntuLatest, WindowsLatest, On = [GitHubActionsTrigger.Push], InvokedTargets = ["Test"], ReadPermissions = [Contents], ImportSecrets = ["CODECOV_TOKEN"], FetchDepth = 0)]
[GitHubActions("release", UbuntuLatest, OnPushTags = ["v*"])]
[GitHubActionsJob("release", "publish", Needs = ["build"], InvokedTargets = ["PublishPyPI"], ConsumesArtifact = "dist", WritePermissions = [IdToken])]
[GitHubActionsJob("release", "build", InvokedTargets = ["InspectWheel"], ProducesArtifact = "dist", ReadPermissions = [Contents])]
internal sealed class AttributedBuild;

public sealed class WorkflowBuilderTests
{
    private static BuildException Refusal(GitHubActionsAttribute workflow, params GitHubActionsJobAttribute[] jobs)
    {
        var act = () => WorkflowBuilder.FromAttributes([workflow], jobs);
        return act.Should().Throw<BuildException>().Which;
    }

    private static GitHubActionsAttribute Release() => SampleWorkflows.Release();

    [Fact]
    public void A_build_class_gives_its_workflows_by_name_with_nuke_style_jobs_per_image_and_declared_jobs_in_needs_order()
    {
        var workflows = WorkflowBuilder.FromBuild(typeof(AttributedBuild));

        workflows.Select(w => w.FileName).Should().Equal("ci.yml", "release.yml");
        var ci = workflows[0];
        ci.Jobs.Select(j => j.Id).Should().Equal("ubuntu-latest", "windows-latest");
        ci.Jobs[1].Steps.OfType<RunStep>().Single().Should().BeEquivalentTo(new { Run = "./build.ps1 Test", Shell = "pwsh" });
        ci.Jobs[0].Steps.OfType<RunStep>().Single().Env.Select(e => $"{e.Key}={e.Value}").Should().Equal("CODECOV_TOKEN=${{ secrets.CODECOV_TOKEN }}");
        ci.Jobs[0].Steps.OfType<ActionStep>().First().With.Should().Contain(new KeyValuePair<string, object>("fetch-depth", 0));
        ci.Jobs.Should().OnlyContain(j => j.Permissions.ToString() == "contents: read");
        workflows[1].Jobs.Select(j => j.Id).Should().Equal("build", "publish");
        workflows[1].RelativePath.Should().Be(".github/workflows/release.yml");
    }

    [Fact]
    public void Jobs_free_to_run_at_the_same_time_are_ordered_by_id()
    {
        var workflow = SampleWorkflows.Single(Release(),
            new GitHubActionsJobAttribute("release", "zeta") { InvokedTargets = ["A"] },
            new GitHubActionsJobAttribute("release", "alpha") { InvokedTargets = ["B"], Needs = ["zeta"] },
            new GitHubActionsJobAttribute("release", "beta") { InvokedTargets = ["C"] });

        workflow.Jobs.Select(j => j.Id).Should().Equal("beta", "zeta", "alpha");
    }

    [Fact]
    public void The_python_parameter_gets_the_set_up_interpreter_through_its_environment_variable()
    {
        var verify = SampleWorkflows.ReleaseWorkflow().FindJob("verify")!;

        verify.Steps.OfType<RunStep>().Should().HaveCount(2).And.OnlyContain(s =>
            s.Env.Single(e => e.Key == "VERIFY_PYTHON").Value == "${{ steps.python.outputs.python-path }}");
    }

    [Fact]
    public void A_windows_only_job_runs_build_ps1_without_a_condition()
    {
        var workflow = SampleWorkflows.Single(Release(), new GitHubActionsJobAttribute("release", "win") { InvokedTargets = ["Test"], Image = Windows2022 });

        var job = workflow.Jobs.Single();
        job.RunsOn.Should().Be("windows-2022");
        job.Steps.OfType<RunStep>().Single().Should().BeEquivalentTo(new { Run = "./build.ps1 Test", Shell = "pwsh", If = (string?)null });
    }

    [Fact]
    public void Attestation_steps_attest_every_file_of_the_jobs_artifact()
    {
        var workflow = SampleWorkflows.Single(Release(), SampleWorkflows.BuildJob(),
            new GitHubActionsJobAttribute("release", "attest") { Needs = ["build"], ConsumesArtifact = "dist:out/dist", AttestBuildProvenance = true, WritePermissions = [IdToken, Attestations] });

        var steps = workflow.FindJob("attest")!.Steps.Cast<ActionStep>().ToList();
        steps.Select(s => s.Action).Should().Equal(PinnedActions.DownloadArtifact, PinnedActions.AttestBuildProvenance);
        steps[0].With.Select(w => $"{w.Key}={w.Value}").Should().Equal("name=dist", "path=out/dist/");
        steps[1].With.Select(w => $"{w.Key}={w.Value}").Should().Equal("subject-path=out/dist/*");
        workflow.FindJob("attest")!.Permissions.ToString().Should().Be("attestations: write, id-token: write");
    }

    [Theory]
    [InlineData("echo ${{ github.event.pull_request.title }}")]
    [InlineData("pip install ${{ inputs.version }}")]
    public void An_expression_inside_a_run_script_is_refused(string command)
    {
        Refusal(Release(), new GitHubActionsJobAttribute("release", "build") { InvokedTargets = ["Build"], SetupCommands = [command] })
            .Message.Should().Contain("would put a ${{ }} expression inside a run: script").And.Contain("environment variables");
        Refusal(Release(), new GitHubActionsJobAttribute("release", "build") { InvokedTargets = ["Build"], Arguments = command })
            .Message.Should().Contain("inside a run: script");
    }

    [Fact]
    public void A_job_needing_a_job_the_workflow_does_not_have_is_refused()
    {
        Refusal(Release(), SampleWorkflows.PublishJob()).Message.Should().Be("[GitHubActions(\"release\")]: job 'publish' needs job 'build', which the workflow does not have.");
    }

    [Fact]
    public void Needs_that_form_a_cycle_are_refused()
    {
        Refusal(Release(),
                new GitHubActionsJobAttribute("release", "a") { InvokedTargets = ["A"], Needs = ["b"] },
                new GitHubActionsJobAttribute("release", "b") { InvokedTargets = ["B"], Needs = ["a"] })
            .Message.Should().Contain("form a cycle");
    }

    [Fact]
    public void Consuming_an_artifact_no_needed_job_produces_is_refused()
    {
        var publish = SampleWorkflows.PublishJob();
        publish.Needs = [];
        Refusal(Release(), SampleWorkflows.BuildJob(), publish)
            .Message.Should().Contain("consumes the artifact 'dist', but no job it needs (directly or through others) produces it");
    }

    [Fact]
    public void An_artifact_produced_further_up_the_needs_chain_may_be_consumed()
    {
        var verify = new GitHubActionsJobAttribute("release", "release-notes") { Needs = ["publish"], InvokedTargets = ["GitHubRelease"], ConsumesArtifact = "dist" };

        SampleWorkflows.Single(Release(), SampleWorkflows.BuildJob(), SampleWorkflows.PublishJob(), verify).Jobs.Should().HaveCount(3);
    }

    [Fact]
    public void Attesting_without_id_token_and_attestations_write_is_refused()
    {
        Refusal(Release(), new GitHubActionsJobAttribute("release", "build") { InvokedTargets = ["Build"], ProducesArtifact = "dist", AttestBuildProvenance = true, WritePermissions = [IdToken] })
            .Message.Should().Contain("needs id-token: write and attestations: write on its job");
    }

    [Fact]
    public void A_signing_publish_job_signs_the_downloaded_files_between_the_download_and_the_targets()
    {
        var workflow = SampleWorkflows.Single(Release(), SampleWorkflows.BuildJob(),
            new GitHubActionsJobAttribute("release", "publish") { Needs = ["build"], InvokedTargets = ["PublishPyPI"], SkipDependencies = true,
                ConsumesArtifact = "dist:out/dist", SignAttestations = true, WritePermissions = [IdToken] });

        var job = workflow.FindJob("publish")!;
        var actions = job.Steps.OfType<ActionStep>().Select(s => s.Action).ToList();
        // The compiled build first, then the distributions, signed straight away.
        actions.Should().Equal(PinnedActions.Checkout, PinnedActions.SetupDotnet, PinnedActions.DownloadArtifact, PinnedActions.DownloadArtifact, PinnedActions.AttestAction);
        var sign = job.Steps.OfType<ActionStep>().Single(s => s.Action == PinnedActions.AttestAction);
        sign.With.Select(w => $"{w.Key}={w.Value}").Should().Equal("paths=out/dist/*");
        job.Steps.ToList().IndexOf(sign).Should().Be(job.Steps.Count - 2, "the run step of the targets comes right after signing");
        job.Steps[^1].Should().BeOfType<RunStep>();
        job.Permissions.ToString().Should().Be("id-token: write", "signing needs the OIDC token and nothing more");
    }

    [Fact]
    public void Signing_without_a_downloaded_artifact_or_without_the_oidc_token_is_refused()
    {
        Refusal(Release(), new GitHubActionsJobAttribute("release", "build") { InvokedTargets = ["Build"], ProducesArtifact = "dist", SignAttestations = true, WritePermissions = [IdToken] })
            .Message.Should().Contain("SignAttestations signs the distributions the job downloads; give the job ConsumesArtifact");
        Refusal(Release(), SampleWorkflows.BuildJob(),
                new GitHubActionsJobAttribute("release", "publish") { Needs = ["build"], InvokedTargets = ["PublishPyPI"], ConsumesArtifact = "dist", SignAttestations = true })
            .Message.Should().Contain("signing attestations needs the job's OIDC token for Sigstore; add IdToken to WritePermissions");
    }

    [Fact]
    public void Attesting_without_an_artifact_is_refused()
    {
        Refusal(Release(), new GitHubActionsJobAttribute("release", "build") { InvokedTargets = ["Build"], AttestBuildProvenance = true, WritePermissions = [IdToken, Attestations] })
            .Message.Should().Contain("give the job ProducesArtifact or ConsumesArtifact");
    }

    [Theory]
    [InlineData(IdToken, "read", "id-token: read, but GitHub offers id-token only as write")]
    [InlineData(Models, "write", "models: write, but GitHub offers models only as read")]
    public void A_permission_level_github_does_not_offer_is_refused(GitHubActionsPermissions scope, string level, string expected)
    {
        var job = new GitHubActionsJobAttribute("release", "build") { InvokedTargets = ["Build"] };
        if (level == "read")
            job.ReadPermissions = [scope];
        else
            job.WritePermissions = [scope];

        Refusal(Release(), job).Message.Should().Contain(expected);
    }

    [Fact]
    public void A_scope_granted_both_read_and_write_is_refused()
    {
        Refusal(Release(), new GitHubActionsJobAttribute("release", "build") { InvokedTargets = ["Build"], ReadPermissions = [Contents], WritePermissions = [Contents] })
            .Message.Should().Contain("grants contents both read and write");
    }

    [Fact]
    public void Every_scope_has_a_key_of_githubs_schema_and_job_permissions_are_written_in_key_order()
    {
        Enum.GetValues<GitHubActionsPermissions>().Select(s => s.Key()).Should().OnlyHaveUniqueItems().And.Contain(["id-token", "attestations", "contents", "pull-requests", "security-events"]);
        var set = PermissionSet.From([Contents, Actions], [PullRequests, IdToken], "test");

        set.Entries.Select(e => e.Key.Key()).Should().Equal("actions", "contents", "id-token", "pull-requests");
        set[IdToken].Should().Be(GitHubActionsAccess.Write);
        set[Issues].Should().Be(GitHubActionsAccess.None);
        PermissionSet.From([], [], "test").Should().BeSameAs(PermissionSet.None);
    }

    [Fact]
    public void There_is_no_way_to_trigger_on_pull_request_target()
    {
        Enum.GetValues<GitHubActionsTrigger>().Select(t => t.EventName()).Should().NotContain("pull_request_target");
    }

    [Fact]
    public void A_job_for_a_workflow_without_its_attribute_is_refused()
    {
        var act = () => WorkflowBuilder.FromAttributes([Release()], [new GitHubActionsJobAttribute("relase", "build") { InvokedTargets = ["Build"] }]);

        act.Should().Throw<BuildException>().WithMessage("*names a workflow that has no [GitHubActions(\"relase\", ...)] attribute*");
    }

    [Fact]
    public void Workflow_level_targets_next_to_declared_jobs_are_refused()
    {
        var workflow = Release();
        workflow.InvokedTargets = ["Build"];

        Refusal(workflow, SampleWorkflows.BuildJob()).Message.Should().Contain("would apply to no job; set them on the jobs");
    }

    [Fact]
    public void A_workflow_that_starts_on_nothing_or_has_no_jobs_is_refused()
    {
        Refusal(new GitHubActionsAttribute("quiet", UbuntuLatest) { InvokedTargets = ["Build"] }).Message.Should().Contain("starts on nothing");
        Refusal(new GitHubActionsAttribute("empty", UbuntuLatest) { On = [GitHubActionsTrigger.Push] }).Message.Should().Contain("has no jobs");
        Refusal(new GitHubActionsAttribute("nowhere") { On = [GitHubActionsTrigger.Push], InvokedTargets = ["Build"] }).Message.Should().Contain("names no runner image");
    }

    [Fact]
    public void A_short_trigger_and_its_filters_together_are_refused()
    {
        var workflow = new GitHubActionsAttribute("ci", UbuntuLatest) { On = [GitHubActionsTrigger.Push], OnPushBranches = ["main"], InvokedTargets = ["Build"] };

        Refusal(workflow).Message.Should().Contain("both describe the push event");
    }

    [Fact]
    public void Two_workflows_or_two_jobs_with_one_name_are_refused()
    {
        var twice = () => WorkflowBuilder.FromAttributes([Release(), Release()], [SampleWorkflows.BuildJob()]);
        twice.Should().Throw<BuildException>().WithMessage("*Two [GitHubActions] attributes are named 'release'*");
        Refusal(Release(), SampleWorkflows.BuildJob(), SampleWorkflows.BuildJob()).Message.Should().Contain("two jobs with the id 'build'");
    }

    [Theory]
    [InlineData("build job")]
    [InlineData("9lives")]
    public void A_job_id_github_would_not_accept_is_refused(string id)
    {
        Refusal(Release(), new GitHubActionsJobAttribute("release", id) { InvokedTargets = ["Build"] }).Message.Should().Contain("a job id starts with a letter");
    }

    [Fact]
    public void A_job_that_does_nothing_is_refused()
    {
        Refusal(Release(), new GitHubActionsJobAttribute("release", "idle")).Message.Should().Contain("does nothing");
    }

    [Fact]
    public void An_environment_url_without_a_name_is_refused()
    {
        Refusal(Release(), new GitHubActionsJobAttribute("release", "build") { InvokedTargets = ["Build"], EnvironmentUrl = "https://pypi.org/p/x" })
            .Message.Should().Contain("EnvironmentUrl needs EnvironmentName");
    }
}
