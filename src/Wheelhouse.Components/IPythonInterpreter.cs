using Wheelhouse.Engine;

namespace Wheelhouse.Components;

/// <summary>The Python interpreter parameter that every Python-facing component shares.</summary>
public interface IPythonInterpreter : IBuild
{
    [Parameter("Python interpreter to use (a path or a command on PATH). Default: the first Python 3.10+ that has the modules a target needs.")]
    string? Python => TryGetValue(() => Python);
}
