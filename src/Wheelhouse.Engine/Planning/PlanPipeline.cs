namespace Wheelhouse.Engine.Planning;

/// <summary>
/// A pipeline that runs this build's targets elsewhere, split into jobs (a CI workflow): what the plan page draws
/// beside the target graph, so the local road and the CI road are one picture. A build extension fills it
/// (<see cref="BuildExtensionAttribute.PlanPipelines"/>); the engine knows no CI service.
/// </summary>
/// <param name="Name">What the pipeline is called, e.g. the workflow file.</param>
/// <param name="StartsOn">When it starts (events, tags), as one line.</param>
public sealed record PlanPipeline(string Name, string StartsOn, IReadOnlyList<PlanJob> Jobs);

/// <summary>
/// One job of a pipeline: the targets it runs (with <paramref name="SkipsDependencies"/>, only those; a job before it
/// ran the rest), the jobs it waits for, the environment that gates it and the permissions it holds.
/// </summary>
/// <param name="Elevated">Those of <paramref name="Permissions"/> that can obtain credentials (GitHub's <c>id-token: write</c>): drawn as a warning.</param>
/// <param name="Details">Artifacts, matrix and other facts, one short phrase each.</param>
public sealed record PlanJob(
    string Id,
    IReadOnlyList<string> Targets,
    bool SkipsDependencies,
    IReadOnlyList<string> Needs,
    string? Environment,
    IReadOnlyList<string> Permissions,
    IReadOnlyList<string> Elevated,
    IReadOnlyList<string> Details)
{
    public bool IsElevated => Elevated.Count > 0;
}
