using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Wheelhouse.Python;
using Wheelhouse.Python.Inspection;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.PyPI.LocalIndex;

/// <summary>
/// What pip and the JSON API read: the simple API (PEP 503 HTML, PEP 691 JSON chosen by <c>Accept</c>, PEP 700
/// fields, PEP 658 metadata, PEP 740 provenance URLs; API version 1.4, whose other additions, PEP 708's tracks and
/// PEP 792's project status, are optional and left out), <c>/pypi/&lt;name&gt;[/&lt;version&gt;]/json</c>, the files,
/// and PyPI's integrity API (<c>/integrity/&lt;project&gt;/&lt;version&gt;/&lt;file&gt;/provenance</c>).
/// </summary>
internal sealed class ReadApi(IndexStore store, Func<Uri> baseAddress)
{
    public const string SimpleJson = "application/vnd.pypi.simple.v1+json";
    public const string SimpleHtml = "application/vnd.pypi.simple.v1+html";
    public const string IntegrityJson = "application/vnd.pypi.integrity.v1+json";
    private const string ApiVersion = "1.4";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = false };

    public async Task SimpleIndexAsync(HttpContext context)
    {
        var projects = store.Projects;
        var serial = Serial();
        context.Response.Headers["X-PyPI-Last-Serial"] = serial.ToString(CultureInfo.InvariantCulture);
        if (Negotiate(context.Request) is var type && type == SimpleJson)
        {
            var json = new JsonObject
            {
                ["meta"] = Meta(serial),
                ["projects"] = new JsonArray(projects.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["_last-serial"] = p.Files.Count }).ToArray()),
            };
            await WriteAsync(context, SimpleJson, json.ToJsonString(Indented));
            return;
        }

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"").Append(ApiVersion)
            .Append("\">\n    <title>Simple index</title>\n  </head>\n  <body>\n");
        foreach (var project in projects)
            html.Append("    <a href=\"").Append(project.NormalizedName).Append("/\">").Append(WebUtility.HtmlEncode(project.Name)).Append("</a>\n");
        html.Append("  </body>\n</html>\n");
        await WriteAsync(context, type, html.ToString());
    }

    public async Task SimpleProjectAsync(HttpContext context, string name)
    {
        var normalized = ProjectName.Normalise(name);
        if (name != normalized || !(context.Request.Path.Value ?? "").EndsWith('/'))
        {
            // PyPI answers a name that is not normalised (or lacks the slash) with a permanent redirect to the normalised URL.
            context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            context.Response.Headers.Location = $"{context.Request.PathBase}/simple/{normalized}/{context.Request.QueryString}";
            return;
        }

        if (store.Find(normalized) is not { } project)
        {
            await Responses.WriteStatusAsync(context, 404, "Not Found");
            return;
        }

        var serial = Serial();
        context.Response.Headers["X-PyPI-Last-Serial"] = serial.ToString(CultureInfo.InvariantCulture);
        var files = project.Files.OrderBy(f => f.Filename, StringComparer.Ordinal).ToList();
        if (Negotiate(context.Request) is var type && type == SimpleJson)
        {
            var json = new JsonObject
            {
                ["meta"] = Meta(serial),
                ["name"] = project.NormalizedName,
                ["files"] = new JsonArray(files.Select(f => (JsonNode)SimpleFile(project, f)).ToArray()),
                ["versions"] = new JsonArray(Versions(project).Select(v => (JsonNode)JsonValue.Create(v)!).ToArray()),
            };
            await WriteAsync(context, SimpleJson, json.ToJsonString(Indented));
            return;
        }

        var html = new StringBuilder();
        var title = WebUtility.HtmlEncode($"Links for {project.NormalizedName}");
        html.Append("<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"").Append(ApiVersion)
            .Append("\">\n    <title>").Append(title).Append("</title>\n  </head>\n  <body>\n    <h1>").Append(title).Append("</h1>\n");
        foreach (var file in files)
        {
            html.Append("    <a href=\"../../files/").Append(project.NormalizedName).Append('/').Append(Uri.EscapeDataString(file.Filename))
                .Append("#sha256=").Append(file.Sha256).Append('"');
            if (file.RequiresPython != null)
                html.Append(" data-requires-python=\"").Append(WebUtility.HtmlEncode(file.RequiresPython)).Append('"');
            if (file.MetadataSha256 != null)
                html.Append(" data-dist-info-metadata=\"sha256=").Append(file.MetadataSha256).Append("\" data-core-metadata=\"sha256=").Append(file.MetadataSha256).Append('"');
            if (file.Provenance != null)
                html.Append(" data-provenance=\"").Append(WebUtility.HtmlEncode(ProvenanceUrl(project, file))).Append('"');
            html.Append('>').Append(WebUtility.HtmlEncode(file.Filename)).Append("</a><br />\n");
        }

        html.Append("  </body>\n</html>\n");
        await WriteAsync(context, type, html.ToString());
    }

    /// <summary><c>/pypi/&lt;name&gt;/json</c> (version null: the latest release) and <c>/pypi/&lt;name&gt;/&lt;version&gt;/json</c>.</summary>
    public async Task JsonApiAsync(HttpContext context, string name, string? version)
    {
        if (store.Find(ProjectName.Normalise(name)) is not { } project)
        {
            await Responses.WriteStatusAsync(context, 404, "Not Found");
            return;
        }

        var releases = project.Files.GroupBy(f => f.Version).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        string? chosen;
        if (version == null)
            chosen = Latest(releases.Keys);
        else
            chosen = releases.ContainsKey(version) ? version
                : Pep440Version.TryParse(version, out var wanted) ? releases.Keys.FirstOrDefault(v => Pep440Version.TryParse(v, out var have) && have == wanted) : null;
        if (chosen == null)
        {
            await Responses.WriteStatusAsync(context, 404, "Not Found");
            return;
        }

        var files = releases[chosen];
        var json = new JsonObject
        {
            ["info"] = Info(project, chosen, files),
            ["last_serial"] = Serial(),
            ["urls"] = new JsonArray(files.Select(f => (JsonNode)JsonFile(project, f)).ToArray()),
            ["vulnerabilities"] = new JsonArray(),
        };
        if (version == null)
        {
            var all = new JsonObject();
            foreach (var v in Versions(project))
                all[v] = new JsonArray(releases[v].Select(f => (JsonNode)JsonFile(project, f)).ToArray());
            json["releases"] = all;
        }

        context.Response.Headers["X-PyPI-Last-Serial"] = Serial().ToString(CultureInfo.InvariantCulture);
        await WriteAsync(context, "application/json", json.ToJsonString(Indented));
    }

    /// <summary><c>/files/&lt;project&gt;/&lt;filename&gt;</c>, and <c>&lt;filename&gt;.metadata</c> for a wheel's METADATA.</summary>
    public IResult File(string project, string filename)
    {
        if (store.Find(project) is not { } stored)
            return Results.NotFound();
        var file = stored.Files.FirstOrDefault(f => f.Filename == filename);
        if (file != null)
            return Results.File(store.FilePath(stored.NormalizedName, file.Filename), "application/octet-stream", enableRangeProcessing: true);
        if (filename.EndsWith(".metadata", StringComparison.Ordinal)
            && stored.Files.FirstOrDefault(f => f.Filename == filename[..^".metadata".Length] && f.MetadataSha256 != null) is { } wheel)
            return Results.File(store.MetadataPath(stored.NormalizedName, wheel.Filename), "application/octet-stream");
        return Results.NotFound();
    }

    /// <summary>
    /// <c>/integrity/&lt;project&gt;/&lt;version&gt;/&lt;file&gt;/provenance</c>: the file's PEP 740 provenance object
    /// (<c>application/vnd.pypi.integrity.v1+json</c>); 404 with warehouse's message when the file has none.
    /// </summary>
    public async Task ProvenanceAsync(HttpContext context, string name, string version, string filename)
    {
        var project = store.Find(ProjectName.Normalise(name));
        var file = project?.Files.FirstOrDefault(f => f.Filename == filename
                                                     && (f.Version == version || (Pep440Version.TryParse(version, out var wanted) && Pep440Version.TryParse(f.Version, out var have) && have == wanted)));
        if (file == null)
        {
            await Responses.WriteStatusAsync(context, 404, "Not Found");
            return;
        }

        if (file.Provenance == null)
        {
            context.Response.StatusCode = 404;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonObject { ["message"] = $"No provenance available for {file.Filename}" }.ToJsonString(), context.RequestAborted);
            return;
        }

        await WriteAsync(context, IntegrityJson, file.Provenance);
    }

    /// <summary>PEP 691 content negotiation: the acceptable type with the highest quality; HTML when nothing is said.</summary>
    internal static string Negotiate(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted) || accepted.Count == 0)
            return "text/html";
        string? best = null;
        var bestQuality = 0.0;
        foreach (var media in accepted)
        {
            var type = media.MediaType.Value?.ToLowerInvariant() switch
            {
                SimpleJson or "application/vnd.pypi.simple.latest+json" => SimpleJson,
                SimpleHtml or "application/vnd.pypi.simple.latest+html" => SimpleHtml,
                "text/html" or "text/*" or "*/*" => "text/html",
                _ => null,
            };
            var quality = media.Quality ?? 1.0;
            if (type != null && quality > bestQuality)
                (best, bestQuality) = (type, quality);
        }

        return best ?? "text/html";
    }

    private JsonObject SimpleFile(StoredProject project, StoredFile file)
    {
        var json = new JsonObject
        {
            ["filename"] = file.Filename,
            ["url"] = FileUrl(project, file),
            ["hashes"] = new JsonObject { ["sha256"] = file.Sha256 },
            ["requires-python"] = file.RequiresPython,
            ["size"] = file.Size,
            ["upload-time"] = Iso8601(file.UploadTime),
            ["yanked"] = false,
            ["provenance"] = file.Provenance != null ? ProvenanceUrl(project, file) : null,
        };
        if (file.MetadataSha256 != null)
        {
            json["core-metadata"] = new JsonObject { ["sha256"] = file.MetadataSha256 };
            json["data-dist-info-metadata"] = new JsonObject { ["sha256"] = file.MetadataSha256 };
        }
        else
        {
            json["core-metadata"] = false;
            json["data-dist-info-metadata"] = false;
        }

        return json;
    }

    private JsonObject JsonFile(StoredProject project, StoredFile file) => new()
    {
        ["comment_text"] = "",
        ["digests"] = new JsonObject { ["blake2b_256"] = file.Blake2b256, ["md5"] = file.Md5, ["sha256"] = file.Sha256 },
        ["downloads"] = -1,
        ["filename"] = file.Filename,
        ["has_sig"] = false,
        ["md5_digest"] = file.Md5,
        ["packagetype"] = file.PackageType,
        ["python_version"] = file.PythonVersion,
        ["requires_python"] = file.RequiresPython,
        ["size"] = file.Size,
        ["upload_time"] = file.UploadTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        ["upload_time_iso_8601"] = Iso8601(file.UploadTime),
        ["url"] = FileUrl(project, file),
        ["yanked"] = false,
        ["yanked_reason"] = null,
    };

    private JsonObject Info(StoredProject project, string version, IReadOnlyList<StoredFile> files)
    {
        var metadata = files[0].Metadata;
        string? One(string field) => metadata.TryGetValue(field, out var values) ? values[0] : null;
        JsonArray Many(string field) => new((metadata.TryGetValue(field, out var values) ? values : []).Select(v => (JsonNode)JsonValue.Create(v)!).ToArray());
        var projectUrls = new JsonObject();
        foreach (var entry in metadata.TryGetValue("project_urls", out var urls) ? urls : [])
        {
            var comma = entry.IndexOf(',');
            if (comma > 0)
                projectUrls[entry[..comma].Trim()] = entry[(comma + 1)..].Trim();
        }

        var apiBase = baseAddress();
        return new JsonObject
        {
            ["author"] = One("author"),
            ["author_email"] = One("author_email"),
            ["bugtrack_url"] = null,
            ["classifiers"] = Many("classifiers"),
            ["description"] = One("description"),
            ["description_content_type"] = One("description_content_type"),
            ["docs_url"] = null,
            ["download_url"] = One("download_url"),
            ["downloads"] = new JsonObject { ["last_day"] = -1, ["last_month"] = -1, ["last_week"] = -1 },
            ["dynamic"] = Many("dynamic"),
            ["home_page"] = One("home_page"),
            ["keywords"] = One("keywords"),
            ["license"] = One("license"),
            ["license_expression"] = One("license_expression"),
            ["license_files"] = Many("license_file"),
            ["maintainer"] = One("maintainer"),
            ["maintainer_email"] = One("maintainer_email"),
            ["name"] = project.Name,
            ["package_url"] = new Uri(apiBase, $"project/{project.NormalizedName}/").ToString(),
            ["platform"] = One("platform"),
            ["project_url"] = new Uri(apiBase, $"project/{project.NormalizedName}/").ToString(),
            ["project_urls"] = projectUrls.Count > 0 ? projectUrls : null,
            ["provides_extra"] = Many("provides_extra"),
            ["release_url"] = new Uri(apiBase, $"project/{project.NormalizedName}/{version}/").ToString(),
            ["requires_dist"] = metadata.ContainsKey("requires_dist") ? Many("requires_dist") : null,
            ["requires_python"] = One("requires_python") ?? "",
            ["summary"] = One("summary"),
            ["version"] = version,
            ["yanked"] = false,
            ["yanked_reason"] = null,
        };
    }

    private string ProvenanceUrl(StoredProject project, StoredFile file) =>
        new Uri(baseAddress(), $"integrity/{project.NormalizedName}/{Uri.EscapeDataString(file.Version)}/{Uri.EscapeDataString(file.Filename)}/provenance").ToString();

    private string FileUrl(StoredProject project, StoredFile file) =>
        new Uri(baseAddress(), $"files/{project.NormalizedName}/{Uri.EscapeDataString(file.Filename)}").ToString();

    private int Serial() => store.Projects.Sum(p => p.Files.Count);

    private static JsonObject Meta(int serial) => new() { ["api-version"] = ApiVersion, ["_last-serial"] = serial };

    private static string Iso8601(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static IEnumerable<string> Versions(StoredProject project) =>
        project.Files.Select(f => f.Version).Distinct(StringComparer.Ordinal)
            .OrderBy(v => Pep440Version.TryParse(v, out var parsed) ? parsed : null, Comparer<Pep440Version?>.Create((a, b) => a is null ? (b is null ? 0 : -1) : a.CompareTo(b)));

    /// <summary>The highest final release, else the highest pre-release (as PyPI picks the version of /pypi/&lt;name&gt;/json).</summary>
    private static string? Latest(IEnumerable<string> versions)
    {
        var parsed = versions.Select(v => (Text: v, Version: Pep440Version.TryParse(v, out var p) ? p : null)).Where(v => v.Version != null).ToList();
        var finals = parsed.Where(v => !v.Version!.IsPreRelease).ToList();
        return (finals.Count > 0 ? finals : parsed).OrderByDescending(v => v.Version).Select(v => v.Text).FirstOrDefault();
    }

    private static async Task WriteAsync(HttpContext context, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = 200;
        context.Response.ContentType = contentType;
        context.Response.Headers.Vary = "Accept";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
