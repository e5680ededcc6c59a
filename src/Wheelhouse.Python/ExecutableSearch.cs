namespace Wheelhouse.Python;

/// <summary>Resolves a command name to a file on PATH, as a shell would; a path is taken as it is.</summary>
public static class ExecutableSearch
{
    public static string? Resolve(string command)
    {
        if (command.Contains('/') || command.Contains('\\'))
            return File.Exists(command) ? Path.GetFullPath(command) : null;
        var extensions = OperatingSystem.IsWindows() ? new[] { ".exe", ".cmd", ".bat", "" } : [""];
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        foreach (var extension in extensions)
        {
            var candidate = Path.Combine(directory, command + extension);
            if (File.Exists(candidate))
                return candidate;
        }

        return null;
    }
}
