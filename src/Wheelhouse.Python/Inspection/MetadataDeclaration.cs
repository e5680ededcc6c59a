namespace Wheelhouse.Python.Inspection;

/// <summary>
/// Where a project declares its metadata, by build backend, so advice names the place the project really uses:
/// setuptools reads [project] or setup.cfg's [metadata] and [options.entry_points], poetry-core 1 reads [tool.poetry]
/// (2.0 also [project]), the others read PEP 621's [project].
/// </summary>
public static class MetadataDeclaration
{
    /// <summary>Where the <paramref name="field"/> (name, version, classifiers) is declared: "[project] name in pyproject.toml".</summary>
    public static string Field(string? buildBackend, string field) => Module(buildBackend) switch
    {
        "setuptools.build_meta" => $"{field} in [project] of pyproject.toml, or in [metadata] of setup.cfg",
        "poetry.core.masonry.api" => $"{field} in [tool.poetry] (or [project], poetry-core 2) of pyproject.toml",
        _ => $"[project] {field} in pyproject.toml",
    };

    /// <summary>Where the entry points of <paramref name="group"/> are declared.</summary>
    public static string EntryPoints(string? buildBackend, string group) => Module(buildBackend) switch
    {
        "setuptools.build_meta" => $"[project.entry-points.{group}] in pyproject.toml, or {group} under [options.entry_points] in setup.cfg",
        "poetry.core.masonry.api" => $"[tool.poetry.plugins.\"{group}\"] (or [project.entry-points.{group}], poetry-core 2) in pyproject.toml",
        _ => $"[project.entry-points.{group}] in pyproject.toml",
    };

    private static string Module(string? buildBackend) => (buildBackend ?? "").Split(':')[0].Trim();
}
