namespace Wheelhouse.TestSupport;

/// <summary>What a command run inside a <see cref="DebianRoot"/> left behind.</summary>
public sealed record RootRunResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Used as the "because" of assertions, so a failure shows the whole run.</summary>
    public string Describe() => $"the command exited {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}
