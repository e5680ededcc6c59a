using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Wheelhouse.GitHub.Tests.Releases;

/// <summary>
/// A local stand-in for the GitHub REST API endpoints Octokit calls for releases, keeping its state in memory:
/// GET /repos/{owner}/{repo}/releases/tags/{tag} (404 until published), POST /repos/{owner}/{repo}/releases,
/// PATCH /repos/{owner}/{repo}/releases/{id}, GET /repos/{owner}/{repo}/releases/{id}/assets (paginated with a
/// Link header), GET and DELETE /repos/{owner}/{repo}/releases/assets/{id} (with Accept: application/octet-stream
/// the GET redirects to the file, as GitHub does), and uploads to the release's upload_url, which points at a
/// separate /uploads path here as it points at uploads.github.com there. Every API call needs
/// "Authorization: token …" or "Bearer …"; answers are GitHub's JSON shapes (snake_case) and error bodies.
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    private static readonly DateTimeOffset Epoch = new(2026, 4, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private const string NoRoute = "no route";

    private readonly WebApplication app;
    private readonly object gate = new();
    private readonly List<FakeRelease> releases = [];
    private readonly List<string> requests = [];
    private readonly List<JsonObject> createBodies = [];
    private readonly List<JsonObject> updateBodies = [];
    private long nextReleaseId = 1000;
    private int nextAssetId = 5000;
    private int uploadAttempts;

    private FakeGitHub(WebApplication app, string owner, string repository, string token, string prefix)
    {
        this.app = app;
        Owner = owner;
        Repository = repository;
        Token = token;
        Prefix = prefix;
    }

    public string Owner { get; }
    public string Repository { get; }
    public string Token { get; }

    /// <summary>Where the API lives below the origin: "" like api.github.com, or "/api/v3" like GitHub Enterprise Server.</summary>
    public string Prefix { get; }

    public string Origin { get; private set; } = "";

    /// <summary>The base address to give Octokit.</summary>
    public string ApiUrl => $"{Origin}{Prefix}/";

    /// <summary>Whether assets carry GitHub's "digest": "sha256:…" field (github.com does since 2025; older servers do not).</summary>
    public bool ReportDigest { get; set; } = true;

    /// <summary>The largest page GET …/assets returns, whatever per_page asks (GitHub: 100). Small, so that paging is exercised.</summary>
    public int MaxPageSize { get; set; } = 2;

    /// <summary>Fail this upload attempt (1-based, counting every upload request) with 500.</summary>
    public int? FailUploadAttempt { get; set; }

    /// <summary>Answer this many of the next API reads (GET) with 503 and Retry-After: 1, as GitHub does when it is overloaded.</summary>
    public int FailReads { get; set; }

    /// <summary>Whether the failed upload leaves a half-made asset behind (state "starter"), as an interrupted upload does on GitHub.</summary>
    public bool LeaveStarterOnFailure { get; set; }

    public IReadOnlyList<string> Requests { get { lock (gate) return requests.ToList(); } }
    public IReadOnlyList<JsonObject> CreateBodies { get { lock (gate) return createBodies.ToList(); } }
    public IReadOnlyList<JsonObject> UpdateBodies { get { lock (gate) return updateBodies.ToList(); } }
    public int UploadRequests => Requests.Count(r => r.StartsWith("POST /uploads/", StringComparison.Ordinal));
    public int DeleteRequests => Requests.Count(r => r.StartsWith("DELETE ", StringComparison.Ordinal));
    public int Downloads => Requests.Count(r => r.StartsWith("GET /storage/", StringComparison.Ordinal));
    public int WriteRequests => Requests.Count(r => !r.StartsWith("GET ", StringComparison.Ordinal));

    /// <summary>Requests no endpoint here answers: Octokit calling something this stand-in does not know.</summary>
    public IReadOnlyList<string> Unanswered => Requests.Where(r => r.EndsWith(" [no route]", StringComparison.Ordinal)).ToList();

    public IReadOnlyList<FakeRelease> Releases { get { lock (gate) return releases.ToList(); } }

    public FakeRelease? Release(string tag)
    {
        lock (gate)
            return releases.SingleOrDefault(r => r.Tag == tag);
    }

    /// <summary>Puts a published release in place, as if made by hand or by an earlier run.</summary>
    public FakeRelease Seed(string tag, string? name, string? body, bool prerelease)
    {
        lock (gate)
        {
            var release = new FakeRelease(nextReleaseId++, tag) { Name = name, Body = body, Prerelease = prerelease };
            releases.Add(release);
            return release;
        }
    }

    public FakeAsset SeedAsset(FakeRelease release, string name, byte[] content, string state = "uploaded")
    {
        lock (gate)
        {
            var asset = new FakeAsset(nextAssetId++, name, "application/octet-stream", content) { State = state };
            release.Assets.Add(asset);
            return asset;
        }
    }

    public static async Task<FakeGitHub> StartAsync(string owner = "evalcheck", string repository = "evalcheck", string token = "ghs_fakeTokenForTests0123456789abcdef", string prefix = "")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var fake = new FakeGitHub(app, owner, repository, token, prefix);
        fake.Map(app);
        await app.StartAsync();
        fake.Origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private void Map(WebApplication web)
    {
        web.Use(async (context, next) =>
        {
            var line = $"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}";
            var fail = false;
            lock (gate)
            {
                if (FailReads > 0 && HttpMethods.IsGet(context.Request.Method) && context.Request.Path.StartsWithSegments(Prefix + "/repos"))
                {
                    FailReads--;
                    fail = true;
                }
            }

            if (fail)
            {
                context.Response.StatusCode = 503;
                context.Response.Headers.RetryAfter = "1";
                await context.Response.WriteAsJsonAsync(new { message = "Service Unavailable" });
                lock (gate)
                    requests.Add(line + " [503]");
                return;
            }

            await next(context);
            lock (gate)
                requests.Add(context.Items.ContainsKey(NoRoute) ? line + " [no route]" : line);
        });

        var api = web.MapGroup(Prefix + "/repos/{owner}/{repo}");
        api.MapGet("/releases/tags/{tag}", GetByTag);
        api.MapPost("/releases", CreateRelease);
        api.MapPatch("/releases/{id:long}", UpdateRelease);
        api.MapGet("/releases/{id:long}/assets", ListAssets);
        api.MapGet("/releases/assets/{assetId:int}", GetAsset);
        api.MapDelete("/releases/assets/{assetId:int}", DeleteAsset);
        web.MapPost("/uploads/repos/{owner}/{repo}/releases/{id:long}/assets", UploadAsset);
        web.MapGet("/storage/{assetId:int}/{name}", DownloadFromStorage);
        web.MapFallback(context =>
        {
            context.Items[NoRoute] = true;
            return Error(context, HttpStatusCode.NotFound, "Not Found");
        });
    }

    // Each handler: authorise, check the repository, then answer under the lock.

    private Task GetByTag(HttpContext context, string owner, string repo, string tag) => Guarded(context, owner, repo, () =>
    {
        var release = releases.SingleOrDefault(r => r.Tag == tag && !r.Draft);
        return release is null ? Error(context, HttpStatusCode.NotFound, "Not Found") : Write(context, HttpStatusCode.OK, ReleaseJson(release));
    });

    private async Task CreateRelease(HttpContext context, string owner, string repo)
    {
        var body = await ReadJsonAsync(context);
        await Guarded(context, owner, repo, () =>
        {
            if (body?["tag_name"]?.GetValue<string>() is not { Length: > 0 } tag)
                return Validation(context, "Release", "tag_name", "missing_field");
            if (releases.Any(r => r.Tag == tag))
                return Validation(context, "Release", "tag_name", "already_exists");
            createBodies.Add(body);
            var release = new FakeRelease(nextReleaseId++, tag)
            {
                Name = Text(body, "name"),
                Body = Text(body, "body"),
                Prerelease = Flag(body, "prerelease") ?? false,
                Draft = Flag(body, "draft") ?? false,
                TargetCommitish = Text(body, "target_commitish") ?? "main",
            };
            releases.Add(release);
            return Write(context, HttpStatusCode.Created, ReleaseJson(release));
        });
    }

    private async Task UpdateRelease(HttpContext context, string owner, string repo, long id)
    {
        var body = await ReadJsonAsync(context);
        await Guarded(context, owner, repo, () =>
        {
            if (releases.SingleOrDefault(r => r.Id == id) is not { } release)
                return Error(context, HttpStatusCode.NotFound, "Not Found");
            if (body is null)
                return Error(context, HttpStatusCode.BadRequest, "Problems parsing JSON");
            updateBodies.Add(body);
            release.Name = body.ContainsKey("name") ? Text(body, "name") : release.Name;
            release.Body = body.ContainsKey("body") ? Text(body, "body") : release.Body;
            release.Prerelease = Flag(body, "prerelease") ?? release.Prerelease;
            release.Draft = Flag(body, "draft") ?? release.Draft;
            return Write(context, HttpStatusCode.OK, ReleaseJson(release));
        });
    }

    private Task ListAssets(HttpContext context, string owner, string repo, long id) => Guarded(context, owner, repo, () =>
    {
        if (releases.SingleOrDefault(r => r.Id == id) is not { } release)
            return Error(context, HttpStatusCode.NotFound, "Not Found");
        var perPage = int.TryParse(context.Request.Query["per_page"], out var asked) ? Math.Clamp(asked, 1, MaxPageSize) : Math.Min(30, MaxPageSize);
        var page = int.TryParse(context.Request.Query["page"], out var p) ? Math.Max(p, 1) : 1;
        var all = release.Assets.OrderBy(a => a.Id).ToList();
        var lastPage = Math.Max(1, (all.Count + perPage - 1) / perPage);
        if (page < lastPage)
        {
            var self = $"{Origin}{context.Request.Path}";
            context.Response.Headers["Link"] = $"<{self}?per_page={perPage}&page={page + 1}>; rel=\"next\", <{self}?per_page={perPage}&page={lastPage}>; rel=\"last\"";
        }

        return Write(context, HttpStatusCode.OK, new JsonArray(all.Skip((page - 1) * perPage).Take(perPage).Select(a => (JsonNode)AssetJson(a)).ToArray()));
    });

    private Task GetAsset(HttpContext context, string owner, string repo, int assetId) => Guarded(context, owner, repo, () =>
    {
        if (FindAsset(assetId).Asset is not { } asset)
            return Error(context, HttpStatusCode.NotFound, "Not Found");
        if (context.Request.Headers.Accept.ToString().Contains("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = (int)HttpStatusCode.Found;
            context.Response.Headers.Location = $"{Origin}/storage/{asset.Id}/{Uri.EscapeDataString(asset.Name)}";
            return Task.CompletedTask;
        }

        return Write(context, HttpStatusCode.OK, AssetJson(asset));
    });

    private Task DeleteAsset(HttpContext context, string owner, string repo, int assetId) => Guarded(context, owner, repo, () =>
    {
        if (FindAsset(assetId) is not ({ } asset, { } release))
            return Error(context, HttpStatusCode.NotFound, "Not Found");
        release.Assets.Remove(asset);
        context.Response.StatusCode = (int)HttpStatusCode.NoContent;
        return Task.CompletedTask;
    });

    private async Task UploadAsset(HttpContext context, string owner, string repo, long id)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var content = buffer.ToArray();
        await Guarded(context, owner, repo, () =>
        {
            if (releases.SingleOrDefault(r => r.Id == id) is not { } release)
                return Error(context, HttpStatusCode.NotFound, "Not Found");
            var name = context.Request.Query["name"].ToString();
            if (name.Length == 0)
                return Error(context, HttpStatusCode.BadRequest, "Bad Content-Length or name");
            if (string.IsNullOrEmpty(context.Request.ContentType))
                return Error(context, HttpStatusCode.UnsupportedMediaType, "Content-Type header is required");
            if (release.Assets.Any(a => a.Name == name))
                return Validation(context, "ReleaseAsset", "name", "already_exists");

            uploadAttempts++;
            if (uploadAttempts == FailUploadAttempt)
            {
                if (LeaveStarterOnFailure)
                    release.Assets.Add(new FakeAsset(nextAssetId++, name, context.Request.ContentType!, []) { State = "starter" });
                return Error(context, HttpStatusCode.InternalServerError, "Server Error");
            }

            var label = context.Request.Query["label"].ToString();
            var asset = new FakeAsset(nextAssetId++, name, context.Request.ContentType!, content) { Label = label.Length > 0 ? label : null };
            release.Assets.Add(asset);
            return Write(context, HttpStatusCode.Created, AssetJson(asset));
        });
    }

    /// <summary>The storage the API redirects downloads to (objects.githubusercontent.com on GitHub): a signed URL there, no token needed.</summary>
    private Task DownloadFromStorage(HttpContext context, int assetId)
    {
        lock (gate)
        {
            if (FindAsset(assetId).Asset is not { State: "uploaded" } asset)
                return Error(context, HttpStatusCode.NotFound, "Not Found");
            context.Response.StatusCode = (int)HttpStatusCode.OK;
            context.Response.ContentType = "application/octet-stream";
            context.Response.ContentLength = asset.Content.Length;
            return context.Response.Body.WriteAsync(asset.Content).AsTask();
        }
    }

    private Task Guarded(HttpContext context, string owner, string repo, Func<Task> answer)
    {
        if (!Authorised(context))
            return Error(context, HttpStatusCode.Unauthorized, "Bad credentials");
        if (!string.Equals(owner, Owner, StringComparison.OrdinalIgnoreCase) || !string.Equals(repo, Repository, StringComparison.OrdinalIgnoreCase))
            return Error(context, HttpStatusCode.NotFound, "Not Found");
        lock (gate)
            return answer();
    }

    private bool Authorised(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var space = header.IndexOf(' ');
        if (space < 0)
            return false;
        var scheme = header[..space];
        return (scheme.Equals("token", StringComparison.OrdinalIgnoreCase) || scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
               && header[(space + 1)..] == Token;
    }

    private (FakeAsset? Asset, FakeRelease? Release) FindAsset(int id)
    {
        foreach (var release in releases)
        {
            if (release.Assets.SingleOrDefault(a => a.Id == id) is { } asset)
                return (asset, release);
        }

        return (null, null);
    }

    private JsonObject ReleaseJson(FakeRelease release)
    {
        var apiBase = $"{Origin}{Prefix}/repos/{Owner}/{Repository}";
        return new JsonObject
        {
            ["url"] = $"{apiBase}/releases/{release.Id}",
            ["html_url"] = $"{Origin}/{Owner}/{Repository}/releases/tag/{release.Tag}",
            ["assets_url"] = $"{apiBase}/releases/{release.Id}/assets",
            ["upload_url"] = $"{Origin}/uploads/repos/{Owner}/{Repository}/releases/{release.Id}/assets{{?name,label}}",
            ["tarball_url"] = $"{apiBase}/tarball/{release.Tag}",
            ["zipball_url"] = $"{apiBase}/zipball/{release.Tag}",
            ["id"] = release.Id,
            ["node_id"] = $"RE_{release.Id}",
            ["tag_name"] = release.Tag,
            ["target_commitish"] = release.TargetCommitish,
            ["name"] = release.Name,
            ["body"] = release.Body,
            ["draft"] = release.Draft,
            ["prerelease"] = release.Prerelease,
            ["created_at"] = Epoch.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["published_at"] = release.Draft ? null : Epoch.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["author"] = User(),
            ["assets"] = new JsonArray(release.Assets.OrderBy(a => a.Id).Select(a => (JsonNode)AssetJson(a)).ToArray()),
        };
    }

    private JsonObject AssetJson(FakeAsset asset)
    {
        var json = new JsonObject
        {
            ["url"] = $"{Origin}{Prefix}/repos/{Owner}/{Repository}/releases/assets/{asset.Id}",
            ["browser_download_url"] = $"{Origin}/{Owner}/{Repository}/releases/download/{Uri.EscapeDataString(asset.Name)}",
            ["id"] = asset.Id,
            ["node_id"] = $"RA_{asset.Id}",
            ["name"] = asset.Name,
            ["label"] = asset.Label,
            ["state"] = asset.State,
            ["content_type"] = asset.ContentType,
            ["size"] = asset.Content.Length,
            ["download_count"] = 0,
            ["created_at"] = Epoch.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["updated_at"] = Epoch.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["uploader"] = User(),
        };
        if (ReportDigest)
            json["digest"] = asset.State == "uploaded" ? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(asset.Content)) : null;
        return json;
    }

    private JsonObject User() => new()
    {
        ["login"] = "github-actions[bot]",
        ["id"] = 41898282,
        ["node_id"] = "MDM6Qm90NDE4OTgyODI=",
        ["avatar_url"] = "https://avatars.githubusercontent.com/in/15368?v=4",
        ["url"] = $"{Origin}{Prefix}/users/github-actions%5Bbot%5D",
        ["html_url"] = "https://github.com/apps/github-actions",
        ["type"] = "Bot",
        ["site_admin"] = false,
    };

    private static async Task<JsonObject?> ReadJsonAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject body, string key) => body[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool? Flag(JsonObject body, string key) => body[key] is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    private static Task Write(HttpContext context, HttpStatusCode status, JsonNode body)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString(Json));
    }

    private static Task Error(HttpContext context, HttpStatusCode status, string message) =>
        Write(context, status, new JsonObject
        {
            ["message"] = message,
            ["documentation_url"] = "https://docs.github.com/rest/releases",
            ["status"] = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    private static Task Validation(HttpContext context, string resource, string field, string code) =>
        Write(context, HttpStatusCode.UnprocessableEntity, new JsonObject
        {
            ["message"] = "Validation Failed",
            ["errors"] = new JsonArray(new JsonObject { ["resource"] = resource, ["code"] = code, ["field"] = field }),
            ["documentation_url"] = "https://docs.github.com/rest/releases/releases#create-a-release",
            ["status"] = "422",
        });
}

public sealed class FakeRelease(long id, string tag)
{
    public long Id { get; } = id;
    public string Tag { get; } = tag;
    public string? Name { get; set; }
    public string? Body { get; set; }
    public bool Prerelease { get; set; }
    public bool Draft { get; set; }
    public string? TargetCommitish { get; set; }
    public List<FakeAsset> Assets { get; } = [];
}

public sealed class FakeAsset(int id, string name, string contentType, byte[] content)
{
    public int Id { get; } = id;
    public string Name { get; } = name;
    public string ContentType { get; } = contentType;
    public byte[] Content { get; } = content;
    public string? Label { get; set; }
    public string State { get; set; } = "uploaded";
}
