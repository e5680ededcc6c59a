namespace Wheelhouse.GitHub.Workflows;

/// <summary>
/// A GitHub Actions workflow as plain data: what <see cref="WorkflowBuilder"/> makes of the build's attributes and
/// <see cref="WorkflowYaml"/> writes. Its token has no permission at the top (<c>permissions: {}</c>); each job names its own.
/// </summary>
public sealed record Workflow(string Name, IReadOnlyList<WorkflowTrigger> Triggers, IReadOnlyList<Job> Jobs)
{
    public const string Directory = ".github/workflows";

    /// <summary>The file name under .github/workflows: the name with <c>.yml</c>. PyPI's trusted publisher names this file.</summary>
    public string FileName => $"{Name}.yml";

    /// <summary>The path from the repository root, with forward slashes.</summary>
    public string RelativePath => $"{Directory}/{FileName}";

    public Concurrency? Concurrency { get; init; }

    public Job? FindJob(string id) => Jobs.FirstOrDefault(j => j.Id == id);
}

/// <summary>At most one run of the group at a time; <see cref="CancelInProgress"/> false queues the next instead of cancelling the running one.</summary>
public sealed record Concurrency(string Group, bool CancelInProgress);

/// <summary>An event the workflow starts on, written under <c>on:</c>.</summary>
public abstract record WorkflowTrigger(string EventName);

/// <summary>An event without filters or inputs.</summary>
public sealed record EventTrigger(string EventName) : WorkflowTrigger(EventName);

public sealed record PushTrigger : WorkflowTrigger
{
    public PushTrigger() : base("push")
    {
    }

    public IReadOnlyList<string> Branches { get; init; } = [];
    public IReadOnlyList<string> BranchesIgnore { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> TagsIgnore { get; init; } = [];
    public IReadOnlyList<string> Paths { get; init; } = [];
    public IReadOnlyList<string> PathsIgnore { get; init; } = [];
}

public sealed record PullRequestTrigger : WorkflowTrigger
{
    public PullRequestTrigger() : base("pull_request")
    {
    }

    public IReadOnlyList<string> Branches { get; init; } = [];
    public IReadOnlyList<string> Paths { get; init; } = [];
    public IReadOnlyList<string> PathsIgnore { get; init; } = [];
}

/// <summary>A manual start; each input reaches the build as an environment variable of the same name.</summary>
public sealed record WorkflowDispatchTrigger(IReadOnlyList<DispatchInput> Inputs) : WorkflowTrigger("workflow_dispatch");

public sealed record DispatchInput(string Name, bool Required);

public sealed record ScheduleTrigger(string Cron) : WorkflowTrigger("schedule");
