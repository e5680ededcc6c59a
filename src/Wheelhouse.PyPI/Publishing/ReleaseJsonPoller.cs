using System.Net;
using System.Text.Json;
using Polly.Timeout;
using Serilog;
using Wheelhouse.Python;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Http;

namespace Wheelhouse.PyPI.Publishing;

/// <summary>A file the release must list, with the sha256 we uploaded.</summary>
public sealed record ExpectedFile(string FileName, string Sha256);

/// <summary>How long and how often to ask the JSON API.</summary>
public sealed record PollOptions
{
    /// <summary>5 minutes: PyPI's CDN can lag minutes behind an upload.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>2 s, 4 s, 8 s ... up to 30 s, each ±25 %.</summary>
    public Backoff Backoff { get; init; } = new(TimeSpan.FromSeconds(2), 2, TimeSpan.FromSeconds(30), 0.25);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public Func<double> Random { get; init; } = System.Random.Shared.NextDouble;
}

/// <summary>
/// After an upload, asks the index's JSON API (/pypi/NAME/VERSION/json) until it lists every file with the sha256 we
/// uploaded. Not found yet, not every file yet, 5xx and transport errors are waited out with backoff and jitter up to a
/// time limit; a file listed with another sha256 stops at once (that is no lag: the index has other bytes).
/// </summary>
public static class ReleaseJsonPoller
{
    public static async Task<int> WaitAsync(HttpClient http, PackageIndex index, string project, string version, IReadOnlyList<ExpectedFile> expected,
        PollOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new PollOptions();
        var url = index.ReleaseJsonUrl(project, version);
        IReadOnlyList<ExpectedFile> missing = expected;
        var result = await Polling.UntilAsync(async (_, token) =>
            {
                var listed = await ReadAsync(http, url, options.RequestTimeout, token);
                if (listed.Files is not { } files)
                    return listed.Problem!;
                var wrong = expected
                    .Where(e => files.TryGetValue(e.FileName, out var sha) && sha is not null && !string.Equals(sha, e.Sha256, StringComparison.OrdinalIgnoreCase))
                    .Select(e => $"{e.FileName} (listed with sha256 {files[e.FileName]}, ours is {e.Sha256})")
                    .ToList();
                if (wrong.Count > 0)
                    throw new BuildException(
                        $"{url} lists {string.Join(", ", wrong)}. The index holds other bytes under the same file name than the ones in dist/, and PyPI never lets a file name be reused: " +
                        "bump the version (a .postN release if only the packaging changed) and publish again.");
                missing = expected.Where(e => !files.TryGetValue(e.FileName, out var sha) || sha is null).ToList();
                return missing.Count == 0 ? null : $"it lists {files.Count} file(s), not yet {string.Join(", ", missing.Select(m => m.FileName))}";
            },
            state => state is not null, options.Backoff, options.Timeout, options.Time, options.Random,
            (_, delay, state) => Log.Information("{Url}: {State}; asking again in {Delay:0.0} s", url.ToString(), state, delay.TotalSeconds),
            cancellationToken);

        if (!result.TimedOut)
        {
            Log.Information("{Url} lists all {Count} file(s) with our sha256 ({Attempts} request(s))", url.ToString(), expected.Count, result.Attempts);
            return result.Attempts;
        }

        throw new BuildException(
            $"The upload went through, but after {result.Attempts} request(s) over {result.Elapsed.TotalSeconds:0} s (time limit {options.Timeout.TotalSeconds:0} s) {url} still does not list: " +
            $"{string.Join(", ", missing.Select(m => $"{m.FileName} (sha256 {m.Sha256})"))}. Last answer: {result.Last}. " +
            $"The index may lag behind uploads; look at {new Uri(index.ApiBase, $"project/{ProjectName.Normalise(project)}/{version}/")} in a few minutes, " +
            "then verify the install with ./build.sh VerifyInstall --verify-index-url <index simple URL> --skip.");
    }

    private sealed record Listing(IReadOnlyDictionary<string, string?>? Files, string? Problem);

    private static async Task<Listing> ReadAsync(HttpClient http, Uri url, TimeSpan requestTimeout, CancellationToken cancellationToken)
    {
        // One try per poll: the poll is the retry.
        var once = new RetryPolicy { MaxAttempts = 1, AttemptTimeout = requestTimeout }.Pipeline<Listing>(_ => false);
        try
        {
            return await once.ExecuteAsync(async token => await ReadOnceAsync(http, url, token), cancellationToken);
        }
        catch (HttpRequestException e)
        {
            return new Listing(null, $"could not be reached ({e.Message})");
        }
        catch (JsonException)
        {
            return new Listing(null, "an answer that is not JSON");
        }
        catch (TimeoutRejectedException)
        {
            return new Listing(null, $"no answer within {requestTimeout.TotalSeconds:0} s");
        }
    }

    private static async Task<Listing> ReadOnceAsync(HttpClient http, Uri url, CancellationToken token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.CacheControl = new System.Net.Http.Headers.CacheControlHeaderValue { NoCache = true };
        using var response = await http.SendAsync(request, token);
        if (response.StatusCode == HttpStatusCode.NotFound)
            return new Listing(null, "404 Not Found (the release is not visible yet)");
        if (!response.IsSuccessStatusCode)
            return new Listing(null, $"{(int)response.StatusCode} {response.ReasonPhrase}");
        var body = await response.Content.ReadAsStringAsync(token);
        using var document = JsonDocument.Parse(body);
        if (!document.RootElement.TryGetProperty("urls", out var urls) || urls.ValueKind != JsonValueKind.Array)
            return new Listing(null, "an answer without a urls list");
        var files = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var entry in urls.EnumerateArray())
        {
            if (entry.TryGetProperty("filename", out var name) && name.GetString() is { } fileName)
                files[fileName] = entry.TryGetProperty("digests", out var digests) && digests.TryGetProperty("sha256", out var sha) ? sha.GetString() : null;
        }

        return new Listing(files, null);
    }
}
