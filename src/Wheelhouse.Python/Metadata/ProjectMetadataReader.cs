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
        return await BackendMetadata.PrepareAsync(builder, projectDirectory, project.BuildBackend, cancellationToken);
    }
}
