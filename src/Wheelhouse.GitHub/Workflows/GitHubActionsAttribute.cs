using System.Runtime.CompilerServices;
using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Planning;

namespace Wheelhouse.GitHub.Workflows;

/// <summary>
/// A GitHub Actions workflow, <c>.github/workflows/{name}.yml</c>, generated from the build class (NUKE's
/// <c>[GitHubActions]</c>). With <see cref="InvokedTargets"/> it has one job per image, as in NUKE; with
/// <see cref="GitHubActionsJobAttribute"/>s naming it, it has those jobs instead and <c>images</c> is their default runner.
/// The token gets no permission at the top of the file; every job names its own.
/// </summary>
/// <remarks>
/// As a build extension it warns, on any local run but GenerateWorkflows and CheckWorkflows, when the committed file
/// is not what the attributes generate, and <c>--plan</c> lists its jobs and the targets each runs, in the terminal and on the plan page.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class GitHubActionsAttribute(string name, params GitHubActionsImage[] images) : BuildExtensionAttribute
{
    private static readonly ConditionalWeakTable<BuildExtensionContext, object> checkedRuns = new();
    private static readonly ConditionalWeakTable<BuildExtensionContext, IReadOnlyList<Workflow>> workflowsOfRuns = new();

    public string Name { get; } = name;
    public IReadOnlyList<GitHubActionsImage> Images { get; } = images;

    // Triggers, in NUKE's words.
    public GitHubActionsTrigger[] On { get; set; } = [];
    public string[] OnPushBranches { get; set; } = [];
    public string[] OnPushBranchesIgnore { get; set; } = [];
    public string[] OnPushTags { get; set; } = [];
    public string[] OnPushTagsIgnore { get; set; } = [];
    public string[] OnPushIncludePaths { get; set; } = [];
    public string[] OnPushExcludePaths { get; set; } = [];
    public string[] OnPullRequestBranches { get; set; } = [];
    public string[] OnPullRequestIncludePaths { get; set; } = [];
    public string[] OnPullRequestExcludePaths { get; set; } = [];
    public bool OnWorkflowDispatch { get; set; }

    /// <summary>Inputs of a manual start; each reaches the build as the environment variable of its name.</summary>
    public string[] OnWorkflowDispatchOptionalInputs { get; set; } = [];
    public string[] OnWorkflowDispatchRequiredInputs { get; set; } = [];
    public string? OnCronSchedule { get; set; }

    /// <summary>Runs of this group wait for each other (<c>${{ }}</c> expressions allowed, e.g. <c>release-${{ github.ref }}</c>).</summary>
    public string? ConcurrencyGroup { get; set; }
    public bool ConcurrencyCancelInProgress { get; set; }

    /// <summary>Minutes before a job is cancelled: every job's, unless a job sets its own.</summary>
    public int TimeoutMinutes { get; set; }

    /// <summary>Commits actions/checkout fetches in every job (0: all history); the action's default (1) when not set.</summary>
    public int FetchDepth { get => fetchDepth ?? throw new NotSupportedException(); set => fetchDepth = value; }
    internal int? FetchDepthOrNull => fetchDepth;
    private int? fetchDepth;

    // The single-job form, one job per image (NUKE's). Leave empty when GitHubActionsJob attributes name this workflow.
    public string[] InvokedTargets { get; set; } = [];
    public string[] ImportSecrets { get; set; } = [];
    public GitHubActionsPermissions[] ReadPermissions { get; set; } = [];
    public GitHubActionsPermissions[] WritePermissions { get; set; } = [];
    public string? PythonVersion { get; set; }
    public string[] SetupCommands { get; set; } = [];

    public override void OnBuildInitialized(BuildExtensionContext context)
    {
        // One check of every workflow per run: the first [GitHubActions] attribute does it for all of them.
        if (!context.Build.IsLocalBuild || context.Plan.Running.Any(t => WorkflowTargets.HandleWorkflows(t.Name)) || !checkedRuns.TryAdd(context, true))
            return;
        var root = context.Build.RootDirectory;
        var stamp = WorkflowStamp.PathIn(context.Build.TemporaryDirectory);
        var inputs = WorkflowStamp.Inputs(context.Build.GetType(), root);
        if (WorkflowStamp.IsCurrent(stamp, inputs))
            return;
        var stale = WorkflowFiles.Compare(root, WorkflowsOf(context));
        foreach (var file in stale)
            Log.Warning("{File} is {State} what {Source} generate. Run ./build.sh GenerateWorkflows and commit it (./build.sh CheckWorkflows shows the difference).",
                file.RelativePath, file.Committed is null ? "missing, not" : "not", WorkflowTargets.Source);
        if (stale.Count == 0)
            WorkflowStamp.Record(stamp, inputs);
    }

    public override IEnumerable<string> PlanNotes(BuildExtensionContext context)
    {
        var workflow = WorkflowsOf(context).Single(w => w.Name == Name);
        return WorkflowPlanText.Lines(workflow, context.Graph.Targets.Select(t => t.Name).ToList(), WorkflowSplit.Problems(workflow, context.Graph));
    }

    public override IEnumerable<PlanPipeline> PlanPipelines(BuildExtensionContext context) =>
        [WorkflowPlanPipeline.From(WorkflowsOf(context).Single(w => w.Name == Name))];

    /// <summary>The build's workflows, made once per run however many [GitHubActions] attributes ask.</summary>
    private static IReadOnlyList<Workflow> WorkflowsOf(BuildExtensionContext context) =>
        workflowsOfRuns.GetValue(context, c => WorkflowBuilder.FromBuild(c.Build.GetType()));
}
