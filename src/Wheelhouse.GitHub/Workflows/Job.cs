namespace Wheelhouse.GitHub.Workflows;

/// <summary>One job of a workflow: where it runs, what it may do with the token, and its steps.</summary>
public sealed record Job(string Id, string RunsOn, IReadOnlyList<Step> Steps)
{
    public IReadOnlyList<string> Needs { get; init; } = [];
    public string? If { get; init; }
    public PermissionSet Permissions { get; init; } = PermissionSet.None;
    public JobEnvironment? Environment { get; init; }
    public JobMatrix? Matrix { get; init; }
    public int? TimeoutMinutes { get; init; }

    /// <summary>The build targets the job runs (shown by --plan, and how TrustedPublisher finds the publishing job).</summary>
    public IReadOnlyList<string> InvokedTargets { get; init; } = [];

    /// <summary>Whether the targets run with <c>--skip</c>, so their dependencies (a rebuild) do not.</summary>
    public bool SkipsDependencies { get; init; }

    /// <summary>The artifact the job uploads after its targets (the attribute's ProducesArtifact), by name; not the compiled build.</summary>
    public string? ProducesArtifact { get; init; }

    /// <summary>The artifact the job downloads before its targets (the attribute's ConsumesArtifact), by name; not the compiled build.</summary>
    public string? ConsumesArtifact { get; init; }
}

/// <summary>A deployment environment: its protection rules (reviewers, tags) gate the job; PyPI's trusted publisher can require its name.</summary>
public sealed record JobEnvironment(string Name, string? Url);

/// <summary>The job once per combination; <c>fail-fast</c> is off so one failing combination does not hide the others.</summary>
public sealed record JobMatrix(IReadOnlyList<string> Os, IReadOnlyList<string> Python);

/// <summary>
/// A job's token permissions. Scopes not listed get none; an empty set is written <c>permissions: {}</c>.
/// Entries are kept in the order of their YAML keys, so equal sets are written the same.
/// </summary>
public sealed class PermissionSet
{
    public static PermissionSet None { get; } = new([]);

    private PermissionSet(IReadOnlyList<KeyValuePair<GitHubActionsPermissions, GitHubActionsAccess>> entries) => Entries = entries;

    public IReadOnlyList<KeyValuePair<GitHubActionsPermissions, GitHubActionsAccess>> Entries { get; }

    public bool IsEmpty => Entries.Count == 0;

    public GitHubActionsAccess this[GitHubActionsPermissions scope] =>
        Entries.FirstOrDefault(e => e.Key == scope, new(scope, GitHubActionsAccess.None)).Value;

    /// <summary>Read and write grants as NUKE spells them; a scope in both, or at a level GitHub does not offer for it, is an error.</summary>
    public static PermissionSet From(IEnumerable<GitHubActionsPermissions> read, IEnumerable<GitHubActionsPermissions> write, string owner)
    {
        var entries = new Dictionary<GitHubActionsPermissions, GitHubActionsAccess>();
        void Add(GitHubActionsPermissions scope, GitHubActionsAccess access)
        {
            if (entries.TryGetValue(scope, out var existing) && existing != access)
                throw new Engine.BuildException($"{owner} grants {scope.Key()} both read and write; name it in one of ReadPermissions and WritePermissions.");
            if (!scope.AllowedAccess().Contains(access))
                throw new Engine.BuildException($"{owner} grants {scope.Key()}: {access.Key()}, but GitHub offers {scope.Key()} only as {string.Join(" or ", scope.AllowedAccess().Select(a => a.Key()))}.");
            entries[scope] = access;
        }

        foreach (var scope in read)
            Add(scope, GitHubActionsAccess.Read);
        foreach (var scope in write)
            Add(scope, GitHubActionsAccess.Write);
        return entries.Count == 0 ? None : new(entries.OrderBy(e => e.Key.Key(), StringComparer.Ordinal).ToList());
    }

    public override string ToString() =>
        IsEmpty ? "{}" : string.Join(", ", Entries.Select(e => $"{e.Key.Key()}: {e.Value.Key()}"));
}
