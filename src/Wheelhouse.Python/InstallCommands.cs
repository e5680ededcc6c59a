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
}
