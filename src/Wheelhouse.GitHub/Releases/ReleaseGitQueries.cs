using System.ComponentModel;
using System.Diagnostics;

namespace Wheelhouse.GitHub.Releases;

/// <summary>
/// The two questions GitHubRelease asks the local repository. Git runs directly, not through the build's tool
/// runner, because that logs every output line and a remote URL may hold a token.
/// </summary>
internal static class ReleaseGitQueries
{
    /// <summary>The URL of the origin remote; null when there is no git, no repository or no origin.</summary>
    public static Task<string?> OriginUrlAsync(string root, CancellationToken cancellationToken) =>
        RunAsync(root, ["remote", "get-url", "origin"], cancellationToken);

    /// <summary>The commit the local tag points at; null when the tag does not exist here.</summary>
    public static Task<string?> TagCommitAsync(string root, string tag, CancellationToken cancellationToken) =>
        RunAsync(root, ["rev-parse", "--verify", "--quiet", $"refs/tags/{tag}^{{commit}}"], cancellationToken);

    private static async Task<string?> RunAsync(string root, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            using var process = Process.Start(start);
            if (process is null)
                return null;
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                return null;
            }

            await error;
            var text = (await output).Trim();
            return process.ExitCode == 0 && text.Length > 0 ? text : null;
        }
        catch (Win32Exception)
        {
            return null; // git is not installed
        }
    }
}
