namespace Wheelhouse.Engine.Tooling;

/// <summary>How to run a process. Secrets go in <see cref="Environment"/>, never in the arguments.</summary>
public sealed record ToolOptions
{
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables to set (a null value removes the variable).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Log each output line as it comes (at Information; Debug when false).</summary>
    public bool LogOutput { get; init; } = true;

    /// <summary>Keep the output out of the log altogether, even at Debug: it may carry a secret (a remote URL with a token).</summary>
    public bool OutputMayHoldSecrets { get; init; }

    /// <summary>Throw a <see cref="BuildException"/> on a non-zero exit code.</summary>
    public bool ThrowOnFailure { get; init; } = true;

    /// <summary>What to tell the user when the executable is not found (an install command).</summary>
    public string? InstallHint { get; init; }

    public TimeSpan? Timeout { get; init; }
}
