namespace Wheelhouse.Python;

/// <summary>A Python interpreter found on this machine: what one probe of it said (see <see cref="PythonProbe"/>).</summary>
/// <param name="Path">The name or path it was found by (a pyenv shim, a venv's python).</param>
/// <param name="Version">Its version (major.minor.micro).</param>
/// <param name="AvailableModules">Which of the modules the probe asked about it can import, from a neutral folder.</param>
public sealed record PythonInterpreter(string Path, Version Version, IReadOnlySet<string> AvailableModules)
{
    /// <summary>The real interpreter behind <see cref="Path"/> (links and shims resolved).</summary>
    public string Executable { get; init; } = Path;

    /// <summary>Installed version of each distribution the probe asked about; null when it is not installed.</summary>
    public IReadOnlyDictionary<string, string?> Distributions { get; init; } = new Dictionary<string, string?>();

    /// <summary>PEP 508's environment markers as this interpreter evaluates them (python_version, sys_platform, ...).</summary>
    public IReadOnlyDictionary<string, string> MarkerEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>Every installed distribution with its Requires-Dist, when the probe was asked for them (requirement checks).</summary>
    public IReadOnlyList<Requirements.InstalledDistribution> Installed { get; init; } = [];

    /// <summary>Whether it has the venv module.</summary>
    public bool HasVenv { get; init; }

    /// <summary>The pip version ensurepip would put into a new venv; null without ensurepip or its pip wheel (Debian without python3-venv).</summary>
    public string? BundledPip { get; init; }

    /// <summary>Whether it runs inside a virtual environment (sys.prefix differs from sys.base_prefix).</summary>
    public bool IsVirtualEnvironment { get; init; }

    public bool Has(string module) => AvailableModules.Contains(module);

    public override string ToString() => $"{Path} (Python {Version.ToString(2)})";
}

