using System.Net;
using System.Text.Json;

namespace Wheelhouse.PyPI.Tests.LocalIndex;

/// <summary>The upload API's checks, answered as warehouse answers them (status, reason phrase, HTML body).</summary>
public sealed class UploadApiTests
{
    private static async Task<(HttpStatusCode Status, string Reason, string Body)> SendAsync(TestIndex index, HttpRequestMessage request)
    {
        using var client = index.Client();
        using var response = await client.SendAsync(request);
        return (response.StatusCode, response.ReasonPhrase ?? "", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wheel_and_its_sdist_are_stored()
    {
        await using var index = await TestIndex.StartAsync();

        var wheel = await SendAsync(index, UploadRequest.For(index.Upload, TestDist.Wheel("demo-pkg", "1.0")));
        var sdist = await SendAsync(index, UploadRequest.For(index.Upload, TestDist.Sdist("demo-pkg", "1.0")));

        wheel.Status.Should().Be(HttpStatusCode.OK, wheel.Reason);
        sdist.Status.Should().Be(HttpStatusCode.OK, sdist.Reason);
        index.Server.Uploads.Should().HaveCount(2).And.OnlyContain(u => u.Stored);
        File.Exists(Path.Combine(index.Directory, "files", "demo-pkg", "demo_pkg-1.0-py3-none-any.whl")).Should().BeTrue();
        File.Exists(Path.Combine(index.Directory, "files", "demo-pkg", "demo_pkg-1.0.tar.gz")).Should().BeTrue();
        JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(index.Directory, "projects", "demo-pkg.json"))).RootElement
            .GetProperty("files").GetArrayLength().Should().Be(2);
    }
}
