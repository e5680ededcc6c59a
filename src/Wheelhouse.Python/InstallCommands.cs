namespace Wheelhouse.Python;

/// <summary>How to install a missing Python module for a given interpreter: the Debian package for the system Python, pip otherwise.</summary>
public static class InstallCommands
{
    private static readonly Dictionary<string, string> DebianPackages = new()
    {
        ["build"] = "python3-build",
        ["hatchling"] = "python3-hatchling",
        ["pytest"] = "python3-pytest",
        ["twine"] = "twine",
        ["venv"] = "python3-venv",
        ["pip"] = "python3-pip",
        ["setuptools"] = "python3-setuptools",
    };

    public static string For(PythonInterpreter interpreter, IEnumerable<string> modules)
    {
        var names = modules.Select(m => m.Split('.')[0]).Distinct().ToList();
        var pip = $"{interpreter.Path} -m pip install {string.Join(' ', names)}";
        if (!interpreter.Path.StartsWith("/usr/bin/", StringComparison.Ordinal))
            return pip;
        var packages = names.Select(n => DebianPackages.GetValueOrDefault(n, $"python3-{n}"));
        return $"apt-get install {string.Join(' ', packages)} (or {pip})";
    }

    /// <summary>The install command for <paramref name="items"/>: their Debian packages for the system Python, pip otherwise.</summary>
    public static string ForItems(PythonInterpreter interpreter, IReadOnlyList<Provisioning.ToolchainItem> items)
    {
        var pipItems = items.Where(i => i.PipRequirement != null).Select(i => i.PipRequirement!).ToList();
        var pip = pipItems.Count > 0 ? $"{interpreter.Path} -m pip install {string.Join(' ', pipItems.Select(r => r.Contains(' ') || r.Contains('<') || r.Contains('>') ? $"'{r}'" : r))}" : null;
        var debian = items.Where(i => i.DebianPackage != null).Select(i => i.DebianPackage!).Distinct().ToList();
        if (!interpreter.Executable.StartsWith("/usr/bin/", StringComparison.Ordinal) || debian.Count == 0)
            return pip ?? string.Join(", ", items.Select(i => i.Name));
        return $"apt-get install {string.Join(' ', debian)}{(pip is null ? "" : $" (or {pip})")}";
    }
}
