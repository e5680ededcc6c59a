using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Polly.Timeout;
using Wheelhouse.Engine.Http;

namespace Wheelhouse.Engine.Tests.Http;

/// <summary>The one HTTP layer against a real HTTP server on loopback that answers a script of statuses.</summary>
public sealed class ResilientHandlerTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<(int Status, string? RetryAfter, TimeSpan Delay)> script = new();
    private WebApplication app = null!;
    private Uri url = null!;
    private int requests;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.Run(async context =>
        {
            Interlocked.Increment(ref requests);
            var (status, retryAfter, delay) = script.TryDequeue(out var next) ? next : (200, null, TimeSpan.Zero);
            if (delay > TimeSpan.Zero)
                await Task.Delay(delay, context.RequestAborted);
            if (retryAfter != null)
                context.Response.Headers.RetryAfter = retryAfter;
            context.Response.StatusCode = status;
            await context.Response.WriteAsync($"answer {status}");
        });
        await app.StartAsync();
        url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    private HttpClient Client(SteppingClock clock, int attempts = 4, List<RetryNotice<HttpResponseMessage>>? notices = null) =>
        HttpClients.Create(inner => new ResilientHandler(
            new RetryPolicy { MaxAttempts = attempts, Backoff = Backoff.Default with { Jitter = 0 }, AttemptTimeout = null, TimeProvider = clock },
            inner, notices is null ? null : notices.Add));

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(429)]
    public async Task A_5xx_or_429_is_retried_with_exponential_backoff_until_it_passes(int status)
    {
        script.Enqueue((status, null, TimeSpan.Zero));
        script.Enqueue((status, null, TimeSpan.Zero));
        var clock = new SteppingClock();
        using var client = Client(clock);

        using var response = await client.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        requests.Should().Be(3);
        clock.Waits.Should().Equal(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(422)]
    public async Task Another_4xx_is_never_retried(int status)
    {
        script.Enqueue((status, null, TimeSpan.Zero));
        var clock = new SteppingClock();
        using var client = Client(clock);

        using var response = await client.GetAsync(url);

        ((int)response.StatusCode).Should().Be(status);
        requests.Should().Be(1);
        clock.Waits.Should().BeEmpty();
    }

    [Fact]
    public async Task A_Retry_After_replaces_the_backoff()
    {
        script.Enqueue((503, "7", TimeSpan.Zero));
        var clock = new SteppingClock();
        var notices = new List<RetryNotice<HttpResponseMessage>>();
        using var client = Client(clock, notices: notices);

        using var response = await client.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        clock.Waits.Should().Equal(TimeSpan.FromSeconds(7));
        notices.Select(n => (n.FailedAttempt, n.Delay)).Should().Equal((1, TimeSpan.FromSeconds(7)));
    }

    [Fact]
    public async Task The_last_answer_is_returned_when_every_attempt_failed()
    {
        for (var i = 0; i < 5; i++)
            script.Enqueue((503, null, TimeSpan.Zero));
        using var client = Client(new SteppingClock(), attempts: 3);

        using var response = await client.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        requests.Should().Be(3);
    }

    [Fact]
    public async Task A_request_with_a_body_is_sent_once()
    {
        script.Enqueue((503, null, TimeSpan.Zero));
        using var client = Client(new SteppingClock());

        using var response = await client.PostAsync(url, new StringContent("x"));

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        requests.Should().Be(1);
    }

    [Fact]
    public async Task A_transport_error_is_retried_and_ends_in_the_error()
    {
        var closed = new Uri($"http://127.0.0.1:{FreePort()}/");
        var clock = new SteppingClock();
        using var client = Client(clock, attempts: 3);

        await FluentActions.Awaiting(() => client.GetAsync(closed)).Should().ThrowAsync<HttpRequestException>();
        clock.Waits.Should().HaveCount(2);
    }

    [Fact]
    public async Task Each_attempt_has_its_own_timeout()
    {
        script.Enqueue((200, null, TimeSpan.FromMinutes(5)));
        var policy = new RetryPolicy { MaxAttempts = 2, Backoff = Backoff.None, AttemptTimeout = TimeSpan.FromMilliseconds(300) };
        using var client = HttpClients.Create(inner => new ResilientHandler(policy, inner));

        // The first attempt hangs and is given up; the second is answered.
        using var response = await client.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        requests.Should().Be(2);
    }

    [Fact]
    public async Task A_timeout_on_the_last_attempt_says_so()
    {
        script.Enqueue((200, null, TimeSpan.FromMinutes(5)));
        var policy = new RetryPolicy { MaxAttempts = 1, AttemptTimeout = TimeSpan.FromMilliseconds(300) };
        using var client = HttpClients.Create(inner => new ResilientHandler(policy, inner));

        await FluentActions.Awaiting(() => client.GetAsync(url)).Should().ThrowAsync<TimeoutRejectedException>();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
