using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Wheelhouse.PyPI.Tests.LocalIndex;

/// <summary>The simple API (PEP 503 HTML, PEP 691 JSON), the JSON API and the files, as pip and our uploader read them.</summary>
public sealed class ReadApiTests : IAsyncLifetime
{
    private const string PipAccept = "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";

    private readonly TestDist wheel = TestDist.Wheel("demo-pkg", "1.0");
    private readonly TestDist sdist = TestDist.Sdist("demo-pkg", "1.0");
    private readonly TestDist preview = TestDist.Wheel("demo-pkg", "2.0rc1");
    private TestIndex index = null!;
    private HttpClient client = null!;

    public async Task InitializeAsync()
    {
        index = await TestIndex.StartAsync();
        client = index.Client();
        foreach (var dist in new[] { wheel, sdist, preview })
            (await UploadApiTests.SendAsync(index, UploadRequest.For(index.Upload, dist, f => f.Set("requires_python", ">=3.10,<4")))).Status.Should().Be(HttpStatusCode.OK);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await index.DisposeAsync();
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? accept = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept != null)
            request.Headers.TryAddWithoutValidation("Accept", accept);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task The_project_page_is_PEP_503_HTML_with_sha256_fragments_and_escaped_requires_python()
    {
        using var response = await GetAsync("simple/demo-pkg/");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/html");
        var html = await response.Content.ReadAsStringAsync();
        html.Should().Contain($"<a href=\"../../files/demo-pkg/demo_pkg-1.0.tar.gz#sha256={sdist.Sha256}\" data-requires-python=\"&gt;=3.10,&lt;4\">demo_pkg-1.0.tar.gz</a>");
        html.Should().Contain($"../../files/demo-pkg/demo_pkg-1.0-py3-none-any.whl#sha256={wheel.Sha256}");
        html.Should().Contain("<meta name=\"pypi:repository-version\" content=\"1.4\">");
        html.Should().Contain("data-core-metadata=\"sha256=");
    }

    [Fact]
    public async Task The_project_page_is_PEP_691_JSON_when_Accept_prefers_it()
    {
        using var response = await GetAsync("simple/demo-pkg/", PipAccept);

        response.Content.Headers.ContentType!.ToString().Should().Be("application/vnd.pypi.simple.v1+json");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        json.GetProperty("meta").GetProperty("api-version").GetString().Should().Be("1.4");
        json.GetProperty("name").GetString().Should().Be("demo-pkg");
        json.GetProperty("versions").EnumerateArray().Select(v => v.GetString()).Should().Equal("1.0", "2.0rc1");
        var file = json.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("filename").GetString() == wheel.FileName);
        file.GetProperty("url").GetString().Should().Be(new Uri(index.Server.BaseAddress, "files/demo-pkg/demo_pkg-1.0-py3-none-any.whl").ToString());
        file.GetProperty("hashes").GetProperty("sha256").GetString().Should().Be(wheel.Sha256);
        file.GetProperty("requires-python").GetString().Should().Be(">=3.10,<4");
        file.GetProperty("yanked").GetBoolean().Should().BeFalse();
        file.GetProperty("size").GetInt64().Should().Be(wheel.Bytes.Length);
        DateTimeOffset.Parse(file.GetProperty("upload-time").GetString()!).Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        file.GetProperty("upload-time").GetString().Should().MatchRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$");
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/vnd.pypi.simple.v1+json;q=0.1, text/html")]
    public async Task HTML_is_served_when_the_client_prefers_it(string accept)
    {
        using var response = await GetAsync("simple/demo-pkg/", accept);

        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
    }

    [Theory]
    [InlineData("simple/Demo_Pkg/")]
    [InlineData("simple/demo.pkg/")]
    [InlineData("simple/demo-pkg")]
    public async Task A_name_that_is_not_normalised_is_a_301_to_the_normalised_URL(string path)
    {
        using var response = await GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.MovedPermanently);
        response.Headers.Location!.ToString().Should().Be("/simple/demo-pkg/");
    }

    [Fact]
    public async Task An_unknown_project_is_404()
    {
        using var response = await GetAsync("simple/nothing-here/");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_index_lists_projects_in_HTML_and_JSON()
    {
        using var html = await GetAsync("simple/");
        (await html.Content.ReadAsStringAsync()).Should().Contain("<a href=\"demo-pkg/\">demo-pkg</a>");

        using var json = await GetAsync("simple/", PipAccept);
        json.Content.Headers.ContentType!.ToString().Should().Be("application/vnd.pypi.simple.v1+json");
        JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement.GetProperty("projects")[0].GetProperty("name").GetString().Should().Be("demo-pkg");
    }

    [Fact]
    public async Task Files_are_served_with_their_length()
    {
        using var response = await GetAsync("files/demo-pkg/demo_pkg-1.0-py3-none-any.whl");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentLength.Should().Be(wheel.Bytes.Length);
        (await response.Content.ReadAsByteArrayAsync()).Should().Equal(wheel.Bytes);
        (await GetAsync("files/demo-pkg/demo_pkg-9.9.tar.gz")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await GetAsync("files/demo-pkg/..%2Fprojects%2Fdemo-pkg.json")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wheels_METADATA_is_served_beside_it_as_PEP_658_says()
    {
        using var response = await GetAsync("files/demo-pkg/demo_pkg-1.0-py3-none-any.whl.metadata");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().StartWith("Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.0");
    }

    [Fact]
    public async Task The_JSON_API_of_a_release_lists_its_files_with_digests()
    {
        using var response = await GetAsync("pypi/demo-pkg/1.0/json");

        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var info = json.GetProperty("info");
        info.GetProperty("name").GetString().Should().Be("demo-pkg");
        info.GetProperty("version").GetString().Should().Be("1.0");
        info.GetProperty("summary").GetString().Should().Be("A test distribution");
        info.GetProperty("requires_python").GetString().Should().Be(">=3.10,<4");
        var urls = json.GetProperty("urls").EnumerateArray().ToList();
        urls.Should().HaveCount(2);
        var wheelUrl = urls.Single(u => u.GetProperty("packagetype").GetString() == "bdist_wheel");
        wheelUrl.GetProperty("filename").GetString().Should().Be(wheel.FileName);
        wheelUrl.GetProperty("digests").GetProperty("sha256").GetString().Should().Be(wheel.Sha256);
        wheelUrl.GetProperty("digests").GetProperty("blake2b_256").GetString().Should().Be(wheel.Blake2b256);
        wheelUrl.GetProperty("size").GetInt64().Should().Be(wheel.Bytes.Length);
        wheelUrl.GetProperty("yanked").GetBoolean().Should().BeFalse();
        wheelUrl.GetProperty("upload_time_iso_8601").GetString().Should().EndWith("Z");
        wheelUrl.GetProperty("url").GetString().Should().EndWith("/files/demo-pkg/demo_pkg-1.0-py3-none-any.whl");
        urls.Single(u => u.GetProperty("packagetype").GetString() == "sdist").GetProperty("python_version").GetString().Should().Be("source");
    }

    [Fact]
    public async Task The_JSON_API_of_a_project_describes_the_latest_final_release_and_lists_every_release()
    {
        using var response = await GetAsync("pypi/Demo_Pkg/json");

        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        json.GetProperty("info").GetProperty("version").GetString().Should().Be("1.0");
        json.GetProperty("releases").EnumerateObject().Select(p => p.Name).Should().Equal("1.0", "2.0rc1");
        json.GetProperty("releases").GetProperty("2.0rc1").GetArrayLength().Should().Be(1);
    }

    [Theory]
    [InlineData("pypi/demo-pkg/1.0.0/json", HttpStatusCode.OK)]
    [InlineData("pypi/demo-pkg/3.0/json", HttpStatusCode.NotFound)]
    [InlineData("pypi/nothing/json", HttpStatusCode.NotFound)]
    public async Task The_JSON_API_finds_a_release_by_its_canonical_version(string path, HttpStatusCode status)
    {
        using var response = await GetAsync(path);

        response.StatusCode.Should().Be(status);
    }
}
