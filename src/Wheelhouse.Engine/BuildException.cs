namespace Wheelhouse.Engine;

/// <summary>
/// An error the user can act on. The message is shown as one paragraph, without a stack trace
/// (the stack trace appears only at --verbosity verbose).
/// </summary>
public class BuildException : Exception
{
    public BuildException(string message) : base(message) { }
    public BuildException(string message, Exception inner) : base(message, inner) { }
}
