using System.Text.RegularExpressions;
using Tomlyn;
using Tomlyn.Model;
using Wheelhouse.Engine;

namespace Wheelhouse.Python;

/// <summary>
/// Tells where a project's version comes from, from pyproject.toml alone (build-system, [project] and the tool
/// tables of the backends and their version plugins), with setup.cfg's [metadata] version for setuptools
/// projects that keep it there. Nothing is built or imported: the declarations decide.
/// </summary>
public static partial class VersionSourceDetection
{
    private const string PyProjectFile = "pyproject.toml";
    private const string SetupCfgFile = "setup.cfg";

    /// <summary>Reads pyproject.toml and setup.cfg at <paramref name="root"/> (either may be missing) and detects the source. Invalid TOML is a <see cref="BuildException"/>.</summary>
    public static VersionSource Read(string root)
    {
        var pyprojectPath = Path.Combine(root, PyProjectFile);
        var setupCfgPath = Path.Combine(root, SetupCfgFile);
        var pyproject = File.Exists(pyprojectPath) ? File.ReadAllText(pyprojectPath) : null;
        var setupCfg = File.Exists(setupCfgPath) ? File.ReadAllText(setupCfgPath) : null;
        return Detect(pyproject, setupCfg, pyprojectPath);
    }

    /// <summary>The source declared by these file contents (null: the file does not exist).</summary>
    public static VersionSource Detect(string? pyprojectText, string? setupCfgText = null, string pyprojectPath = PyProjectFile)
    {
        TomlTable document;
        try
        {
            document = pyprojectText is null ? new TomlTable() : TomlSerializer.Deserialize<TomlTable>(pyprojectText) ?? new TomlTable();
        }
        catch (Exception e) when (e is not BuildException)
        {
            throw new BuildException($"{pyprojectPath} is not valid TOML: {e.Message.Split('\n')[0]}. Fix the file (python3 -c \"import tomllib; tomllib.load(open('pyproject.toml','rb'))\" shows the same error).");
        }

        return Detect(document, setupCfgText);
    }

    /// <summary>The source declared by a parsed pyproject.toml and setup.cfg's text (null when there is none).</summary>
    public static VersionSource Detect(TomlTable pyproject, string? setupCfgText = null)
    {
        var project = Table(pyproject, "project");
        var dynamic = project is not null && Get(project, "dynamic") is TomlArray array && array.OfType<string>().Contains("version");
        if (!dynamic && project is not null && Get(project, "version") is string)
            return new VersionSource(VersionOrigin.PyProject, null, "project.version in pyproject.toml");

        var backend = Get(Table(pyproject, "build-system"), "build-backend") as string ?? PyProject.LegacyBackend;
        var requires = (Get(Table(pyproject, "build-system"), "requires") as TomlArray)?.OfType<string>().Select(RequirementName).ToHashSet() ?? [];
        var tool = Table(pyproject, "tool");
        var setupCfg = setupCfgText is null ? null : SetupCfgVersion(setupCfgText);

        if (VcsPlugin(backend, requires, tool, setupCfg) is { } vcs)
            return vcs;
        if (dynamic)
            return OtherDynamic(backend, tool);
        if (Get(Table(tool, "poetry"), "version") is string)
            return new VersionSource(VersionOrigin.PyProject, null, "tool.poetry.version in pyproject.toml");
        return setupCfg switch
        {
            null => new VersionSource(VersionOrigin.Unknown, null, "no version in pyproject.toml or setup.cfg (a setup.py may set it)"),
            { Directive: null } => new VersionSource(VersionOrigin.SetupCfg, null, "version in setup.cfg's [metadata]"),
            { } given => new VersionSource(VersionOrigin.Dynamic, "setuptools", $"version = {given.Value} in setup.cfg's [metadata]"),
        };
    }

    /// <summary>A version plugin that reads git tags, as its own configuration declares it; null when there is none.</summary>
    private static VersionSource? VcsPlugin(string backend, HashSet<string> requires, TomlTable? tool, SetupCfgEntry? setupCfg)
    {
        static VersionSource Tag(string tool, string evidence) => new(VersionOrigin.VcsTag, tool, evidence);

        // poetry-dynamic-versioning (dunamai) is off unless enabled; Poetry's own version is then a placeholder.
        if (Get(Table(tool, "poetry-dynamic-versioning"), "enable") is true)
            return Tag("poetry-dynamic-versioning", "[tool.poetry-dynamic-versioning] enable = true in pyproject.toml");

        // hatchling's version source plugins, named in [tool.hatch.version].
        if (backend.StartsWith("hatchling", StringComparison.Ordinal) && Get(Table(Table(tool, "hatch"), "version"), "source") is string hatchSource)
        {
            var plugin = hatchSource switch
            {
                "vcs" => "hatch-vcs",
                "versioningit" => "versioningit",
                "uv-dynamic-versioning" => "uv-dynamic-versioning",
                _ => null,
            };
            if (plugin is not null)
                return Tag(plugin, $"[tool.hatch.version] source = \"{hatchSource}\" in pyproject.toml");
        }

        // pdm-backend's own scm source.
        if (backend.StartsWith("pdm.", StringComparison.Ordinal) && Get(Table(Table(tool, "pdm"), "version"), "source") is "scm")
            return Tag("pdm-backend", "[tool.pdm.version] source = \"scm\" in pyproject.toml");

        if (Table(tool, "versioningit") is not null)
            return Tag("versioningit", "[tool.versioningit] in pyproject.toml");
        if (Get(Table(tool, "setuptools-git-versioning"), "enabled") is true)
            return Tag("setuptools-git-versioning", "[tool.setuptools-git-versioning] enabled = true in pyproject.toml");
        if (Get(Table(Table(Table(tool, "scikit-build"), "metadata"), "version"), "provider") is string provider && provider.Contains("setuptools_scm", StringComparison.Ordinal))
            return Tag("setuptools-scm", $"[tool.scikit-build] metadata.version.provider = \"{provider}\" in pyproject.toml");
        if (backend.StartsWith("flit_scm", StringComparison.Ordinal))
            return Tag("flit_scm", $"build-backend = \"{backend}\" in pyproject.toml");

        // setuptools and pbr's backend (setuptools underneath): the plugins hook into setuptools.
        if (backend.StartsWith("setuptools", StringComparison.Ordinal) || backend.StartsWith("pbr.", StringComparison.Ordinal))
        {
            // An explicit version elsewhere wins: setuptools-scm in requires may be there only for its file finder.
            if (Get(Table(Table(tool, "setuptools"), "dynamic"), "version") is not null)
                return null;
            if (Table(tool, "setuptools_scm") is not null)
                return Tag("setuptools-scm", "[tool.setuptools_scm] in pyproject.toml");
            if (setupCfg is not null)
                return null;
            if (requires.Contains("setuptools-scm"))
                return Tag("setuptools-scm", "setuptools-scm in build-system.requires of pyproject.toml");
            if (Table(tool, "versioneer") is not null)
                return Tag("versioneer", "[tool.versioneer] in pyproject.toml");
            if (requires.Contains("pbr"))
                return Tag("pbr", "pbr in build-system.requires of pyproject.toml");
        }

        return null;
    }

    /// <summary>A dynamic version no VCS plugin computes: the backend reads it from the code or a file.</summary>
    private static VersionSource OtherDynamic(string backend, TomlTable? tool)
    {
        var distribution = BackendDistribution(backend);
        var evidence = distribution switch
        {
            "hatchling" when Table(Table(tool, "hatch"), "version") is { } hatch =>
                Get(hatch, "path") is string path ? $"[tool.hatch.version] path = \"{path}\" in pyproject.toml"
                : Get(hatch, "source") is string source ? $"[tool.hatch.version] source = \"{source}\" in pyproject.toml"
                : "[tool.hatch.version] in pyproject.toml",
            "setuptools" when Get(Table(Table(tool, "setuptools"), "dynamic"), "version") is TomlTable version =>
                version.TryGetValue("attr", out var attr) ? $"[tool.setuptools.dynamic] version = {{ attr = \"{attr}\" }} in pyproject.toml"
                : version.TryGetValue("file", out var file) ? $"[tool.setuptools.dynamic] version = {{ file = {Render(file)} }} in pyproject.toml"
                : "[tool.setuptools.dynamic] version in pyproject.toml",
            "pdm-backend" when Get(Table(Table(tool, "pdm"), "version"), "source") is string pdm =>
                $"[tool.pdm.version] source = \"{pdm}\" in pyproject.toml",
            "flit_core" => "flit_core reads __version__ from the module (dynamic = [\"version\"] in pyproject.toml)",
            _ => "dynamic = [\"version\"] in [project] of pyproject.toml",
        };
        return new VersionSource(VersionOrigin.Dynamic, distribution, evidence);
    }

    private static string Render(object? value) => value switch
    {
        string text => $"\"{text}\"",
        TomlArray items => "[" + string.Join(", ", items.Select(Render)) + "]",
        _ => value?.ToString() ?? "",
    };

    /// <summary>The distribution that provides a backend module: "hatchling.build" → hatchling, "pdm.backend" → pdm-backend.</summary>
    private static string BackendDistribution(string backend)
    {
        var module = backend.Split(':')[0];
        return module switch
        {
            _ when module.StartsWith("setuptools", StringComparison.Ordinal) => "setuptools",
            _ when module.StartsWith("pdm.", StringComparison.Ordinal) => "pdm-backend",
            _ when module.StartsWith("poetry.core", StringComparison.Ordinal) => "poetry-core",
            _ when module.StartsWith("scikit_build_core", StringComparison.Ordinal) => "scikit-build-core",
            "mesonpy" => "meson-python",
            _ => module.Split('.')[0],
        };
    }

    /// <summary>The project name of a PEP 508 requirement, normalised as PEP 503 says: "setuptools_scm[toml]>=7" → setuptools-scm.</summary>
    internal static string RequirementName(string requirement)
    {
        var match = RequirementNamePattern().Match(requirement);
        return match.Success ? ProjectName.Normalise(match.Groups[1].Value) : "";
    }

    [GeneratedRegex(@"^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")]
    private static partial Regex RequirementNamePattern();

    /// <summary>setup.cfg's [metadata] version: the value, and "attr"/"file" when setuptools computes it with that directive.</summary>
    private sealed record SetupCfgEntry(string Value, string? Directive);

    /// <summary>setup.cfg's [metadata] version, read as setuptools reads it; null when absent or empty.</summary>
    private static SetupCfgEntry? SetupCfgVersion(string text)
    {
        if (Release.SetupCfgVersionFile.Find(text, "metadata", "version") is not { Value.Length: > 0 } entry)
            return null;
        var value = entry.Value;
        var directive = value.StartsWith("attr:", StringComparison.Ordinal) ? "attr" : value.StartsWith("file:", StringComparison.Ordinal) ? "file" : null;
        return new SetupCfgEntry(value, directive);
    }

    private static TomlTable? Table(TomlTable? table, string key) => Get(table, key) as TomlTable;

    private static object? Get(TomlTable? table, string key) => table is not null && table.TryGetValue(key, out var value) ? value : null;
}
