using Wheelhouse.Engine;

namespace Wheelhouse.Python.Inspection;

/// <summary>
/// The files of the C# build that makes the release, which never belong in the package's sdist: the build project's
/// folder (found from the running build, wherever the project keeps it), the bootstrap the build comes with
/// (build.sh, build.ps1, global.json, .nuke/) and C# sources and projects anywhere. Paths are relative to the
/// project root, with '/'.
/// </summary>
public sealed record BuildOwnFiles
{
    /// <summary>Folders whose every file is the build's: .nuke/ and, when known, the build project's folder.</summary>
    public IReadOnlyList<string> Folders { get; init; } = [".nuke"];

    /// <summary>Files at the root that start or pin the build.</summary>
    public IReadOnlyList<string> RootFiles { get; init; } = ["build.sh", "build.ps1", "global.json"];

    /// <summary>C# sources, projects and MSBuild files, wherever they are.</summary>
    public IReadOnlyList<string> Extensions { get; init; } = [".cs", ".csproj", ".sln", ".slnx", ".props", ".targets"];

    /// <summary>What every build of this engine has, without knowing where its project is.</summary>
    public static BuildOwnFiles Bootstrap { get; } = new();

    /// <summary>The bootstrap plus the build project's folder (<c>build</c>), relative to the root.</summary>
    public static BuildOwnFiles WithProjectFolder(string? relativeFolder) =>
        relativeFolder is { Length: > 0 } folder ? Bootstrap with { Folders = [folder.Replace('\\', '/').Trim('/'), .. Bootstrap.Folders] } : Bootstrap;

    /// <summary>
    /// The folder of the build project that is running, relative to <paramref name="root"/>: the nearest folder above
    /// <paramref name="buildOutput"/> (where the build's assembly runs from, e.g. build/bin/publish) that holds a .csproj.
    /// Null when there is none inside the root, or when it is the root itself (the root is the package's, not the build's).
    /// </summary>
    public static string? FindProjectFolder(AbsolutePath root, string buildOutput)
    {
        for (var folder = AbsolutePath.Create(Path.GetFullPath(buildOutput)); folder is not null && folder.IsWithin(root) && !folder.Equals(root); folder = folder.Parent)
        {
            if (folder.DirectoryExists() && Directory.EnumerateFiles(folder, "*.csproj").Any())
                return folder.RelativeTo(root).Replace('\\', '/');
        }

        return null;
    }
}
