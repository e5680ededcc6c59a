using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Http;
using Wheelhouse.Python.ApiGate;
using Wheelhouse.Python.PluginApi;
using Wheelhouse.Python.Release;
using Wheelhouse.Python.Verification;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.PyPI.ApiBaseline;

/// <summary>The API the release is compared with, and where it came from in words; <see cref="Api"/> null for a first release (then the words say why).</summary>
public sealed record FoundApiBaseline(PluginApiSnapshot? Api, string Description);

/// <summary>Where to look for the baseline: the index the release goes to (null: none, <see cref="IndexChoice"/> says why), then the committed snapshot.</summary>
public sealed record ApiBaselineQuery(AbsolutePath ProjectDirectory, string Distribution, Pep440Version Building, PackageIndex? Index, string IndexChoice)
{
    /// <summary>Where the baseline wheel is downloaded and installed (emptied first).</summary>
    public required AbsolutePath WorkFolder { get; init; }

    public required InterpreterProbe Interpreter { get; init; }

    /// <summary>For the index's JSON API and the download; null makes one for the call.</summary>
    public HttpClient? Http { get; init; }
}

/// <summary>
/// Finds the baseline in the order the gate trusts: the last release on the index the release goes to (its wheel
/// downloaded with the index's sha256 checked, installed, its API read); when the index cannot be asked or never had the
/// project, the committed snapshot (plugin-api.json); when there is neither, a first release. Says which one it used.
/// </summary>
public static class ApiBaselineFinder
{
    public static async Task<FoundApiBaseline> FindAsync(ApiBaselineQuery query, CancellationToken cancellationToken = default)
    {
        string indexSaid;
        if (query.Index is { } index)
        {
            if (query.WorkFolder.DirectoryExists())
                Directory.Delete(query.WorkFolder, recursive: true);
            var answer = await IndexBaseline.FetchAsync(query.Http ?? HttpClients.Reading, index, query.Distribution, query.Building, query.WorkFolder / "download", cancellationToken);

            if (answer is IndexBaselineAnswer.Found found)
            {
                var description = $"{query.Distribution} {found.Wheel.Version} on {index.Name} ({found.Wheel.FileName}, sha256 checked against the index)";
                Log.Information("API baseline: {Description}", description);
                var api = await WheelApiReader.ReadAsync(found.File, query.Interpreter, query.WorkFolder / "baseline", cancellationToken);
                return new FoundApiBaseline(api, description);
            }

            indexSaid = answer switch
            {
                IndexBaselineAnswer.NeverReleased never => never.Why,
                IndexBaselineAnswer.Unreachable unreachable => unreachable.Why,
                _ => throw new InvalidOperationException(answer.ToString()),
            };
        }
        else
        {
            indexSaid = $"no package index is asked: {query.IndexChoice}";
        }

        var (record, whyNone) = await CommittedSnapshot.FindAsync(query.ProjectDirectory, query.Distribution, query.Building, cancellationToken);
        if (record is not null)
        {
            var description = $"the committed snapshot {record.Where}";
            Log.Information("API baseline: {Description} ({IndexSaid})", description, indexSaid);
            return new FoundApiBaseline(record.Api, description);
        }

        var why = $"{indexSaid}; {whyNone}";
        Log.Information("API baseline: none, a first release: nothing to compare ({Why})", why);
        return new FoundApiBaseline(null, why);
    }

    /// <summary>
    /// Refuses APIs with parts the probe could not read: a part missing there may be a gap, not a removal, and a
    /// comparison would call it one.
    /// </summary>
    public static void CheckReadable(PluginApiSnapshot api, string what)
    {
        if (api.Unreadable.Count > 0)
            throw new BuildException(
                $"The plugin API of {what} has parts the probe could not read with pytest {api.PytestVersion} ({string.Join("; ", api.Unreadable)}), so a comparison " +
                "would take what is missing there for removals. Read both APIs with a pytest the probe reads fully (7.2 to 8.x are tested): pass --api-python " +
                "an interpreter that has one.");
    }
}
