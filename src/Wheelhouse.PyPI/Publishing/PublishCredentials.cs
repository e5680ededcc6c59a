using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.PyPI.TrustedPublishing;
using Wheelhouse.PyPI.Upload;

namespace Wheelhouse.PyPI.Publishing;

/// <summary>Where the upload's credentials come from.</summary>
public enum CredentialKind
{
    /// <summary>Inside GitHub Actions: a token minted by the index for the workflow's OIDC token.</summary>
    TrustedPublishing,

    /// <summary>An API token from a [Secret] parameter (environment variable or parameters file).</summary>
    ApiToken,
}

/// <summary>The API-token parameter of one index: PypiToken / PYPI_TOKEN, TestPypiToken / TEST_PYPI_TOKEN.</summary>
public sealed record ApiTokenParameter(string Name, string Variable, string TokenPage)
{
    public static ApiTokenParameter PyPI { get; } = new("PypiToken", "PYPI_TOKEN", "https://pypi.org/manage/account/token/");
    public static ApiTokenParameter TestPyPI { get; } = new("TestPypiToken", "TEST_PYPI_TOKEN", "https://test.pypi.org/manage/account/token/");
}

/// <summary>
/// The choice of credentials: an API token when one is given (inside GitHub Actions with a warning, since trusted
/// publishing needs no stored secret); otherwise trusted publishing inside GitHub Actions; otherwise an error that says
/// how to give a token, and never on the command line.
/// </summary>
public static class PublishCredentials
{
    public static CredentialKind Choose(PackageIndex index, bool isGitHubActions, string? apiToken, ApiTokenParameter parameter)
    {
        if (apiToken is { Length: > 0 })
        {
            if (isGitHubActions)
                Log.Warning("An API token was given ({Parameter}), so it is used instead of trusted publishing. Trusted publishing needs no stored secret: " +
                            "remove {Variable} from the job and give it permissions: id-token: write", parameter.Name, parameter.Variable);
            return CredentialKind.ApiToken;
        }

        if (isGitHubActions)
            return CredentialKind.TrustedPublishing;
        throw new BuildException(
            $"No credentials to publish to {index.Name}. Outside GitHub Actions, publishing needs an API token: create one at {parameter.TokenPage} (scoped to the project), " +
            $"then set environment variable {parameter.Variable} (or key \"{parameter.Name}\" in a .nuke/parameters file that is never committed). " +
            "It is never taken from the command line, where other processes can read it. Inside GitHub Actions no token is needed: the build uses trusted publishing.");
    }

    /// <summary>
    /// The upload credentials: the API token as it is, or trusted publishing's minted tokens, the first minted here (so a
    /// refusal stops the publish before the index is asked anything else) and renewed while the upload runs.
    /// </summary>
    /// <param name="time">The clock that judges a minted token's expiry (tests move it).</param>
    /// <param name="project">The project being published, named in the advice when the index refuses the mint.</param>
    public static async Task<IUploadCredentialSource> ResolveAsync(
        CredentialKind kind, PackageIndex index, string? apiToken, GitHubOidcEnvironment? github, TrustedPublishingClient client, CancellationToken cancellationToken,
        TimeProvider? time = null, string? project = null)
    {
        if (kind == CredentialKind.ApiToken)
            return UploadCredentials.ForToken(apiToken!);
        var source = new MintedTokenSource(client, index, github ?? GitHubOidcEnvironment.FromProcess(), time, project);
        await source.CurrentAsync(cancellationToken);
        return source;
    }
}
