using Wheelhouse.Python.Inspection;

namespace Wheelhouse.Python.Metadata;

/// <summary>
/// What the project says about itself as its build backend reports it (or, when nothing is dynamic, as pyproject.toml's
/// [project] table states it): the facts the release is checked against.
/// </summary>
/// <param name="Name">The distribution name as written.</param>
/// <param name="Version">The version as the backend computes it (for a tag-versioned project, from git).</param>
/// <param name="EntryPoints">Every entry point (console_scripts, pytest11, ...).</param>
/// <param name="Dependencies">Requires-Dist, with their markers.</param>
/// <param name="RequiresPython">Requires-Python, or null.</param>
/// <param name="Source">Where it came from, for messages: "pyproject.toml" or "the build backend (setuptools.build_meta)".</param>
public sealed record ProjectMetadata(
    string Name,
    string Version,
    IReadOnlyList<EntryPoint> EntryPoints,
    IReadOnlyList<string> Dependencies,
    string? RequiresPython,
    string Source)
{
    /// <summary>The entry points of one group (pytest11) as name → value, values normalised as in entry_points.txt.</summary>
    public IReadOnlyDictionary<string, string> Group(string group) =>
        EntryPoints.Where(e => e.Group == group).GroupBy(e => e.Name).ToDictionary(g => g.Key, g => EntryPointsFile.NormaliseValue(g.First().Value), StringComparer.Ordinal);

    /// <summary>From a .dist-info folder's METADATA and entry_points.txt texts (what prepare_metadata_for_build_wheel writes).</summary>
    public static ProjectMetadata FromDistInfo(string metadataText, string? entryPointsText, string source)
    {
        var metadata = MetadataFile.Parse(metadataText);
        return new ProjectMetadata(
            metadata["Name"] ?? throw new Engine.BuildException($"The METADATA from {source} has no Name field."),
            metadata["Version"] ?? throw new Engine.BuildException($"The METADATA from {source} has no Version field."),
            entryPointsText is null ? [] : EntryPointsFile.Parse(entryPointsText).Entries,
            metadata.All("Requires-Dist"),
            metadata["Requires-Python"],
            source);
    }
}
