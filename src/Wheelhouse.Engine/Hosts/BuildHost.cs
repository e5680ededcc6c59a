using Wheelhouse.Engine.Execution;

namespace Wheelhouse.Engine.Hosts;

/// <summary>Where the build runs, and what that place wants: grouping, annotations, secret masking, a summary.</summary>
public abstract class BuildHost
{
    public abstract string Name { get; }
    public virtual bool IsServerBuild => false;

    /// <summary>The git ref the CI run is for (GITHUB_REF: refs/tags/v1.2.0); null outside CI. Read from the host, never from the environment by a component.</summary>
    public virtual string? Ref => null;

    /// <summary>Announce a secret before anything could print it (GitHub Actions masks it from then on).</summary>
    public virtual void Mask(string secret) { }

    public virtual void BeginTarget(string name) { }
    public virtual void EndTarget(string name) { }

    /// <summary>The console line for a warning or error: plain here, an annotation where the host knows them.</summary>
    public virtual string? AnnotationPrefix(Serilog.Events.LogEventLevel level) => null;

    public virtual void WriteSummary(BuildResult result) { }

    public static BuildHost Detect(IReadOnlyDictionary<string, string> environment, string? requested)
    {
        var name = requested?.ToLowerInvariant().Replace("-", "");
        return name switch
        {
            null when environment.GetValueOrDefault("GITHUB_ACTIONS") == "true" => new GitHubActionsHost(environment),
            null or "terminal" => new TerminalHost(environment),
            "githubactions" => new GitHubActionsHost(environment),
            _ => throw new BuildException($"Unknown host '{requested}' given to --host. Use terminal or github-actions, or leave it out to detect it."),
        };
    }
}
