using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Http;
using Wheelhouse.PyPI.Publishing;
using Wheelhouse.PyPI.Tests.TrustedPublishing;

namespace Wheelhouse.PyPI.Tests.Publishing;

public sealed class ReleaseJsonPollerTests
{
    private static readonly ExpectedFile Sdist = new("evalcheck-0.2.0.tar.gz", new string('a', 64));
    private static readonly ExpectedFile Wheel = new("evalcheck-0.2.0-py3-none-any.whl", new string('b', 64));

    private static PollOptions Quick(TimeSpan timeout) => new()
    {
        Timeout = timeout,
        Backoff = new Backoff(TimeSpan.FromMilliseconds(50), 2, TimeSpan.FromMilliseconds(200), 0.25),
    };

    private static Task Listing(HttpContext context, params ExpectedFile[] files) =>
        context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            info = new { name = "evalcheck", version = "0.2.0" },
            urls = files.Select(f => new { filename = f.FileName, digests = new { sha256 = f.Sha256 }, size = 1 }),
        }));

    [Fact]
    public async Task Polls_past_not_found_and_partial_listings_until_every_file_is_listed_with_our_sha256()
    {
        var requests = 0;
        await using var server = await StubHttpServer.StartAsync(context =>
        {
            var n = Interlocked.Increment(ref requests);
            if (n == 1)
            {
                context.Response.StatusCode = 404;
                return Task.CompletedTask;
            }

            if (n == 2)
            {
                context.Response.StatusCode = 503;
                return Task.CompletedTask;
            }

            return n == 3 ? Listing(context, Sdist) : Listing(context, Sdist, Wheel);
        });
        using var http = new HttpClient();

        var attempts = await ReleaseJsonPoller.WaitAsync(http, server.Index, "evalcheck", "0.2.0", [Sdist, Wheel], Quick(TimeSpan.FromSeconds(20)));

        attempts.Should().Be(4);
        server.Requests.Should().AllBe("GET /pypi/evalcheck/0.2.0/json");
    }

    [Fact]
    public async Task A_release_that_never_lists_every_file_times_out_naming_the_missing_files_and_the_last_answer()
    {
        await using var server = await StubHttpServer.StartAsync(context => Listing(context, Sdist));
        using var http = new HttpClient();

        // 5 s holds some 25 polls at this backoff (50-200 ms): ample for the three asked below on a loaded machine.
        var act = () => ReleaseJsonPoller.WaitAsync(http, server.Index, "evalcheck", "0.2.0", [Sdist, Wheel], Quick(TimeSpan.FromSeconds(5)));
        var message = (await act.Should().ThrowAsync<BuildException>()).Which.Message;

        message.Should().Contain("The upload went through, but after")
            .And.Contain("(time limit 5 s)")
            .And.Contain($"still does not list: {Wheel.FileName} (sha256 {Wheel.Sha256})")
            .And.NotContain($"list: {Sdist.FileName}")
            .And.Contain("Last answer: it lists 1 file(s), not yet evalcheck-0.2.0-py3-none-any.whl")
            .And.Contain("VerifyInstall --verify-index-url");
        server.Requests.Count.Should().BeGreaterThan(2, "it asked again with backoff before giving up");
    }

    [Fact]
    public async Task A_file_listed_with_another_sha256_stops_at_once()
    {
        await using var server = await StubHttpServer.StartAsync(context => Listing(context, Sdist, Wheel with { Sha256 = new string('c', 64) }));
        using var http = new HttpClient();

        var act = () => ReleaseJsonPoller.WaitAsync(http, server.Index, "evalcheck", "0.2.0", [Sdist, Wheel], Quick(TimeSpan.FromSeconds(30)));
        var message = (await act.Should().ThrowAsync<BuildException>()).Which.Message;

        message.Should().Contain($"{Wheel.FileName} (listed with sha256 {new string('c', 64)}, ours is {Wheel.Sha256})").And.Contain("never lets a file name be reused");
        server.Requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task An_index_that_cannot_be_reached_times_out_with_the_reason()
    {
        var index = PackageIndex.FromUploadUrl("http://127.0.0.1:9/legacy/");
        using var http = new HttpClient();

        var act = () => ReleaseJsonPoller.WaitAsync(http, index, "evalcheck", "0.2.0", [Sdist], Quick(TimeSpan.FromMilliseconds(300)));
        var message = (await act.Should().ThrowAsync<BuildException>()).Which.Message;

        message.Should().Contain("Last answer: could not be reached");
    }
}
