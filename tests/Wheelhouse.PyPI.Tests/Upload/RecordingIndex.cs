using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Wheelhouse.PyPI;
using Wheelhouse.Python;

namespace Wheelhouse.PyPI.Tests.Upload;

/// <summary>One request the recording index received.</summary>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string? Authorization,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Fields,
    string? FileName,
    string? FileContentType,
    string? Sha256,
    long FileSize,
    int Status)
{
    public IReadOnlyList<string> Values(string field) => Fields.TryGetValue(field, out var values) ? values : [];
}

/// <summary>
/// A tiny package index for the uploader's tests (Kestrel on 127.0.0.1): <c>POST /legacy/</c> reads the multipart
/// body as a stream (the file is hashed, never kept), records every field, and answers as PyPI does (200 for a new
/// or identical file, 400 "File already exists" for a taken name); <c>GET /simple/&lt;project&gt;/</c> answers
/// PEP 691 JSON or 404. <see cref="NextUpload"/> replaces the answer to the next upload requests (faults, redirects).
/// </summary>
public sealed class RecordingIndex : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, (string Project, string Sha256)> files = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly ConcurrentQueue<Func<HttpContext, Task>> nextUploads = new();
    private readonly ConcurrentQueue<Func<HttpContext, Task>> nextSimple = new();
    private readonly ConcurrentQueue<(int Status, TimeSpan Delay)> afterStoring = new();
    private readonly ConcurrentDictionary<int, Func<HttpContext, Task>> numberedUploads = new();
    private int uploadRequests;

    private RecordingIndex(WebApplication app)
    {
        this.app = app;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public PackageIndex Index => new("recording index", new Uri(BaseAddress, "legacy/"), new Uri(BaseAddress, "simple/"), BaseAddress);

    public IReadOnlyList<RecordedRequest> Requests => requests.ToList();

    public IReadOnlyList<RecordedRequest> Uploads => requests.Where(r => r.Method == "POST").ToList();

    public IReadOnlyList<RecordedRequest> SimpleRequests => requests.Where(r => r.Path.StartsWith("/simple/", StringComparison.Ordinal)).ToList();

    /// <summary>The files the index holds: name → sha256.</summary>
    public IReadOnlyDictionary<string, string> Files => files.ToDictionary(f => f.Key, f => f.Value.Sha256);

    /// <summary>Answers the next upload request with <paramref name="answer"/> instead of storing it (the body is not read unless the answer reads it).</summary>
    public void NextUpload(Func<HttpContext, Task> answer) => nextUploads.Enqueue(answer);

    public void NextUploads(int count, Func<HttpContext, Task> answer)
    {
        for (var i = 0; i < count; i++)
            nextUploads.Enqueue(answer);
    }

    /// <summary>Answers upload request number <paramref name="number"/> (1 for the first) with <paramref name="answer"/>; the others are handled as usual.</summary>
    public void AnswerUpload(int number, Func<HttpContext, Task> answer) => numberedUploads[number] = answer;

    /// <summary>Answers the next simple API request with <paramref name="answer"/>.</summary>
    public void NextSimple(int count, Func<HttpContext, Task> answer)
    {
        for (var i = 0; i < count; i++)
            nextSimple.Enqueue(answer);
    }

    /// <summary>The next upload is stored as usual, then answered with <paramref name="status"/> after <paramref name="delay"/> (a lost answer).</summary>
    public void NextUploadStoredThen(int status, TimeSpan delay = default) => afterStoring.Enqueue((status, delay));

    /// <summary>Puts a file on the index as if it had been uploaded earlier.</summary>
    public void Seed(string project, string fileName, string sha256) => files[fileName] = (DistributionNamesForTests.Normalise(project), sha256);

    public static async Task<RecordingIndex> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var index = new RecordingIndex(app);
        app.Run(index.HandleAsync);
        await app.StartAsync();
        var address = app.Urls.First();
        index.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return index;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (context.Request.Method == "GET" && path.StartsWith("/simple/", StringComparison.Ordinal))
        {
            requests.Enqueue(new RecordedRequest("GET", path, context.Request.Headers.Authorization.FirstOrDefault(), new Dictionary<string, IReadOnlyList<string>>(), null, null, null, 0, 0));
            if (nextSimple.TryDequeue(out var simpleAnswer))
                await simpleAnswer(context);
            else
                await SimpleAsync(context, path["/simple/".Length..].Trim('/'));
            return;
        }

        if (context.Request.Method == "POST")
        {
            var number = Interlocked.Increment(ref uploadRequests);
            if (numberedUploads.TryRemove(number, out var numbered) || nextUploads.TryDequeue(out numbered))
            {
                await numbered(context);
                requests.Enqueue(new RecordedRequest("POST", path, context.Request.Headers.Authorization.FirstOrDefault(), new Dictionary<string, IReadOnlyList<string>>(), null, null, null, 0, context.Response.StatusCode));
                return;
            }

            if (nextUploads.TryDequeue(out var answer))
            {
                await answer(context);
                requests.Enqueue(new RecordedRequest("POST", path, context.Request.Headers.Authorization.FirstOrDefault(), new Dictionary<string, IReadOnlyList<string>>(), null, null, null, 0, context.Response.StatusCode));
                return;
            }

            await UploadAsync(context, path);
            return;
        }

        context.Response.StatusCode = 404;
    }

    private async Task SimpleAsync(HttpContext context, string project)
    {
        var listed = files.Where(f => f.Value.Project == project).OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
        if (listed.Count == 0)
        {
            context.Response.StatusCode = 404;
            return;
        }

        context.Response.ContentType = "application/vnd.pypi.simple.v1+json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            meta = new Dictionary<string, string> { ["api-version"] = "1.0" },
            name = project,
            files = listed.Select(f => new { filename = f.Key, url = $"../../files/{f.Key}", hashes = new { sha256 = f.Value.Sha256 } }),
        }));
    }

    private async Task UploadAsync(HttpContext context, string path)
    {
        var fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        string? fileName = null, fileType = null, sha256 = null;
        long size = 0;
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(context.Request.ContentType).Boundary).Value!;
        var reader = new MultipartReader(boundary, context.Request.Body) { HeadersLengthLimit = 1 << 20 };
        var buffer = new byte[1 << 16];
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            var disposition = ContentDispositionHeaderValue.Parse(section.ContentDisposition);
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value!;
            if (disposition.FileName.HasValue)
            {
                fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
                fileType = section.ContentType;
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                int read;
                while ((read = await section.Body.ReadAsync(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    size += read;
                }

                sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
                continue;
            }

            using var text = new StreamReader(section.Body, Encoding.UTF8);
            var value = await text.ReadToEndAsync();
            if (!fields.TryGetValue(name, out var values))
                fields[name] = values = [];
            values.Add(value);
        }

        int status;
        string reason;
        var project = DistributionNamesForTests.Normalise(fields.GetValueOrDefault("name")?.FirstOrDefault() ?? "");
        if (fileName is null || sha256 is null)
        {
            (status, reason) = (400, "Upload payload does not have a file.");
        }
        else if (files.TryGetValue(fileName, out var existing))
        {
            (status, reason) = existing.Sha256 == sha256 ? (200, "OK") : (400, $"File already exists ('{fileName}', with blake2_256 hash 'abc'). See https://pypi.org/help/#file-name-reuse for more information.");
        }
        else
        {
            files[fileName] = (project, sha256);
            (status, reason) = (200, "OK");
        }

        if (afterStoring.TryDequeue(out var after))
        {
            await Task.Delay(after.Delay, context.RequestAborted).ContinueWith(_ => { });
            (status, reason) = (after.Status, "Answer lost on purpose");
        }

        requests.Enqueue(new RecordedRequest("POST", path, context.Request.Headers.Authorization.FirstOrDefault(),
            fields.ToDictionary(f => f.Key, f => (IReadOnlyList<string>)f.Value), fileName, fileType, sha256, size, status));
        context.Response.StatusCode = status;
        context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = reason;
        if (status != 200)
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync($"<html>\n <head>\n  <title>{status} {WebUtility.HtmlEncode(reason)}</title>\n </head>\n <body>\n  <h1>{status} {WebUtility.HtmlEncode(reason)}</h1>\n  The server could not comply with the request since it is either malformed or otherwise incorrect.<br/><br/>\n{WebUtility.HtmlEncode(reason)}\n\n\n </body>\n</html>");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

internal static class DistributionNamesForTests
{
    public static string Normalise(string name) => Wheelhouse.Python.ProjectName.Normalise(name);
}
