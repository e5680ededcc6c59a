using Tomlyn;
using Tomlyn.Model;
using Wheelhouse.Engine;

namespace Wheelhouse.Python;

/// <summary>What the build needs to know from pyproject.toml: the project's name and version and its build backend.</summary>
public sealed record PyProject(string Path, string? Name, string? Version, IReadOnlyList<string> Dynamic, string BuildBackend, IReadOnlyList<string> BuildRequires)
{
    /// <summary>PEP 517's fallback when [build-system] names no backend.</summary>
    public const string LegacyBackend = "setuptools.build_meta:__legacy__";

    /// <summary>The module to import to check the backend is installed: "hatchling.build" for "hatchling.build", "setuptools.build_meta" for "setuptools.build_meta:__legacy__".</summary>
    public string BackendModule => BuildBackend.Split(':')[0];

    /// <summary>What PEP 517 frontends assume when [build-system] is missing: setuptools' legacy backend with these requirements.</summary>
    public static readonly IReadOnlyList<string> LegacyRequires = ["setuptools>=40.8.0", "wheel"];

    public static PyProject Load(string path)
    {
        if (!File.Exists(path))
        {
            // A setuptools project of the older kind (setup.py or setup.cfg only) is built with the legacy backend.
            var folder = System.IO.Path.GetDirectoryName(path) ?? ".";
            if (File.Exists(System.IO.Path.Combine(folder, "setup.py")) || File.Exists(System.IO.Path.Combine(folder, "setup.cfg")))
                return new PyProject(path, null, null, [], LegacyBackend, LegacyRequires);
            throw new BuildException($"{path} does not exist, and there is no setup.py or setup.cfg beside it. A Python project needs a pyproject.toml at the root of the repository.");
        }

        TomlTable document;
        try
        {
            document = TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(path)) ?? new TomlTable();
        }
        catch (Exception e) when (e is not BuildException)
        {
            throw new BuildException($"{path} is not valid TOML: {e.Message.Split('\n')[0]}. Fix the file (python3 -c \"import tomllib; tomllib.load(open('pyproject.toml','rb'))\" shows the same error).");
        }

        var project = document.TryGetValue("project", out var p) ? p as TomlTable : null;
        var buildSystem = document.TryGetValue("build-system", out var b) ? b as TomlTable : null;
        return new PyProject(
            path,
            project?.TryGetValue("name", out var name) == true ? name as string : null,
            project?.TryGetValue("version", out var version) == true ? version as string : null,
            project?.TryGetValue("dynamic", out var dynamic) == true && dynamic is TomlArray d ? d.OfType<string>().ToList() : [],
            buildSystem?.TryGetValue("build-backend", out var backend) == true && backend is string text ? text : LegacyBackend,
            buildSystem is null ? LegacyRequires
                : buildSystem.TryGetValue("requires", out var requires) && requires is TomlArray r ? r.OfType<string>().ToList() : []);
    }
}
