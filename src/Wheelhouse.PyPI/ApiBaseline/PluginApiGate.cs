using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Python;
using Wheelhouse.Python.ApiGate;
using Wheelhouse.Python.Inspection;
using Wheelhouse.Python.PluginApi;
using Wheelhouse.Python.Release;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.PyPI.ApiBaseline;

/// <summary>What CheckPluginApi and BumpVersion need to read and compare plugin APIs.</summary>
/// <param name="ApiDirectory">.nuke/temp/plugin-api: the API documents, changes-VERSION.md, and the work folders (gate/, bump/).</param>
/// <param name="Index">The index the release goes to, whose last release is the baseline; null: the committed snapshot only.</param>
/// <param name="IndexChoice">Why that index (or none), for the log.</param>
public sealed record PluginApiGateRequest(AbsolutePath ProjectDirectory, AbsolutePath DistDirectory, AbsolutePath ApiDirectory, PackageIndex? Index, string IndexChoice)
{
    /// <summary>The interpreter the APIs are read with (--api-python); null: the first Python found that has venv (and, offline, the dependencies).</summary>
    public string? Python { get; init; }

    /// <summary>Where a private toolchain may be made when no interpreter can read the APIs (null: never provision).</summary>
    public AbsolutePath? ProvisioningDirectory { get; init; }

    public HttpClient? Http { get; init; }
}

/// <summary>What the gate decided: the release's API, the baseline (null for a first release), the verdict, and the files written.</summary>
public sealed record PluginApiGateOutcome(PluginApiSnapshot Current, FoundApiBaseline Baseline, ApiGateVerdict? Verdict, AbsolutePath ChangesFile, AbsolutePath ApiFile);

/// <summary>
/// CheckPluginApi: the plugin API of the wheel in dist/ against the last release's (<see cref="ApiBaselineFinder"/>);
/// fails when the version bumps less than the changes need (<see cref="ApiGateVerdict"/>), after the log has listed each
/// change with its kind, the allowed ones with their reasons, and the smallest right version. Writes the release's API
/// document and the changes as Markdown for the release notes, pass or fail. Also reads what BumpVersion needs.
/// </summary>
public static class PluginApiGate
{
    public static async Task<PluginApiGateOutcome> CheckAsync(PluginApiGateRequest request, CancellationToken cancellationToken = default)
    {
        var wheel = TheWheel(request.DistDirectory);
        var metadata = WheelApiReader.Metadata(wheel);
        var building = Pep440Version.Parse(metadata.Version);
        var settings = ApiGateSettings.Load(request.ProjectDirectory / "pyproject.toml");
        var interpreter = await WheelApiReader.ChooseInterpreterAsync(request.Python, metadata.Dependencies, request.ProvisioningDirectory, cancellationToken);
        var work = request.ApiDirectory / "gate";

        Log.Information("Reading the plugin API of {Wheel} with {Interpreter}", wheel.Name, interpreter.ToString());
        var current = await WheelApiReader.ReadAsync(wheel, interpreter, work / "current", cancellationToken);
        var baseline = await FindBaselineAsync(request, metadata.Name, building, work, interpreter, cancellationToken);

        // Both reads passed: their venvs are gone, and so is what the index download left.
        if (work.DirectoryExists())
            Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(request.ApiDirectory);
        var apiFile = PluginApiLocation.FileFor(request.ApiDirectory, metadata.Name, current.Version);
        PluginApiJson.WriteFile(current, apiFile);
        var changesFile = ApiGateReport.ChangesFile(request.ApiDirectory, current.Version);
        if (baseline.Api is null)
        {
            AtomicFile.WriteAllText(changesFile, ApiGateReport.FirstReleaseMarkdown(baseline.Description));
            Log.Information("First release of {Distribution}'s plugin API: nothing to compare, so {Version} passes. Its API is in {File}", metadata.Name, building.ToString(), apiFile.ToString());
            return new PluginApiGateOutcome(current, baseline, null, changesFile, apiFile);
        }

        var verdict = Decide(current, baseline, building, settings);
        AtomicFile.WriteAllText(changesFile, ApiGateReport.Markdown(verdict, baseline.Description));
        foreach (var line in ApiGateReport.LogLines(verdict, settings, baseline.Description))
            Log.Information("{Line}", line);
        if (!verdict.Passes)
            throw new BuildException(ApiGateReport.Failure(verdict, settings, metadata.Name, baseline.Description));
        Log.Information("The plugin API of {Distribution} {Version} passes the gate; the changes for the release notes are in {File}", metadata.Name, building.ToString(), changesFile.ToString());
        return new PluginApiGateOutcome(current, baseline, verdict, changesFile, apiFile);
    }

    /// <summary>
    /// For BumpVersion: the source tree built into a temporary dist folder, its API read from the wheel, and the baseline
    /// found as CheckPluginApi finds it (the release being made is above the current version).
    /// </summary>
    public static async Task<ReleasePluginApi> ReadForBumpAsync(PluginApiGateRequest request, BumpBuild build, CancellationToken cancellationToken = default)
    {
        var from = await VersionRelease.CurrentVersionAsync(request.ProjectDirectory, build.TagFormat, cancellationToken);
        var work = request.ApiDirectory / "bump";
        var dist = work / "dist";
        if (work.DirectoryExists())
            Directory.Delete(work, recursive: true);
        Log.Information("Building the source tree into {Dist} to read the plugin API the release will have", dist.ToString());
        await PackageBuilder.BuildAsync(request.ProjectDirectory, dist, build.Python, build.Isolation, build.ProvisioningDirectory, cancellationToken);
        var wheel = TheWheel(dist);
        var metadata = WheelApiReader.Metadata(wheel);
        var interpreter = await WheelApiReader.ChooseInterpreterAsync(request.Python, metadata.Dependencies, request.ProvisioningDirectory, cancellationToken);
        var current = await WheelApiReader.ReadAsync(wheel, interpreter, work / "current", cancellationToken);
        ApiBaselineFinder.CheckReadable(current, $"the source tree ({wheel.Name})");

        // The release is above the current version; the last one is at or below it.
        var above = VersionBump.Apply(from, [BumpKind.Patch]);
        var baseline = await FindBaselineAsync(request, metadata.Name, above, work, interpreter, cancellationToken);
        if (baseline.Api is { } api)
            ApiBaselineFinder.CheckReadable(api, baseline.Description);
        Directory.Delete(work, recursive: true);
        return new ReleasePluginApi(current, baseline.Api, baseline.Description, ApiGateSettings.Load(request.ProjectDirectory / "pyproject.toml"));
    }

    /// <summary>The last release at or below <paramref name="version"/>: from the request's index, else the committed plugin-api.json.</summary>
    private static Task<FoundApiBaseline> FindBaselineAsync(
        PluginApiGateRequest request, string name, Pep440Version version, AbsolutePath work, Wheelhouse.Python.Verification.InterpreterProbe interpreter, CancellationToken cancellationToken) =>
        ApiBaselineFinder.FindAsync(
            new ApiBaselineQuery(request.ProjectDirectory, name, version, request.Index, request.IndexChoice)
            {
                WorkFolder = work / "index",
                Interpreter = interpreter,
                Http = request.Http,
            }, cancellationToken);

    private static ApiGateVerdict Decide(PluginApiSnapshot current, FoundApiBaseline baseline, Pep440Version building, ApiGateSettings settings)
    {
        var api = baseline.Api!;
        ApiBaselineFinder.CheckReadable(api, baseline.Description);
        ApiBaselineFinder.CheckReadable(current, $"the release ({current.Distribution} {current.Version})");
        if (api.PytestVersion != current.PytestVersion)
            Log.Warning("The baseline's API was read with pytest {Then}, the release's with pytest {Now}: pytest shows some details differently between versions " +
                "(a default's effective value), so a change below may be pytest's, not the plugin's", api.PytestVersion, current.PytestVersion);
        if (!Pep440Version.TryParse(api.Version, out var baselineVersion))
            throw new BuildException($"The baseline ({baseline.Description}) has the version '{api.Version}', which is not a PEP 440 version, so no bump can be measured from it.");
        return ApiGateVerdict.Decide(baselineVersion, building, PluginApiDiff.Compare(api, current), settings);
    }

    /// <summary>The one wheel in <paramref name="dist"/>: the gate reads one API per release.</summary>
    private static AbsolutePath TheWheel(AbsolutePath dist)
    {
        var wheels = dist.DirectoryExists() ? Directory.GetFiles(dist, "*.whl").Order(StringComparer.Ordinal).ToList() : [];
        if (wheels.Count == 0)
            throw new BuildException($"{dist} holds no wheel, so the plugin API of the release cannot be read. Build it first (./build.sh CheckPluginApi builds unless --skip is given).");
        var releases = wheels.Select(w => WheelFileName.TryParse(Path.GetFileName(w)))
            .Select(n => n is null ? "?" : $"{ProjectName.Normalise(n.Name)} {DistributionNames.CanonicalVersion(n.Version)}").Distinct().ToList();
        if (releases.Count > 1)
            throw new BuildException($"{dist} holds wheels of more than one release ({string.Join(", ", releases)}); the gate checks one. Run ./build.sh Build, which empties dist/ first.");
        // Wheels of one release differ by platform; the plugin API is the same in each (a pure-Python one is preferred).
        return AbsolutePath.Create(wheels.OrderByDescending(w => w.EndsWith("-none-any.whl", StringComparison.Ordinal)).First());
    }
}

/// <summary>How BumpVersion builds the source tree for its API: the build's interpreter, isolation and tag format.</summary>
public sealed record BumpBuild(string? Python, BuildIsolation Isolation, string TagFormat, AbsolutePath? ProvisioningDirectory);
