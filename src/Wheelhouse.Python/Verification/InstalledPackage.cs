using System.Text.Json;

namespace Wheelhouse.Python.Verification;

/// <summary>One top-level module of the installed distribution, as the venv's python imported it.</summary>
/// <param name="Locations">Where it was loaded from (its file; for a namespace package, each folder of its path), real paths.</param>
public sealed record ImportedModule(string Name, IReadOnlyList<string> Locations, string? VersionAttribute, bool? AttributeMatches, string? Error);

/// <summary>
/// What the venv's python reports about the installed distribution, run from an empty folder so no source tree is on
/// sys.path: its version (compared with the requested one in PEP 440 terms, with packaging's Version or pip's vendored
/// copy), its site-packages, every module its files hold, and each of its top-level modules imported, with where it was
/// loaded from and its <c>__version__</c>. Nothing here knows a plugin: the modules come from the distribution's RECORD.
/// </summary>
public sealed record InstalledPackage(
    string Prefix,
    bool IsVenv,
    IReadOnlyList<string> SitePackages,
    string? MetadataVersion,
    bool MetadataMatches,
    IReadOnlyList<string> Modules,
    IReadOnlyList<ImportedModule> TopLevel,
    string? Error)
{
    /// <summary>Run as <c>python -c SCRIPT DISTRIBUTION VERSION</c>; prints one JSON object.</summary>
    public const string Script = """
        import importlib, importlib.machinery, json, os, sys, sysconfig
        distribution, expected = sys.argv[1:3]
        real = os.path.realpath
        report = {"prefix": real(sys.prefix), "is_venv": sys.prefix != sys.base_prefix,
                  "site_packages": sorted({real(sysconfig.get_paths()[k]) for k in ("purelib", "platlib")}),
                  "modules": [], "top_level": []}
        try:
            try:
                from packaging.version import Version
            except ImportError:
                from pip._vendor.packaging.version import Version
            import importlib.metadata as metadata
            dist = metadata.distribution(distribution)
            report["metadata_version"] = dist.version
            report["metadata_matches"] = Version(dist.version) == Version(expected)
            suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
            modules, top = set(), set()
            for file in dist.files or []:
                parts = file.parts
                if not parts or parts[0] == ".." or parts[0].endswith((".dist-info", ".data", ".egg-info")) or "__pycache__" in parts:
                    continue
                name = parts[-1]
                stem = name[:-3] if name.endswith(".py") else next((name[:-len(s)] for s in suffixes if name.endswith(s)), None)
                if len(parts) > 1 and parts[0].isidentifier():
                    top.add(parts[0])
                if stem is None:
                    continue
                dotted = list(parts[:-1]) + ([] if stem == "__init__" else [stem])
                if dotted and all(p.isidentifier() for p in dotted):
                    modules.add(".".join(dotted))
                    if len(parts) == 1:
                        top.add(stem)
            report["modules"] = sorted(modules)
            for name in sorted(top):
                entry = {"name": name}
                try:
                    module = importlib.import_module(name)
                    if getattr(module, "__file__", None):
                        entry["locations"] = [real(module.__file__)]
                    else:
                        entry["locations"] = sorted(real(p) for p in getattr(module, "__path__", []))
                    attribute = getattr(module, "__version__", None)
                    entry["version_attribute"] = None if attribute is None else str(attribute)
                    entry["attribute_matches"] = None if attribute is None else Version(str(attribute)) == Version(dist.version)
                except Exception as error:
                    entry["error"] = "%s: %s" % (type(error).__name__, error)
                report["top_level"].append(entry)
        except Exception as error:
            report["error"] = "%s: %s" % (type(error).__name__, error)
        print(json.dumps(report))
        """;

    public static InstalledPackage? Parse(string output)
    {
        var line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith('{'));
        if (line is null)
            return null;
        try
        {
            var root = JsonDocument.Parse(line).RootElement;
            return new InstalledPackage(Text(root, "prefix") ?? "", Flag(root, "is_venv") ?? false, Strings(root, "site_packages"), Text(root, "metadata_version"),
                Flag(root, "metadata_matches") ?? false, Strings(root, "modules"),
                root.TryGetProperty("top_level", out var top) && top.ValueKind == JsonValueKind.Array
                    ? top.EnumerateArray().Select(m => new ImportedModule(Text(m, "name") ?? "", Strings(m, "locations"), Text(m, "version_attribute"),
                        Flag(m, "attribute_matches"), Text(m, "error"))).ToList()
                    : [],
                Text(root, "error"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool? Flag(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    private static IReadOnlyList<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : [];

    /// <summary>The site-packages folder the venv installs into (purelib), where a source view's .pth file goes.</summary>
    public string? PureLib => SitePackages.FirstOrDefault(p => p.StartsWith(Prefix.TrimEnd('/', '\\') + Path.DirectorySeparatorChar, StringComparison.Ordinal));

    /// <summary>What is wrong with the install, in words; empty when the venv's own copy of the requested version is imported.</summary>
    public IReadOnlyList<string> Problems(string distribution, string expectedVersion)
    {
        if (Error != null)
            return [$"the installed distribution {distribution} could not be read in the venv: {Error}"];
        var problems = new List<string>();
        if (!IsVenv)
            problems.Add($"the python that ran ({Prefix}) is not a virtual environment");
        if (!MetadataMatches)
            problems.Add($"the installed distribution {distribution} has version {MetadataVersion ?? "(unknown)"}, not {expectedVersion}");
        if (TopLevel.Count == 0)
            problems.Add($"the installed distribution {distribution} holds no importable module (its RECORD lists no package or module): the wheel is empty");
        var venvSitePackages = SitePackages.Where(p => p.StartsWith(Prefix.TrimEnd('/', '\\') + Path.DirectorySeparatorChar, StringComparison.Ordinal)).ToList();
        foreach (var module in TopLevel)
        {
            if (module.Error != null)
            {
                problems.Add($"'import {module.Name}' in the venv failed: {module.Error}");
                continue;
            }

            var outside = module.Locations.Where(l => !venvSitePackages.Any(s => l.StartsWith(s + Path.DirectorySeparatorChar, StringComparison.Ordinal))).ToList();
            if (module.Locations.Count == 0 || outside.Count > 0)
                problems.Add($"'import {module.Name}' loaded {(outside.Count > 0 ? string.Join(", ", outside) : "a module without a file")}, which is not inside the venv's site-packages " +
                    $"({string.Join(", ", venvSitePackages)}): another copy (the source tree, system site-packages, PYTHONPATH, the current folder) shadows the installed one");
            if (module.AttributeMatches == false)
                problems.Add($"{module.Name}.__version__ is '{module.VersionAttribute}' but the distribution's version is {MetadataVersion}: the two disagree (update __version__ when bumping the version)");
        }

        return problems;
    }
}
