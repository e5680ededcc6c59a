namespace Wheelhouse.Engine;

public enum Verbosity
{
    Quiet,
    Minimal,
    Normal,
    Verbose,
}
