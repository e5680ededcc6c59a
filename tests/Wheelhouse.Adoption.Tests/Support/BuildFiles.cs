namespace Wheelhouse.Adoption.Tests.Support;

/// <summary>The files the template lays down that make the build, which no sdist of the plugin may hold.</summary>
public static class BuildFiles
{
    private static readonly string[] Folders = ["build/", ".nuke/"];
    private static readonly string[] Files = ["build.sh", "build.ps1", "global.json", "NuGet.config"];

    /// <summary>A path below the sdist's top folder.</summary>
    public static bool IsBuildFile(string path) =>
        Folders.Any(f => path.StartsWith(f, StringComparison.Ordinal)) || Files.Contains(path, StringComparer.Ordinal);
}
