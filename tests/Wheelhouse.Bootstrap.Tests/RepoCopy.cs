namespace Wheelhouse.Bootstrap.Tests;

/// <summary>The repository this test assembly was built from, and throw-away copies of its build inputs.</summary>
internal static class RepoCopy
{
    public static string RepoRoot { get; } = FindRepoRoot();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Wheelhouse.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException(
            $"no folder containing Wheelhouse.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>A new, empty folder under the system temp folder.</summary>
    public static string NewTempFolder(string purpose)
    {
        var path = Path.Combine(Path.GetTempPath(), $"wheelhouse-bootstrap-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>
    /// Copies what the bootstrap needs into <paramref name="target"/>: build/ and src/Wheelhouse.*
    /// (without bin/ and obj/), Directory.Build.props, global.json, build.sh, build.ps1, .nuke/
    /// (without temp/) and .config/, from the repository or from <paramref name="source"/>. The repository's own
    /// .nuke/temp and outputs are never read.
    /// </summary>
    public static void CopyBuildInputs(string target, string? source = null)
    {
        var root = source ?? RepoRoot;
        CopyTree(Path.Combine(root, "build"), Path.Combine(target, "build"), SkipOutputs);
        foreach (var project in Directory.EnumerateDirectories(Path.Combine(root, "src"), "Wheelhouse.*"))
            CopyTree(project, Path.Combine(target, "src", Path.GetFileName(project)), SkipOutputs);
        foreach (var file in new[] { "Directory.Build.props", "global.json", "build.sh", "build.ps1" })
            CopyFile(Path.Combine(root, file), Path.Combine(target, file));
        var nuke = Path.Combine(root, ".nuke");
        if (Directory.Exists(nuke)) CopyTree(nuke, Path.Combine(target, ".nuke"), name => name == "temp");
        else Directory.CreateDirectory(Path.Combine(target, ".nuke"));
        CopyTree(Path.Combine(root, ".config"), Path.Combine(target, ".config"), _ => false);
    }

    private static bool SkipOutputs(string directoryName) => directoryName is "bin" or "obj";

    private static void CopyTree(string source, string target, Func<string, bool> skipDirectory)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
            CopyFile(file, Path.Combine(target, Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(source))
        {
            var name = Path.GetFileName(dir);
            if (!skipDirectory(name)) CopyTree(dir, Path.Combine(target, name), skipDirectory);
        }
    }

    private static void CopyFile(string source, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target, overwrite: true);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(target, File.GetUnixFileMode(source));
    }

    /// <summary>Writes a script and marks it executable (rwxr-xr-x).</summary>
    public static void WriteExecutable(string path, string text)
    {
        File.WriteAllText(path, text.Replace("\r\n", "\n"));
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }

    public static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>The first file called <paramref name="name"/> on PATH, or null.</summary>
    public static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            if (dir.Length == 0) continue;
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
