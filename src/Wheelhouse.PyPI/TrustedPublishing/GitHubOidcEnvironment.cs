using System.Text.Json;

namespace Wheelhouse.PyPI.TrustedPublishing;

/// <summary>
/// What a GitHub Actions job tells a step about OIDC and about the event that started it. Read from the
/// process environment in CI; the rehearsal builds one in-process, pointing at its stand-in token endpoint,
/// so the process environment is never changed.
/// </summary>
/// <param name="RequestUrl">ACTIONS_ID_TOKEN_REQUEST_URL: set only when the job has <c>permissions: id-token: write</c>.</param>
/// <param name="RequestToken">ACTIONS_ID_TOKEN_REQUEST_TOKEN: the bearer token for that URL (a secret).</param>
/// <param name="EventName">GITHUB_EVENT_NAME (push, pull_request, ...).</param>
/// <param name="Repository">GITHUB_REPOSITORY (owner/name) of the workflow run.</param>
/// <param name="HeadRef">GITHUB_HEAD_REF: the branch of a pull request, empty otherwise.</param>
/// <param name="EventPath">GITHUB_EVENT_PATH: the webhook payload, which names a pull request's head repository.</param>
public sealed record GitHubOidcEnvironment(
    string? RequestUrl,
    string? RequestToken,
    string? EventName = null,
    string? Repository = null,
    string? HeadRef = null,
    string? EventPath = null)
{
    public const string RequestUrlVariable = "ACTIONS_ID_TOKEN_REQUEST_URL";
    public const string RequestTokenVariable = "ACTIONS_ID_TOKEN_REQUEST_TOKEN";

    public static GitHubOidcEnvironment FromVariables(IReadOnlyDictionary<string, string?> variables) => new(
        NonEmpty(variables.GetValueOrDefault(RequestUrlVariable)),
        NonEmpty(variables.GetValueOrDefault(RequestTokenVariable)),
        NonEmpty(variables.GetValueOrDefault("GITHUB_EVENT_NAME")),
        NonEmpty(variables.GetValueOrDefault("GITHUB_REPOSITORY")),
        NonEmpty(variables.GetValueOrDefault("GITHUB_HEAD_REF")),
        NonEmpty(variables.GetValueOrDefault("GITHUB_EVENT_PATH")));

    public static GitHubOidcEnvironment FromProcess() => FromVariables(ProcessVariables());

    public static IReadOnlyDictionary<string, string?> ProcessVariables() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);

    public bool CanRequestToken => RequestUrl is not null && RequestToken is not null;

    /// <summary>Never shows the request token.</summary>
    public override string ToString() =>
        $"GitHubOidcEnvironment {{ RequestUrl = {(RequestUrl is null ? "(unset)" : "(set)")}, RequestToken = {(RequestToken is null ? "(unset)" : "***")}, EventName = {EventName}, Repository = {Repository} }}";

    /// <summary>
    /// True when the run is for a pull request whose head lives in another repository (a fork). The webhook payload
    /// decides when it can be read; without it, GITHUB_HEAD_REF being set on a pull request is the best hint there is.
    /// </summary>
    public bool? IsPullRequestFromFork()
    {
        if (EventName is not ("pull_request" or "pull_request_review" or "pull_request_review_comment"))
            return false;
        if (EventPath is not null && File.Exists(EventPath))
        {
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllText(EventPath));
                if (document.RootElement.TryGetProperty("pull_request", out var pullRequest)
                    && pullRequest.TryGetProperty("head", out var head)
                    && head.TryGetProperty("repo", out var headRepo)
                    && headRepo.ValueKind == JsonValueKind.Object
                    && headRepo.TryGetProperty("full_name", out var fullName))
                {
                    var baseName = Repository;
                    if (pullRequest.TryGetProperty("base", out var @base) && @base.TryGetProperty("repo", out var baseRepo)
                        && baseRepo.ValueKind == JsonValueKind.Object && baseRepo.TryGetProperty("full_name", out var baseFullName))
                        baseName = baseFullName.GetString();
                    return !string.Equals(fullName.GetString(), baseName, StringComparison.OrdinalIgnoreCase);
                }
            }
            catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                // fall through to the hint below
            }
        }

        return HeadRef is not null ? null : false;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
