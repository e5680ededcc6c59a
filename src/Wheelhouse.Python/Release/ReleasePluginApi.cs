using Wheelhouse.Engine;
using Wheelhouse.Python.ApiGate;
using Wheelhouse.Python.PluginApi;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Release;

/// <summary>
/// The plugin API a release made by BumpVersion carries: the source tree's (read from a wheel built from it), the last
/// release's (null for a first release) and where that came from, and the project's gate settings. What <c>--bump auto</c>
/// decides with, what the changelog is checked against, and what BumpVersion writes to plugin-api.json.
/// </summary>
public sealed record ReleasePluginApi(PluginApiSnapshot Current, PluginApiSnapshot? Baseline, string BaselineDescription, ApiGateSettings Settings)
{
    private static readonly BumpKind[] SmallestFirst = [BumpKind.Patch, BumpKind.Minor, BumpKind.Major];

    public IReadOnlyList<ApiChange> Changes => Baseline is null ? [] : PluginApiDiff.Compare(Baseline, Current);

    public Pep440Version? BaselineVersion => Baseline is not null && Pep440Version.TryParse(Baseline.Version, out var version) ? version : null;

    /// <summary>The gate's decision for releasing <paramref name="to"/>; null for a first release.</summary>
    public ApiGateVerdict? Verdict(Pep440Version to) => BaselineVersion is { } baseline ? ApiGateVerdict.Decide(baseline, to, Changes, Settings) : null;

    /// <summary>
    /// The release bump <c>--bump auto</c> stands for: the smallest of patch, minor and major (with the other bumps given,
    /// such as rc) whose version the gate lets through against the baseline.
    /// </summary>
    public BumpKind AutoBump(Pep440Version from, IReadOnlyList<BumpKind> others)
    {
        if (BaselineVersion is null)
            throw new BuildException(
                $"--bump auto picks the bump the plugin API's changes need, but there is no earlier API to compare with ({BaselineDescription}). " +
                "For a first release pass --bump major, minor or patch, or --new-version.");
        foreach (var kind in SmallestFirst)
        {
            var candidate = VersionBump.Compute(from, [kind, .. others]);
            if (candidate > from && Verdict(candidate)!.Passes)
                return kind;
        }

        return BumpKind.Major;
    }

    /// <summary>plugin-api.json as BumpVersion commits it: the source tree's API with the new release's version.</summary>
    public byte[] Document(Pep440Version to) => PluginApiJson.Serialize(Current with { Version = to.ToString() });
}
