using System.Security.Cryptography;
using Serilog;

namespace Wheelhouse.PyPI.LocalIndex;

/// <summary>
/// Runs the local index on its own until cancelled (Ctrl-C), printing where it is and ready-to-copy twine and pip
/// commands. A token given by the user is never printed; a generated one is (it is local and dies with the run).
/// </summary>
public static class IndexServing
{
    public static async Task ServeAsync(int port, string storageDirectory, string? token, string? projectName, CancellationToken cancellationToken)
    {
        var generated = string.IsNullOrEmpty(token);
        token = generated ? "pypi-local-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) : token!;
        await using var server = await LocalIndexServer.StartAsync(new LocalIndexOptions
        {
            Port = port,
            StorageDirectory = storageDirectory,
            ApiTokens = [token],
        }, cancellationToken);

        foreach (var line in Instructions(server.Index, storageDirectory, generated ? token : null, projectName))
            Log.Information("{Line}", line);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C is how this target ends: stop cleanly, not as a failure.
        }

        await server.StopAsync();
        Log.Information("Local index at {Url} stopped; its files stay in {Directory}", server.BaseAddress.ToString(), storageDirectory);
    }

    /// <summary>What to tell the user: the URLs, the credentials as environment variables (never on a command line), twine and pip commands.</summary>
    public static IReadOnlyList<string> Instructions(PackageIndex index, string storageDirectory, string? generatedToken, string? projectName)
    {
        var project = string.IsNullOrEmpty(projectName) ? "<project>" : projectName;
        return
        [
            $"Local package index at {index.ApiBase} (files in {storageDirectory})",
            $"  upload API: {index.UploadUrl}",
            $"  simple API: {index.SimpleUrl}",
            "Upload with twine (credentials through the environment, never on the command line):",
            "  export TWINE_USERNAME=__token__",
            generatedToken != null
                ? $"  export TWINE_PASSWORD={generatedToken}    # generated for this run; set IndexToken (environment or .nuke/parameters.json) to choose one"
                : "  export TWINE_PASSWORD=<the IndexToken you gave>",
            $"  twine upload --repository-url {index.UploadUrl} dist/*",
            "Install with pip:",
            $"  pip install --no-cache-dir --index-url {index.SimpleUrl} {project}",
            $"  (add --extra-index-url https://pypi.org/simple/ when its dependencies are not on this index)",
            "Press Ctrl-C to stop.",
        ];
    }
}
