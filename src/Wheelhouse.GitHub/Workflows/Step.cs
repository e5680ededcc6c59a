namespace Wheelhouse.GitHub.Workflows;

/// <summary>A step of a job. Values reach <c>run:</c> scripts only through <see cref="Env"/>, never as <c>${{ }}</c> inside the script.</summary>
public abstract record Step
{
    public string? Name { get; init; }
    public string? Id { get; init; }
    public string? If { get; init; }

    /// <summary>Environment variables of the step, written in this order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Env { get; init; } = [];
}

/// <summary>A step that runs an action pinned by commit; <see cref="With"/> values are strings, booleans or whole numbers.</summary>
public sealed record ActionStep(PinnedAction Action) : Step
{
    public IReadOnlyList<KeyValuePair<string, object>> With { get; init; } = [];
}

/// <summary>A shell command.</summary>
public sealed record RunStep(string Run) : Step
{
    /// <summary><c>shell:</c>; null uses the runner's default (bash, or pwsh on Windows).</summary>
    public string? Shell { get; init; }
}
