using System.Text.Json;

namespace Wheelhouse.Python.Verification;

/// <summary>
/// What the venv's python reports about the installed package: where the imported module lives, its
/// <c>__version__</c>, the installed distribution's version, and whether both equal the requested version in PEP 440
/// terms (compared in Python with packaging's Version, pip's vendored copy when packaging itself is not installed).
/// </summary>
public sealed record InstalledPackage(
    string Prefix,
    bool IsVenv,
    string? File,
    string? VersionAttribute,
    string? MetadataVersion,
    bool MetadataMatches,
    bool? AttributeMatches,
    string? Error)
{
    /// <summary>Run as <c>python -c SCRIPT DISTRIBUTION MODULE VERSION</c>; prints one JSON object.</summary>
    public const string Script = """
        import importlib, json, os, sys
        distribution, module, expected = sys.argv[1:4]
        report = {"prefix": os.path.realpath(sys.prefix), "is_venv": sys.prefix != sys.base_prefix}
        try:
            try:
                from packaging.version import Version
            except ImportError:
                from pip._vendor.packaging.version import Version
            import importlib.metadata as metadata
            imported = importlib.import_module(module)
            report["file"] = os.path.realpath(imported.__file__) if getattr(imported, "__file__", None) else None
            attribute = getattr(imported, "__version__", None)
            report["version_attribute"] = None if attribute is None else str(attribute)
            report["metadata_version"] = metadata.version(distribution)
            report["metadata_matches"] = Version(report["metadata_version"]) == Version(expected)
            report["attribute_matches"] = None if attribute is None else Version(str(attribute)) == Version(expected)
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
            string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            bool? Flag(string name) => root.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;
            return new InstalledPackage(Text("prefix") ?? "", Flag("is_venv") ?? false, Text("file"), Text("version_attribute"), Text("metadata_version"),
                Flag("metadata_matches") ?? false, Flag("attribute_matches"), Text("error"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>What is wrong with the install, in words; empty when the venv's own copy of the requested version is imported.</summary>
    public IReadOnlyList<string> Problems(string module, string distribution, string expectedVersion)
    {
        if (Error != null)
            return [$"'import {module}' in the venv failed: {Error}"];
        var problems = new List<string>();
        if (!IsVenv)
            problems.Add($"the python that ran ({Prefix}) is not a virtual environment");
        var inside = File != null && File.StartsWith(Prefix.TrimEnd('/', '\\') + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        if (!inside)
            problems.Add($"'import {module}' loaded {File ?? "a module without a file"}, which is not inside the venv {Prefix}: another copy (system site-packages, PYTHONPATH, the current folder) shadows the installed one");
        if (!MetadataMatches)
            problems.Add($"the installed distribution {distribution} has version {MetadataVersion ?? "(unknown)"}, not {expectedVersion}");
        if (AttributeMatches == false)
            problems.Add($"{module}.__version__ is '{VersionAttribute}' but the distribution's version is {MetadataVersion}: the two disagree (update __version__ when bumping the version)");
        return problems;
    }
}
