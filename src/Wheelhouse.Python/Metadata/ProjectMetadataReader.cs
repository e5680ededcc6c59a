using Tomlyn;
using Tomlyn.Model;
using Wheelhouse.Engine;

namespace Wheelhouse.Python.Metadata;

/// <summary>The project's metadata: pyproject.toml's [project] when it states it all, else what the build backend reports.</summary>
public static class ProjectMetadataReader
{
    /// <summary>The metadata when pyproject.toml states it all (no backend needed); null when the backend must be asked.</summary>
    public static ProjectMetadata? TryReadStatic(AbsolutePath projectDirectory)
    {
        var path = projectDirectory / "pyproject.toml";
        if (!path.FileExists())
            return null;
        TomlTable document;
        try
        {
            document = TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(path)) ?? new TomlTable();
        }
        catch (Exception e) when (e is not BuildException)
        {
            throw new BuildException($"{path} is not valid TOML: {e.Message.Split('\n')[0]}. Fix the file.");
        }

        return StaticProjectMetadata.TryRead(document, "pyproject.toml");
    }

    /// <summary>
    /// The static fast path, else the backend through the interpreter that builds (chosen as Build chooses it; with
    /// <paramref name="provisioningDirectory"/>, what it lacks is installed).
    /// </summary>
    public static async Task<ProjectMetadata> ReadAsync(
        AbsolutePath projectDirectory, string? python, BuildIsolation isolation, AbsolutePath? provisioningDirectory, CancellationToken cancellationToken = default)
    {
        if (TryReadStatic(projectDirectory) is { } metadata)
            return metadata;
        var project = PyProject.Load(projectDirectory / "pyproject.toml");
        var builder = await BuildInterpreter.ChooseAsync(project, python, isolation, provisioningDirectory, logWarning: false, cancellationToken);
        // Entry points [project] states (not dynamic) are what the backend must write (PEP 621): no need to build a wheel for them.
        var staticEntryPoints = StaticEntryPoints(projectDirectory);
        var reported = await BackendMetadata.PrepareAsync(builder, projectDirectory, project.BuildBackend, needEntryPoints: staticEntryPoints is null, cancellationToken);
        return staticEntryPoints is null ? reported : reported with { EntryPoints = staticEntryPoints };
    }

    /// <summary>The entry points pyproject.toml's [project] states, when none of its entry-point keys is dynamic; else null.</summary>
    private static IReadOnlyList<Inspection.EntryPoint>? StaticEntryPoints(AbsolutePath projectDirectory)
    {
        var path = projectDirectory / "pyproject.toml";
        if (!path.FileExists() || TomlSerializer.Deserialize<TomlTable>(File.ReadAllText(path)) is not { } document
            || !document.TryGetValue("project", out var p) || p is not TomlTable project)
            return null;
        var dynamic = project.TryGetValue("dynamic", out var d) && d is TomlArray array ? array.OfType<string>().ToHashSet(StringComparer.Ordinal) : [];
        if (dynamic.Contains("entry-points") || dynamic.Contains("scripts") || dynamic.Contains("gui-scripts"))
            return null;
        var withEverything = new TomlTable();
        foreach (var (key, value) in project)
            withEverything[key] = value;
        withEverything["name"] = "x";
        withEverything["version"] = "0";
        withEverything.Remove("dynamic");
        return StaticProjectMetadata.TryRead(new TomlTable { ["project"] = withEverything }, "pyproject.toml")?.EntryPoints;
    }
}
