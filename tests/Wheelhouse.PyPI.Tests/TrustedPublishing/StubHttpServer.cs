using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Wheelhouse.PyPI.Tests.TrustedPublishing;

/// <summary>A Kestrel server on 127.0.0.1 that answers every request with the test's handler, for answers the local index never gives.</summary>
internal sealed class StubHttpServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private StubHttpServer(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = null!;

    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<StubHttpServer> StartAsync(Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new StubHttpServer(app);
        app.Run(async context =>
        {
            server.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            await handler(context);
        });
        await app.StartAsync();
        server.BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return server;
    }

    /// <summary>The index as an upload URL under this server would describe it.</summary>
    public PackageIndex Index => PackageIndex.FromUploadUrl(new Uri(BaseAddress, "legacy/").ToString());

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
