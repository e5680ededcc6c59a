using System.Net;
using System.Security.Cryptography;
using System.Text;
using Octokit;
using Octokit.Internal;
using Wheelhouse.Engine.Http;

namespace Wheelhouse.GitHub.Releases;

/// <summary>
/// The GitHub REST calls GitHubRelease makes, through Octokit. The connection is built on the API address as given
/// (GitHubClient's own constructor would append /api/v3/ to any host but github.com, which is wrong for GHE.com and
/// for a local stand-in), so the caller passes https://api.github.com/, https://HOST/api/v3/ or https://api.SUB.ghe.com/.
/// Its requests go through the one retry pipeline (<see cref="ResilientHandler"/>): reads and deletes are retried on
/// 5xx, 429 and transport errors, honouring Retry-After; creates, edits and uploads are sent once (the run is
/// idempotent as a whole: a rerun finishes what a failed one left).
/// </summary>
internal sealed class ReleaseApi
{
    public const string ProductName = "wheelhouse";

    private readonly GitHubClient client;
    private readonly ApiConnection api;
    private readonly GitHubRepositoryName repository;

    public ReleaseApi(Uri apiUrl, string token, GitHubRepositoryName repository, RetryPolicy? retry = null)
    {
        var policy = retry ?? new RetryPolicy { AttemptTimeout = null }; // Octokit times its requests itself
        var http = new HttpClientAdapter(() => new ResilientHandler(policy, HttpMessageHandlerFactory.CreateDefault()));
        var connection = new Connection(new ProductHeaderValue(ProductName), apiUrl, new InMemoryCredentialStore(new Credentials(token)), http, new SimpleJsonSerializer());
        client = new GitHubClient(connection);
        api = new ApiConnection(connection);
        this.repository = repository;
    }

    /// <summary>The published release for the tag, or null when there is none (GET /repos/{owner}/{repo}/releases/tags/{tag}).</summary>
    public async Task<Release?> FindByTagAsync(string tag)
    {
        try
        {
            return await client.Repository.Release.Get(repository.Owner, repository.Name, tag);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    public Task<Release> CreateAsync(DesiredRelease desired) =>
        client.Repository.Release.Create(repository.Owner, repository.Name, new NewRelease(desired.Tag)
        {
            Name = desired.Name,
            Body = desired.Body,
            Prerelease = desired.Prerelease,
            Draft = false,
            TargetCommitish = desired.TargetCommitish,
        });

    public Task<Release> UpdateAsync(long id, DesiredRelease desired) =>
        client.Repository.Release.Edit(repository.Owner, repository.Name, id, new ReleaseUpdate
        {
            Name = desired.Name,
            Body = desired.Body,
            Prerelease = desired.Prerelease,
        });

    /// <summary>
    /// The release's assets, every page. Read into <see cref="ListedAsset"/> rather than Octokit's ReleaseAsset,
    /// which (in Octokit 14) has no field for the <c>digest</c> GitHub reports.
    /// </summary>
    public async Task<IReadOnlyList<RemoteAsset>> ListAssetsAsync(long releaseId)
    {
        var uri = new Uri($"repos/{repository.Owner}/{repository.Name}/releases/{releaseId}/assets", UriKind.Relative);
        var listed = await api.GetAll<ListedAsset>(uri, new ApiOptions { PageSize = 100 });
        return listed.Select(a => new RemoteAsset(a.Id, a.Name ?? "", a.Size, a.State ?? RemoteAsset.UploadedState, a.Digest, a.Url ?? "")).ToList();
    }

    /// <summary>
    /// Downloads an asset's content (GET its API URL with Accept: application/octet-stream; GitHub redirects to
    /// the file) and returns its SHA-256 in lower-case hex. The content is hashed as it streams in, never kept.
    /// </summary>
    public async Task<string> DownloadSha256Async(RemoteAsset asset, CancellationToken cancellationToken)
    {
        var response = await client.Connection.Get<object>(
            new Uri(asset.Url), new Dictionary<string, string>(), "application/octet-stream", cancellationToken, HashStream);
        return response.HttpResponse.Body switch
        {
            ContentHash hash => hash.Sha256,
            string text when !IsJson(response.HttpResponse.ContentType) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))),
            _ => throw new InvalidOperationException(
                $"asking for the content of {asset.Name} got {response.HttpResponse.ContentType ?? "no content type"} instead of the file"),
        };
    }

    public async Task<ReleaseAsset> UploadAsync(Release release, LocalAsset asset, CancellationToken cancellationToken)
    {
        await using var content = asset.OpenRead();
        return await client.Repository.Release.UploadAsset(release, new ReleaseAssetUpload(asset.Name, asset.ContentType, content, null), cancellationToken);
    }

    public Task DeleteAssetAsync(RemoteAsset asset) =>
        client.Repository.Release.DeleteAsset(repository.Owner, repository.Name, asset.Id);

    /// <summary>What went wrong in a call, for a user: the status, GitHub's message and what usually causes it. Never the token.</summary>
    public static string Describe(Exception exception, GitHubRepositoryName repository, Uri apiUrl) => exception switch
    {
        AuthorizationException e =>
            $"GitHub refused the token ({Status(e)}: {e.Message}); it is wrong, expired or revoked. Set GitHubToken to a valid token (GITHUB_TOKEN inside GitHub Actions)",
        ForbiddenException e =>
            $"GitHub answered {Status(e)}: {e.Message}. The token may not write releases of {repository}: it needs the contents: write permission (in a workflow job: permissions: contents: write)",
        NotFoundException e =>
            $"GitHub answered {Status(e)}: {e.Message}. Either {repository} does not exist at {apiUrl}, or the token cannot see it",
        ApiValidationException e =>
            $"GitHub answered {Status(e)}: {e.Message}{ValidationErrors(e)}",
        ApiException e =>
            $"GitHub answered {Status(e)}: {(string.IsNullOrWhiteSpace(e.Message) ? "no message" : e.Message)}",
        HttpRequestException e => $"{apiUrl} could not be reached ({e.Message})",
        TaskCanceledException or TimeoutException => $"{apiUrl} did not answer in time",
        _ => exception.Message,
    };

    private static string Status(ApiException e) => $"{(int)e.StatusCode} {StatusText(e.StatusCode)}";

    private static string StatusText(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized => "Unauthorized",
        HttpStatusCode.Forbidden => "Forbidden",
        HttpStatusCode.NotFound => "Not Found",
        HttpStatusCode.UnprocessableEntity => "Unprocessable Entity",
        HttpStatusCode.InternalServerError => "Internal Server Error",
        HttpStatusCode.BadGateway => "Bad Gateway",
        HttpStatusCode.ServiceUnavailable => "Service Unavailable",
        _ => status.ToString(),
    };

    private static string ValidationErrors(ApiValidationException e)
    {
        var errors = e.ApiError?.Errors?.Select(x => string.Join(" ", new[] { x.Resource, x.Field, x.Code, x.Message }.Where(p => !string.IsNullOrEmpty(p)))).ToList();
        return errors is { Count: > 0 } ? $" ({string.Join("; ", errors)})" : "";
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>Octokit hands binary bodies over as a stream; hash it there and pass the hash on instead.</summary>
    private static object HashStream(object body)
    {
        if (body is not Stream stream)
            return body;
        using (stream)
            return new ContentHash(Convert.ToHexStringLower(SHA256.HashData(stream)));
    }

    private sealed record ContentHash(string Sha256);

    /// <summary>An entry of GET /repos/{owner}/{repo}/releases/{id}/assets, as Octokit's JSON reader fills it (snake_case names).</summary>
    private sealed class ListedAsset
    {
        public int Id { get; set; }
        public string? Name { get; set; }
        public string? State { get; set; }
        public long Size { get; set; }
        public string? Digest { get; set; }
        public string? Url { get; set; }
    }
}
