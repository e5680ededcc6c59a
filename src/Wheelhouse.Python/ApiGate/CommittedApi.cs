using Wheelhouse.Python.Inspection;
using Wheelhouse.Python.PluginApi;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.ApiGate;

/// <summary>One record of the committed snapshot: the document and where it was read (the work tree, or a commit).</summary>
public sealed record CommittedApiRecord(PluginApiSnapshot Api, string Where);

/// <summary>
/// <c>plugin-api.json</c> at the project root, like PublicAPI.Shipped.txt: the plugin API of the latest release, which
/// BumpVersion writes (its version is the new release's) and commits with the release. So at a release commit the file
/// describes the release being built, and the one before it lives in git history. Which record is the baseline: the
/// newest below the version being built (the last release); when there is none, the record of that very version (the
/// build must then not have changed the API it records). Pure.
/// </summary>
public static class CommittedApi
{
    public const string FileName = "plugin-api.json";

    /// <summary>The baseline among <paramref name="records"/> (the work tree's first, then history newest first); null when none is at or below <paramref name="building"/>.</summary>
    public static CommittedApiRecord? Choose(IReadOnlyList<CommittedApiRecord> records, Pep440Version building)
    {
        var parsed = records
            .Select(r => (Record: r, Version: Pep440Version.TryParse(r.Api.Version, out var v) ? v : null))
            .Where(r => r.Version is not null)
            .ToList();
        var below = parsed.Where(r => r.Version! < building).OrderByDescending(r => r.Version).Select(r => r.Record).FirstOrDefault();
        return below ?? parsed.FirstOrDefault(r => r.Version! == building).Record;
    }

    /// <summary>Why no record serves, for the log: the file records only newer versions, or another distribution.</summary>
    public static string WhyNone(IReadOnlyList<CommittedApiRecord> records, Pep440Version building) => records.Count == 0
        ? $"there is no {FileName}"
        : $"{FileName} records {string.Join(", ", records.Select(r => r.Api.Version).Distinct())}, none at or below {building}";

    /// <summary>Whether a record describes <paramref name="distribution"/> (PEP 503 names).</summary>
    public static bool Describes(PluginApiSnapshot api, string distribution) => ProjectName.Same(api.Distribution, distribution);
}
