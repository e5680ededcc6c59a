using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Planning;
using Wheelhouse.Engine.Tooling;
using Wheelhouse.GitHub.Workflows;
using Wheelhouse.PyPI;
using Wheelhouse.Python;
using Wheelhouse.Python.Release;

namespace Wheelhouse.Components;

/// <summary>GitHub Actions workflows generated from the build's attributes, and the trusted publisher settings.</summary>
public interface IGitHubWorkflows : IPublishing
{
    [Parameter("TrustedPublisher (and GitHubRelease): the GitHub repository as owner/name. Default: GITHUB_REPOSITORY inside GitHub Actions, else the origin remote if it is on github.com.", Name = "GithubRepository")]
    string? GitHubRepository => TryGetValue(() => GitHubRepository);

    /// <summary>
    /// The repository (owner/name) TrustedPublisher names when neither --github-repository nor a github.com origin remote does:
    /// a build may state its own. Without one TrustedPublisher stops and asks for --github-repository.
    /// </summary>
    string? DefaultGitHubRepository => null;

    /// <summary>The workflows the [GitHubActions] and [GitHubActionsJob] attributes of the build class describe.</summary>
    IReadOnlyList<Workflow> Workflows => WorkflowBuilder.FromBuild(GetType());

    Target GenerateWorkflows => _ => _
        .Description("Write .github/workflows/*.yml from the [GitHubActions] and [GitHubActionsJob] attributes of the build class (only files that change)")
        .Executes(() =>
        {
            var workflows = Workflows;
            foreach (var problem in UnknownTargets(workflows).Concat(SplitProblems(workflows)))
                Log.Warning("{Problem}", problem);
            var written = WorkflowFiles.Write(RootDirectory, workflows);
            foreach (var workflow in workflows)
                Log.Information("{File}: {State}", workflow.RelativePath, written.Contains(workflow.RelativePath) ? "written" : "unchanged");
        });

    Target CheckWorkflows => _ => _
        .Description("Fail, showing a diff, when the committed .github/workflows files are not what the build class's attributes generate, or a job that skips targets lacks what an upstream job hands over")
        .Executes(() =>
        {
            var workflows = Workflows;
            var unknown = UnknownTargets(workflows);
            var stale = WorkflowFiles.Compare(RootDirectory, workflows);
            foreach (var file in stale)
                Log.Information("{Diff}", UnifiedDiff.Create(file.Committed ?? "", file.Generated, $"a/{file.RelativePath} (committed)", $"b/{file.RelativePath} (generated)").TrimEnd());
            if (stale.Count > 0)
                throw new BuildException($"{string.Join(", ", stale.Select(s => s.RelativePath))} {(stale.Count == 1 ? "is" : "are")} not what {WorkflowTargets.Source} generate (the diff is above). " +
                    "Run ./build.sh GenerateWorkflows and commit the result; edit the attributes, not the YAML.");
            if (unknown.Count > 0)
                throw new BuildException(string.Join(" ", unknown));
            var split = SplitProblems(workflows);
            if (split.Count > 0)
                throw new BuildException(string.Join(" ", split));
            Log.Information("{Count} workflow file(s) are what {Source} generate: {Files}", workflows.Count, WorkflowTargets.Source, string.Join(", ", workflows.Select(w => w.RelativePath)));
            Log.Information("Every target a --skip job skips ran in a job it needs, whose artifact it downloads");
        });

    Target TrustedPublisher => _ => _
        .Description("Print what to enter in the trusted publisher forms of PyPI and TestPyPI (owner, repository, workflow file, environment) and where, " +
            "read from the same attributes the workflows are generated from")
        .Executes(async cancellationToken =>
        {
            var name = PyProject.Load(RootDirectory / "pyproject.toml").Name
                ?? throw new BuildException("pyproject.toml has no [project] name, so there is no PyPI project to publish to.");
            var repository = await FindRepositoryAsync(cancellationToken);
            var form = TrustedPublisherForm.Render(ProjectName.Normalise(name), repository, Workflows,
            [
                new PublisherIndex("PyPI", PackageIndex.PyPI.ApiBase, "PublishPyPI"),
                new PublisherIndex("TestPyPI", PackageIndex.TestPyPI.ApiBase, "PublishTestPyPI"),
            ]);
            foreach (var line in form.TrimEnd().Split('\n'))
                Context.AddClosingLine(line);
        });

    /// <summary>Jobs that invoke a target this build does not have: the workflow would fail at that step.</summary>
    private IReadOnlyList<string> UnknownTargets(IReadOnlyList<Workflow> workflows)
    {
        var graph = TargetGraph.FromBuild(this);
        return workflows
            .SelectMany(w => w.Jobs.SelectMany(j => j.InvokedTargets.Where(t => graph.Find(t) is null).Select(t => $"{w.RelativePath} job {j.Id} runs target {t}, which this build does not have.")))
            .ToList();
    }

    /// <summary>Jobs that skip a target no upstream job ran and handed over (see <see cref="WorkflowSplit"/>).</summary>
    private IReadOnlyList<string> SplitProblems(IReadOnlyList<Workflow> workflows)
    {
        var graph = TargetGraph.FromBuild(this);
        return workflows.SelectMany(w => WorkflowSplit.Problems(w, graph)).ToList();
    }

    private async Task<WorkflowRepository> FindRepositoryAsync(CancellationToken cancellationToken)
    {
        if (GitHubRepository is { Length: > 0 } text)
            return WorkflowRepository.Parse(text, "GitHubRepository")
                ?? throw new BuildException($"GitHubRepository is '{text}'; give it as owner/name, e.g. pytest-dev/pytest-foo.");
        if (await Git.QueryAsync(RootDirectory, ["remote", "get-url", "origin"], cancellationToken) is { } remote
            && WorkflowRepository.FromRemoteUrl(remote, "the origin remote") is { } fromRemote)
            return fromRemote;

        if (DefaultGitHubRepository is { Length: > 0 } fallback)
            return WorkflowRepository.Parse(fallback, "the default: neither GitHubRepository nor a github.com origin remote names one")
                ?? throw new BuildException($"The build's DefaultGitHubRepository is '{fallback}'; give it as owner/name in the build class.");
        throw new BuildException("TrustedPublisher needs the plugin's GitHub repository, and neither --github-repository nor a github.com origin remote names one. " +
            "Pass --github-repository owner/name, or set \"GithubRepository\" in .nuke/parameters.json.");
    }
}
