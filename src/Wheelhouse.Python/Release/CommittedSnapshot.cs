using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;
using Wheelhouse.Python.ApiGate;
using Wheelhouse.Python.PluginApi;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Release;

/// <summary>
/// The effects of reading the committed snapshot (<see cref="CommittedApi"/>): plugin-api.json in the work tree and, when
/// that one records the very version being built (BumpVersion wrote it for this release), the earlier versions of the file
/// in git history, which record the releases before. Without git, or in a shallow clone, the work tree's file is all there is.
/// </summary>
public static class CommittedSnapshot
{
    /// <summary>How many commits of the file's history are read at most: the last release is among the first few.</summary>
    private const int HistoryDepth = 30;

    /// <summary>The baseline record, or null with the reason (no file, only newer versions).</summary>
    public static async Task<(CommittedApiRecord? Record, string WhyNone)> FindAsync(
        AbsolutePath projectDirectory, string distribution, Pep440Version building, CancellationToken cancellationToken = default)
    {
        var file = projectDirectory / CommittedApi.FileName;
        var records = new List<CommittedApiRecord>();
        if (file.FileExists())
        {
            var api = PluginApiJson.ReadFile(file);
            if (!CommittedApi.Describes(api, distribution))
                throw new BuildException(
                    $"{file} records the plugin API of {api.Distribution}, not of {distribution}, which is being built. " +
                    $"It was copied from another project: delete it (BumpVersion writes it at the next release) or write this project's with ./build.sh CheckPluginApi.");
            records.Add(new CommittedApiRecord(api, $"{CommittedApi.FileName} (version {api.Version})"));
            if (Pep440Version.TryParse(api.Version, out var version) && version < building)
                return (records[0], "");
        }

        records.AddRange((await HistoryAsync(projectDirectory, cancellationToken)).Where(r => CommittedApi.Describes(r.Api, distribution)));
        var chosen = CommittedApi.Choose(records, building);
        return (chosen, chosen is null ? CommittedApi.WhyNone(records, building) : "");
    }

    /// <summary>The file as each of the last commits that changed it holds it, newest first; empty outside git.</summary>
    private static async Task<IReadOnlyList<CommittedApiRecord>> HistoryAsync(AbsolutePath projectDirectory, CancellationToken cancellationToken)
    {
        var log = await GitAsync(projectDirectory, ["log", $"-n{HistoryDepth}", "--format=%H", "--", CommittedApi.FileName], cancellationToken);
        if (log is null)
            return [];
        var records = new List<CommittedApiRecord>();
        foreach (var commit in log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var text = await GitAsync(projectDirectory, ["show", $"{commit}:./{CommittedApi.FileName}"], cancellationToken);
            if (text is null)
                continue; // the commit deleted the file
            try
            {
                var api = PluginApiJson.Read(text, $"{CommittedApi.FileName} at commit {commit[..12]}");
                records.Add(new CommittedApiRecord(api, $"{CommittedApi.FileName} as committed in {commit[..12]} (version {api.Version})"));
            }
            catch (BuildException)
            {
                // An old record of another schema cannot be a baseline; the newer ones can.
            }
        }

        return records;
    }

    private static async Task<string?> GitAsync(AbsolutePath directory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        try
        {
            var result = await Git.RunAsync(directory, arguments, cancellationToken);
            return result.ExitCode == 0 ? result.StandardOutput : null;
        }
        catch (BuildException)
        {
            return null; // no git: the work tree's file is the only record
        }
    }
}
