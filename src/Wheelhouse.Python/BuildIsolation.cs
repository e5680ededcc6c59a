namespace Wheelhouse.Python;

/// <summary>Whether <c>python -m build</c> builds in an isolated environment (installing the backend from the index).</summary>
public enum BuildIsolation
{
    /// <summary>Isolated when the package index answers; otherwise, if the backend is installed, not isolated, with a warning.</summary>
    Auto,
    Isolated,
    NotIsolated,
}
