namespace Wheelhouse.Python;

/// <summary>A Python interpreter found on this machine, with its version and the modules the build asked about.</summary>
public sealed record PythonInterpreter(string Path, Version Version, IReadOnlySet<string> AvailableModules)
{
    public bool Has(string module) => AvailableModules.Contains(module);

    public override string ToString() => $"{Path} (Python {Version.ToString(2)})";
}
