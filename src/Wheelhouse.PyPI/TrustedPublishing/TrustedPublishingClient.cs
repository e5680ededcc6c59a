using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Polly.Timeout;
using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Http;

namespace Wheelhouse.PyPI.TrustedPublishing;

/// <summary>
/// Trusted publishing from GitHub Actions: asks the index for its OIDC audience, asks GitHub for an OIDC token with
/// that audience, and exchanges the token at the index for a short-lived upload token. Each secret is handed to
/// <c>protectSecret</c> (mask it with the host and the log) the moment it arrives, before anything could print it.
/// Transport errors and 5xx answers are retried a few times; every mint attempt uses a fresh OIDC token, because an
/// index accepts each token once.
/// </summary>
public sealed class TrustedPublishingClient(HttpClient http, Action<string> protectSecret, TrustedPublishingOptions? options = null)
{
    private readonly TrustedPublishingOptions options = options ?? new TrustedPublishingOptions();

    /// <summary>Audience, OIDC token, mint: the whole exchange, ending with the token to upload with as <c>__token__</c>.</summary>
    /// <param name="project">The project being published, named in the advice when the index refuses (the publisher form's page).</param>
    public async Task<MintedToken> ExchangeAsync(PackageIndex index, GitHubOidcEnvironment github, CancellationToken cancellationToken = default, string? project = null)
    {
        CheckCanPublish(github, index);
        var audience = await GetAudienceAsync(index, cancellationToken);
        Log.Information("Trusted publishing to {Index}: audience {Audience}", index.Name, audience);
        return await MintWithFreshTokenAsync(index, github, audience, project, cancellationToken);
    }

    /// <summary>
    /// A fresh OIDC token from GitHub for <paramref name="audience"/>, exchanged at the index: what every mint needs, the
    /// first and each renewal. Transient failures are retried, each time with another fresh OIDC token.
    /// </summary>
    public async Task<MintedToken> MintWithFreshTokenAsync(PackageIndex index, GitHubOidcEnvironment github, string audience, string? project, CancellationToken cancellationToken = default)
    {
        try
        {
            return await RetryTransientAsync(async token =>
                {
                    var jwt = await GetOidcTokenAsync(github, audience, token);
                    var minted = await MintOnceAsync(index, jwt, audience, project, token);
                    var claims = TokenClaims.Read(jwt);
                    Log.Information("Trusted publishing to {Index}: minted an upload token for {Repository} ({Workflow}, environment {Environment}){Expiry}",
                        index.Name, claims.Repository ?? "?", claims.WorkflowFile ?? "?", claims.Environment ?? "none",
                        minted.Expires is { } e ? $", valid until {e.UtcDateTime:HH:mm:ss} UTC" : "");
                    if (claims.IsReusableWorkflow)
                        Log.Warning("{Advice}", MintRefusal.ReusableWorkflowAdvice(claims));
                    return minted;
                },
                (e, delay) => Log.Warning("Minting at {Index} failed ({Reason}); retrying in {Delay:0.0} s with a fresh OIDC token", index.Name, e.Message, delay.TotalSeconds),
                cancellationToken);
        }
        catch (TransientIndexException e)
        {
            throw new BuildException($"Minting an upload token at {index.OidcMintTokenUrl} failed {options.Attempts} times; the last time: {e.Message}. The index may be having trouble; try again later.");
        }
    }

    /// <summary>
    /// Fails with the reason when this run cannot publish through trusted publishing: a pull_request_target run (the
    /// index refuses to trust it), or a job that cannot ask GitHub for an OIDC token.
    /// </summary>
    public void CheckCanPublish(GitHubOidcEnvironment github, PackageIndex index)
    {
        if (github.EventName == TokenClaims.PullRequestTarget)
            throw new BuildException(MintRefusal.PullRequestTargetRefusal(index.Name) + " Nothing was asked of GitHub or the index.");
        CheckCanRequestToken(github);
    }

    /// <summary>Fails with the reason when the job cannot ask GitHub for an OIDC token (no id-token: write, or a fork's pull request).</summary>
    public void CheckCanRequestToken(GitHubOidcEnvironment github)
    {
        if (github.CanRequestToken)
            return;
        var missing = new[] { (GitHubOidcEnvironment.RequestUrlVariable, github.RequestUrl), (GitHubOidcEnvironment.RequestTokenVariable, github.RequestToken) }
            .Where(v => v.Item2 is null).Select(v => v.Item1).ToList();
        var what = missing.Count == 2 ? $"{missing[0]} and {missing[1]} are" : $"{missing[0]} is";
        var permission = "Trusted publishing needs an OIDC token from GitHub, and GitHub offers one only to a job that has the permission:" + Environment.NewLine +
                         "    permissions:" + Environment.NewLine +
                         "      id-token: write" + Environment.NewLine +
                         $"Here {what} not set, so this job lacks id-token: write. Add it to the publishing job (job level, next to its environment), then rerun the job.";
        throw (github.IsPullRequestFromFork()) switch
        {
            true => new BuildException(
                "This run is for a pull request from a fork, and pull requests from forks get no OIDC token, whatever the workflow's permissions say. " +
                "Trusted publishing cannot work here: publish from a workflow run on a tag push (on: push: tags: ['v*']), never from pull requests."),
            null => new BuildException(
                $"This run is for a pull request (branch {github.HeadRef}) and {what} not set. If the pull request comes from a fork: pull requests from forks get no OIDC token, " +
                "so publish on tags (on: push: tags: ['v*']), never from pull requests. Otherwise the job lacks the permission: add" + Environment.NewLine +
                "    permissions:" + Environment.NewLine +
                "      id-token: write" + Environment.NewLine +
                "to the publishing job."),
            false => new BuildException(permission),
        };
    }

    /// <summary>GET /_/oidc/audience: the audience the index expects in the OIDC token (pypi, testpypi).</summary>
    public async Task<string> GetAudienceAsync(PackageIndex index, CancellationToken cancellationToken = default)
    {
        var url = index.OidcAudienceUrl;
        try
        {
            return await RetryTransientAsync(async token =>
                {
                    using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, url), token);
                    var body = await response.Content.ReadAsStringAsync(token);
                    switch (response.StatusCode)
                    {
                        case HttpStatusCode.OK:
                            if (ReadString(body, "audience") is { Length: > 0 } audience)
                                return audience;
                            throw new BuildException($"{url} answered 200 but without an audience (expected {{\"audience\": \"pypi\"}}; got {Excerpt(body)}). Is the upload URL the one of a PyPI-compatible index?");
                        case HttpStatusCode.Forbidden:
                            throw new BuildException(
                                $"Trusted publishing is disabled on {index.Name}: {url} answered 403 Forbidden. Publish with an API token instead " +
                                $"(a repository secret given to the build as {options.ApiTokenVariable}), or ask the index's operators to turn trusted publishing on.");
                        case HttpStatusCode.NotFound:
                            throw new BuildException(
                                $"{index.Name} has no trusted publishing: {url} answered 404 Not Found. PyPI and TestPyPI offer it; this index does not, or the upload URL " +
                                $"points at the wrong host (check the upload URL parameter). To publish to an index without trusted publishing, use an API token: store it as a repository secret " +
                                $"and give it to the build as environment variable {options.ApiTokenVariable}.");
                        case var status when TransientHttp.IsTransient(status):
                            throw new TransientIndexException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}", TransientHttp.RetryAfter(response, TimeProvider.System));
                        default:
                            throw new BuildException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase} ({Excerpt(body)}); expected the index's OIDC audience. Check the upload URL.");
                    }
                },
                (e, _) => Log.Warning("Asking {Index} for its OIDC audience failed ({Reason}); retrying", index.Name, e.Message),
                cancellationToken);
        }
        catch (TransientIndexException e)
        {
            throw new BuildException($"Could not learn {index.Name}'s OIDC audience: {e.Message}, {options.Attempts} times. Check the upload URL and the network, or try again later.");
        }
    }

    /// <summary>
    /// GET $ACTIONS_ID_TOKEN_REQUEST_URL&amp;audience=AUD with the bearer request token → {"value": JWT}. The JWT is
    /// protected before this returns.
    /// </summary>
    public async Task<string> GetOidcTokenAsync(GitHubOidcEnvironment github, string audience, CancellationToken cancellationToken = default)
    {
        CheckCanRequestToken(github);
        protectSecret(github.RequestToken!);
        var separator = github.RequestUrl!.Contains('?') ? "&" : "?";
        if (!Uri.TryCreate(github.RequestUrl + separator + "audience=" + Uri.EscapeDataString(audience), UriKind.Absolute, out var url))
            throw new BuildException($"{GitHubOidcEnvironment.RequestUrlVariable} is not an absolute URL, so no OIDC token can be requested. It is set by the GitHub runner; do not set it yourself.");
        var where = $"GitHub's OIDC token endpoint ({url.Scheme}://{url.Authority})";
        try
        {
            return await RetryTransientAsync(async token =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, url);
                    request.Headers.Authorization = new AuthenticationHeaderValue("bearer", github.RequestToken);
                    request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                    using var response = await SendAsync(request, token);
                    var body = await response.Content.ReadAsStringAsync(token);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        var jwt = ReadString(body, "value");
                        if (jwt is not { Length: > 0 })
                            throw new BuildException($"{where} answered 200 without a token (no \"value\" in its JSON). Rerun the job; if it repeats, GitHub may be having trouble (https://www.githubstatus.com).");
                        protectSecret(jwt);
                        return jwt;
                    }

                    if (TransientHttp.IsTransient(response.StatusCode))
                        throw new TransientIndexException($"{where} answered {(int)response.StatusCode} {response.ReasonPhrase}", TransientHttp.RetryAfter(response, TimeProvider.System));
                    throw new BuildException(
                        $"{where} refused the request: {(int)response.StatusCode} {response.ReasonPhrase}. The request token in {GitHubOidcEnvironment.RequestTokenVariable} is valid only " +
                        "during the job that got it; rerun the job, and check that the publishing job has permissions: id-token: write.");
                },
                (e, _) => Log.Warning("Asking GitHub for an OIDC token failed ({Reason}); retrying", e.Message),
                cancellationToken);
        }
        catch (TransientIndexException e)
        {
            throw new BuildException($"Could not get an OIDC token from GitHub: {e.Message}, {options.Attempts} times. Rerun the job later.");
        }
    }

    /// <summary>
    /// POST /_/oidc/mint-token {"token": JWT}: the upload token, protected before this returns. A 422 ends in a
    /// <see cref="BuildException"/> that explains each error code and shows the token's claims.
    /// </summary>
    public async Task<MintedToken> MintAsync(PackageIndex index, string jwt, string? audience = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await MintOnceAsync(index, jwt, audience, null, cancellationToken);
        }
        catch (TransientIndexException e)
        {
            throw new BuildException($"Minting an upload token at {index.Name} failed: {e.Message}. Try again later.");
        }
    }

    private async Task<MintedToken> MintOnceAsync(PackageIndex index, string jwt, string? audience, string? project, CancellationToken cancellationToken)
    {
        protectSecret(jwt);
        var url = index.OidcMintTokenUrl;
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, string> { ["token"] = jwt }), Encoding.UTF8, "application/json"),
        };
        using var response = await SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        switch (response.StatusCode)
        {
            case HttpStatusCode.OK:
                var minted = ReadMinted(body);
                if (minted is null)
                    throw new BuildException($"{url} answered 200 without a token (expected {{\"success\": true, \"token\": \"pypi-...\"}}). Is the upload URL the one of a PyPI-compatible index?");
                protectSecret(minted.Token);
                return minted;
            case HttpStatusCode.UnprocessableEntity:
                throw new BuildException(MintRefusal.Explain(index, MintRefusal.ReadErrors(body), TokenClaims.Read(jwt), audience, options.ApiTokenVariable, project));
            case HttpStatusCode.NotFound:
                throw new BuildException($"{index.Name} has no trusted publishing: {url} answered 404 Not Found. Use an API token instead (environment variable {options.ApiTokenVariable}).");
            case HttpStatusCode.Forbidden:
                throw new BuildException($"Trusted publishing is disabled on {index.Name}: {url} answered 403 Forbidden. Use an API token instead (environment variable {options.ApiTokenVariable}).");
            case var status when TransientHttp.IsTransient(status):
                throw new TransientIndexException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}", TransientHttp.RetryAfter(response, TimeProvider.System));
            default:
                throw new BuildException($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase} to the mint request ({Excerpt(body)}).");
        }
    }

    /// <summary>The longest Retry-After waited for as asked; a longer one is cut to this (a mint is worth a minute, not an hour).</summary>
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(1);

    /// <summary>Tries <paramref name="action"/> up to <see cref="TrustedPublishingOptions.Attempts"/> times while it fails transiently.</summary>
    private async Task<T> RetryTransientAsync<T>(Func<CancellationToken, Task<T>> action, Action<TransientIndexException, TimeSpan> onRetry, CancellationToken cancellationToken)
    {
        var pipeline = options.Retry.Pipeline<T>(
            outcome => outcome.Exception is TransientIndexException,
            outcome => outcome.Exception is TransientIndexException { RetryAfter: { } wait } ? TimeSpan.FromTicks(Math.Min(wait.Ticks, MaxRetryAfter.Ticks)) : null,
            onRetry: notice => onRetry((TransientIndexException)notice.Outcome.Exception!, notice.Delay));
        return await pipeline.ExecuteAsync(async token => await action(token), cancellationToken);
    }

    /// <summary>One request within its time limit; transport errors and timeouts become <see cref="TransientIndexException"/>.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            var once = (options.Retry with { MaxAttempts = 1, AttemptTimeout = options.RequestTimeout }).Pipeline<HttpResponseMessage>(_ => false);
            try
            {
                return await once.ExecuteAsync(async token => await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token), cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw new TransientIndexException($"{request.RequestUri!.Scheme}://{request.RequestUri.Authority} could not be reached ({e.HttpRequestError}: {e.Message})");
            }
            catch (TimeoutRejectedException)
            {
                throw new TransientIndexException($"{request.RequestUri!.Scheme}://{request.RequestUri.Authority} did not answer within {options.RequestTimeout.TotalSeconds:0} s");
            }
        }
    }

    private static MintedToken? ReadMinted(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("token", out var token) || token.ValueKind != JsonValueKind.String || token.GetString() is not { Length: > 0 } text)
                return null;
            DateTimeOffset? expires = root.TryGetProperty("expires", out var e) && e.TryGetInt64(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
            return new MintedToken(text, expires);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? ReadString(string body, string property)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A short, one-line piece of an error body. Only used for bodies that carry no secret (never a mint's 200).</summary>
    internal static string Excerpt(string body)
    {
        var line = string.Join(' ', body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length == 0 ? "empty body" : line.Length > 200 ? line[..200] + "…" : line;
    }
}

/// <summary>Retries and timeouts of the exchange, and how messages name the API-token alternative.</summary>
public sealed record TrustedPublishingOptions
{
    /// <summary>The variable a user would set for an API token instead, named in messages (PYPI_TOKEN, TEST_PYPI_TOKEN).</summary>
    public string ApiTokenVariable { get; init; } = "PYPI_TOKEN";

    /// <summary>Tries per request for transport errors, 5xx and 429 answers.</summary>
    public int Attempts { get; init; } = 3;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait after failed attempt n: 1 s, 2 s, 4 s ... up to 30 s, with ±25 % jitter.</summary>
    public Backoff Backoff { get; init; } = new(TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(30), 0.25);

    internal RetryPolicy Retry => new() { MaxAttempts = Attempts, Backoff = Backoff, AttemptTimeout = null };
}

/// <summary>A failure worth another try: the index or GitHub could not be reached, or answered 5xx or 429 (with the Retry-After it sent).</summary>
internal sealed class TransientIndexException(string message, TimeSpan? retryAfter = null) : Exception(message)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
