namespace Wheelhouse.Engine.Tooling;

/// <summary>
/// The one way the build runs git. Git never stops to ask (no terminal prompt, no editor, no optional locks that
/// would race a user's own git), and its output never reaches the log: a remote URL may hold a token.
/// </summary>
public static class Git
{
    private static readonly IReadOnlyDictionary<string, string?> Environment = new Dictionary<string, string?>
    {
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_EDITOR"] = "true",
        ["GIT_OPTIONAL_LOCKS"] = "0",
    };

    /// <summary>git with <paramref name="arguments"/> in <paramref name="directory"/>; a missing git is a <see cref="BuildException"/> with <paramref name="installHint"/>.</summary>
    public static Task<ToolResult> RunAsync(string directory, IEnumerable<string> arguments, CancellationToken cancellationToken,
        bool throwOnFailure = false, string? installHint = null, TimeSpan? timeout = null) =>
        Tool.RunAsync("git", arguments, new ToolOptions
        {
            WorkingDirectory = directory,
            ThrowOnFailure = throwOnFailure,
            LogOutput = false,
            OutputMayHoldSecrets = true,
            InstallHint = installHint ?? "Install git (apt-get install git) and make sure it is on PATH.",
            Environment = Environment,
            Timeout = timeout,
        }, cancellationToken);

    /// <summary>A question to git: its trimmed answer, or null when it fails, says nothing, takes too long or git is not installed.</summary>
    public static async Task<string?> QueryAsync(string directory, IEnumerable<string> arguments, CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        try
        {
            var result = await RunAsync(directory, arguments, cancellationToken, timeout: timeout ?? TimeSpan.FromSeconds(30));
            var text = result.StandardOutput.Trim();
            return result.ExitCode == 0 && text.Length > 0 ? text : null;
        }
        catch (BuildException) when (!cancellationToken.IsCancellationRequested)
        {
            return null; // no git, or no answer in time
        }
    }
}
