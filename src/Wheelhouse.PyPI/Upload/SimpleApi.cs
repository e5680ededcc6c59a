using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Wheelhouse.Engine.Http;

namespace Wheelhouse.PyPI.Upload;

/// <summary>A file an index lists for a project: its name, the sha256 it gives (null when it gives none), and whether it is yanked.</summary>
internal sealed record IndexedFile(string FileName, string? Sha256, bool Yanked);

/// <summary>What the simple API says of one project: which files it has (none when the project does not exist yet).</summary>
internal sealed record ProjectListing(Uri Url, bool ProjectExists, IReadOnlyDictionary<string, IndexedFile> Files);

/// <summary>The simple API could not be read. <see cref="Transient"/>: a 5xx, 429, transport error or timeout, worth retrying.</summary>
internal sealed class SimpleApiException(string message, bool transient, TimeSpan? retryAfter = null) : Exception(message)
{
    public bool Transient { get; } = transient;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Reads a project's page of the simple API: PEP 691 JSON when the index speaks it, PEP 503 HTML otherwise.
/// Asks past caches (an upload a moment ago must show). Redirects are followed by hand; credentials go only to
/// the upload URL's own origin and only after a 401, so a public index never sees them.
/// </summary>
internal sealed partial class SimpleApi(HttpClient http, TimeProvider time, TimeSpan timeout)
{
    private const string Accept = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01";
    private const int MaxRedirects = 5;
    private const int MaxPageBytes = 64 << 20;

    public async Task<ProjectListing> ListAsync(PackageIndex index, string project, IUploadCredentialSource? credentials, Uri uploadUrl, CancellationToken cancellationToken)
    {
        var url = DisplaySafeUrl.WithoutUserInfo(index.ProjectSimpleUrl(project));
        var authenticate = false;
        for (var hop = 0; ; hop++)
        {
            using var timeoutSource = new CancellationTokenSource(timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("Accept", Accept);
            request.Headers.CacheControl = new CacheControlHeaderValue { MaxAge = TimeSpan.Zero };
            request.Headers.UserAgent.ParseAdd(Uploader.UserAgent);
            if (authenticate && credentials != null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", (await credentials.CurrentAsync(cancellationToken)).BasicParameter);

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SimpleApiException($"{DisplaySafeUrl.Show(url)} did not answer within {Texts.Duration(timeout)}", transient: true);
            }
            catch (HttpRequestException e)
            {
                throw new SimpleApiException($"{DisplaySafeUrl.Show(url)} could not be read: {Texts.ExceptionText(e)}", transient: true);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
                {
                    if (hop >= MaxRedirects)
                        throw new SimpleApiException($"{DisplaySafeUrl.Show(url)} redirects more than {MaxRedirects} times", transient: false);
                    var next = DisplaySafeUrl.WithoutUserInfo(new Uri(url, location));
                    if (!DisplaySafeUrl.SameOrigin(next, url))
                        authenticate = false;
                    url = next;
                    continue;
                }

                if (status == 401 && !authenticate && credentials != null && DisplaySafeUrl.SameOrigin(url, uploadUrl))
                {
                    authenticate = true; // a private index that wants its upload credentials for reading too
                    continue;
                }

                if (status == 404)
                    return new ProjectListing(url, false, new Dictionary<string, IndexedFile>());
                if (status is 429 or >= 500)
                    throw new SimpleApiException($"{DisplaySafeUrl.Show(url)} answered {Texts.Status(response)}", transient: true, TransientHttp.RetryAfter(response, time));
                if (status is < 200 or >= 300)
                    throw new SimpleApiException($"{DisplaySafeUrl.Show(url)} answered {Texts.Status(response)}", transient: false);

                string body;
                try
                {
                    if (response.Content.Headers.ContentLength > MaxPageBytes)
                        throw new SimpleApiException($"{DisplaySafeUrl.Show(url)} is larger than {MaxPageBytes >> 20} MiB", transient: false);
                    body = await response.Content.ReadAsStringAsync(linked.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new SimpleApiException($"{DisplaySafeUrl.Show(url)} did not finish answering within {Texts.Duration(timeout)}", transient: true);
                }
                catch (HttpRequestException e)
                {
                    throw new SimpleApiException($"{DisplaySafeUrl.Show(url)} could not be read: {Texts.ExceptionText(e)}", transient: true);
                }

                var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
                var files = mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase) ? ParseJson(body, url) : ParseHtml(body, url);
                return new ProjectListing(url, true, files);
            }
        }
    }

    /// <summary>PEP 691: <c>files[]</c> with <c>filename</c>, <c>hashes.sha256</c> and <c>yanked</c> (false, true or a reason).</summary>
    internal static Dictionary<string, IndexedFile> ParseJson(string json, Uri url)
    {
        var files = new Dictionary<string, IndexedFile>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("files", out var list) || list.ValueKind != JsonValueKind.Array)
                throw new SimpleApiException($"{DisplaySafeUrl.Show(url)} answered JSON without a files list; is it a package index's simple API?", transient: false);
            foreach (var file in list.EnumerateArray())
            {
                if (!file.TryGetProperty("filename", out var nameElement) || nameElement.GetString() is not { Length: > 0 } name)
                    continue;
                string? sha256 = null;
                if (file.TryGetProperty("hashes", out var hashes) && hashes.ValueKind == JsonValueKind.Object && hashes.TryGetProperty("sha256", out var hash))
                    sha256 = hash.GetString()?.ToLowerInvariant();
                var yanked = file.TryGetProperty("yanked", out var y) && (y.ValueKind == JsonValueKind.True || y.ValueKind == JsonValueKind.String);
                files[name] = new IndexedFile(name, sha256, yanked);
            }
        }
        catch (JsonException e)
        {
            throw new SimpleApiException($"{DisplaySafeUrl.Show(url)} answered JSON that cannot be read ({e.Message})", transient: false);
        }

        return files;
    }

    /// <summary>PEP 503: one anchor per file; the file name is the last path segment of its href, the sha256 in its <c>#sha256=</c> fragment.</summary>
    internal static Dictionary<string, IndexedFile> ParseHtml(string html, Uri url)
    {
        var files = new Dictionary<string, IndexedFile>(StringComparer.Ordinal);
        foreach (Match anchor in Anchor().Matches(html))
        {
            var attributes = anchor.Groups["attributes"].Value;
            var href = HrefAttribute().Match(attributes) is { Success: true } h ? WebUtility.HtmlDecode(h.Groups["value"].Value) : null;
            if (href is null)
                continue;
            var hash = href.IndexOf('#');
            var fragment = hash >= 0 ? href[(hash + 1)..] : "";
            var path = hash >= 0 ? href[..hash] : href;
            path = path.Split('?')[0];
            var name = Uri.UnescapeDataString(path[(path.LastIndexOf('/') + 1)..]);
            if (name.Length == 0)
                name = WebUtility.HtmlDecode(Tags().Replace(anchor.Groups["text"].Value, "")).Trim();
            if (name.Length == 0)
                continue;
            var sha256 = fragment.StartsWith("sha256=", StringComparison.OrdinalIgnoreCase) ? fragment[7..].ToLowerInvariant() : null;
            files[name] = new IndexedFile(name, sha256, YankedAttribute().IsMatch(attributes));
        }

        return files;
    }

    [GeneratedRegex("""<a\b(?<attributes>[^>]*)>(?<text>.*?)</a\s*>""", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Anchor();

    [GeneratedRegex("""\bhref\s*=\s*(?:"(?<value>[^"]*)"|'(?<value>[^']*)'|(?<value>[^\s>]+))""", RegexOptions.IgnoreCase)]
    private static partial Regex HrefAttribute();

    [GeneratedRegex("""\bdata-yanked\b""", RegexOptions.IgnoreCase)]
    private static partial Regex YankedAttribute();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}
