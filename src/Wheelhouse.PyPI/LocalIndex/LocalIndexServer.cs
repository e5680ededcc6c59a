using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Wheelhouse.PyPI.LocalIndex.Faults;

namespace Wheelhouse.PyPI.LocalIndex;

/// <summary>
/// A PyPI-compatible package index on 127.0.0.1, served by Kestrel: the upload API (<c>/legacy/</c>), the simple
/// API (<c>/simple/</c>), the JSON API (<c>/pypi/…/json</c>), the files (<c>/files/…</c>), the integrity API
/// (<c>/integrity/…/provenance</c>) and the trusted-publishing endpoints (<c>/_/oidc/…</c>), with a <see cref="FaultPlan"/> for tests. Files live in
/// <see cref="LocalIndexOptions.StorageDirectory"/>; a server started again on the same folder serves them again.
/// </summary>
public sealed class LocalIndexServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly UploadEndpoint upload;
    private int stopped;

    private LocalIndexServer(WebApplication app, UploadEndpoint upload, FaultPlan faults, Uri baseAddress)
    {
        this.app = app;
        this.upload = upload;
        Faults = faults;
        BaseAddress = baseAddress;
        Index = PackageIndex.FromUploadUrl(new Uri(baseAddress, "legacy/").ToString());
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The index's URLs: upload <c>legacy/</c>, simple <c>simple/</c>, JSON API and OIDC under <see cref="BaseAddress"/>.</summary>
    public PackageIndex Index { get; }

    public FaultPlan Faults { get; }

    /// <summary>Every request the upload API received, in order.</summary>
    public IReadOnlyList<RecordedUpload> Uploads => upload.Uploads;

    public static async Task<LocalIndexServer> StartAsync(LocalIndexOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.StorageDirectory))
            throw new ArgumentException("The local index needs a storage directory.", nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxFileSize);

        var time = options.Time;
        var store = new IndexStore(options.StorageDirectory);
        var faults = new FaultPlan();
        var credentials = new Credentials(options.ApiTokens, time);
        var upload = new UploadEndpoint(store, credentials, options, faults, time);
        Uri? baseAddress = null;
        var read = new ReadApi(store, () => baseAddress!);
        var oidc = new OidcEndpoints(options, credentials, time);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            EnvironmentName = Environments.Production,
            ContentRootPath = store.Root,
            ApplicationName = typeof(LocalIndexServer).Assembly.GetName().Name,
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning);
        builder.Logging.AddProvider(new SerilogDebugLoggerProvider());
        builder.Services.AddSingleton<IHostLifetime, PassiveHostLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // the upload endpoint enforces MaxFileSize with PyPI's message
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });

        var app = builder.Build();
        app.Use((context, next) => ApplyFaultsAsync(context, next, faults, upload, options.MaxFileSize));

        app.MapPost("/legacy", (RequestDelegate)(context =>
        {
            if ((context.Request.Path.Value ?? "").EndsWith('/'))
                return upload.HandleAsync(context);
            context.Response.Headers.Location = "/legacy/";
            return Responses.WriteStatusAsync(context, StatusCodes.Status308PermanentRedirect,
                "An upload was attempted to /legacy but the expected upload URL is /legacy/ (with a trailing slash)");
        }));
        app.MapGet("/simple", (RequestDelegate)(context =>
        {
            if ((context.Request.Path.Value ?? "").EndsWith('/'))
                return read.SimpleIndexAsync(context);
            context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
            context.Response.Headers.Location = "/simple/";
            return Task.CompletedTask;
        }));
        app.MapGet("/simple/{name}", (RequestDelegate)(context => read.SimpleProjectAsync(context, Route(context, "name"))));
        app.MapGet("/pypi/{name}/json", (RequestDelegate)(context => read.JsonApiAsync(context, Route(context, "name"), null)));
        app.MapGet("/pypi/{name}/{version}/json", (RequestDelegate)(context => read.JsonApiAsync(context, Route(context, "name"), Route(context, "version"))));
        app.MapGet("/files/{project}/{filename}", (RequestDelegate)(context => read.File(Route(context, "project"), Route(context, "filename")).ExecuteAsync(context)));
        app.MapGet("/integrity/{project}/{version}/{filename}/provenance",
            (RequestDelegate)(context => read.ProvenanceAsync(context, Route(context, "project"), Route(context, "version"), Route(context, "filename"))));
        app.MapGet("/_/oidc/audience", (RequestDelegate)oidc.AudienceAsync);
        app.MapPost("/_/oidc/mint-token", (RequestDelegate)oidc.MintTokenAsync);
        app.MapGet("/", (RequestDelegate)(context =>
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("A local PyPI-compatible index.\nUpload: /legacy/\nSimple API: /simple/\nJSON API: /pypi/<name>/json\n");
        }));

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            await upload.DisposeAsync();
            throw new Engine.BuildException($"The local index could not listen on 127.0.0.1:{options.Port} ({e.Message}). Choose another port, or 0 for a free one.", e);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address for the local index.");
        var port = new Uri(address).Port;
        baseAddress = new Uri($"http://127.0.0.1:{port}/");
        Log.Debug("Local index listening on {Address}, files in {Directory}", baseAddress, store.Root);
        return new LocalIndexServer(app, upload, faults, baseAddress);
    }

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref stopped, 1) != 0)
            return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await app.StopAsync(timeout.Token);
        }
        finally
        {
            await app.DisposeAsync();
            await upload.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static string Route(HttpContext context, string key) => context.Request.RouteValues[key] as string ?? "";

    /// <summary>The fault plan, applied before routing: fail, reset mid-body, or hold the answer back.</summary>
    private static async Task ApplyFaultsAsync(HttpContext context, RequestDelegate next, FaultPlan faults, UploadEndpoint upload, long maxFileSize)
    {
        var path = context.Request.Path.Value ?? "/";
        if (faults.Take(path, FaultKind.Fail, FaultKind.ResetMidBody, FaultKind.Delay) is not { } fault)
        {
            await next(context);
            return;
        }

        var isUpload = HttpMethods.IsPost(context.Request.Method) && path.StartsWith("/legacy", StringComparison.Ordinal);
        var ct = context.RequestAborted;
        switch (fault.Kind)
        {
            case FaultKind.Fail:
                await DrainAsync(context.Request.Body, maxFileSize + 16 * 1024 * 1024, ct);
                var reason = ReasonPhrases.GetReasonPhrase(fault.StatusCode);
                if (isUpload)
                    upload.Record(new RecordedUpload(new Dictionary<string, IReadOnlyList<string>>(), null, fault.StatusCode, reason, null, null, null, fault.Describe(), false));
                var headers = new Dictionary<string, string>();
                if (fault.RetryAfter is { } retryAfter)
                    headers["Retry-After"] = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Responses.WriteStatusAsync(context, fault.StatusCode, reason, headers);
                return;

            case FaultKind.ResetMidBody:
                var length = context.Request.ContentLength ?? 32 * 1024;
                await DrainAsync(context.Request.Body, Math.Clamp(length / 2, 1, 64 * 1024), ct);
                if (isUpload)
                    upload.Record(new RecordedUpload(new Dictionary<string, IReadOnlyList<string>>(), null, 0, "connection reset", null, null, null, fault.Describe(), false));
                context.Abort();
                return;

            default:
                // Handle the request as usual, but hold the answer back.
                context.Items[UploadEndpoint.FaultItem] = fault.Describe();
                var original = context.Response.Body;
                using (var buffer = new MemoryStream())
                {
                    context.Response.Body = buffer;
                    try
                    {
                        await next(context);
                    }
                    finally
                    {
                        context.Response.Body = original;
                    }

                    try
                    {
                        await Task.Delay(fault.Delay, ct);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    buffer.Position = 0;
                    await buffer.CopyToAsync(original, ct);
                }

                return;
        }
    }

    private static async Task DrainAsync(Stream body, long limit, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        long total = 0;
        try
        {
            int read;
            while (total < limit && (read = await body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, limit - total)), ct)) > 0)
                total += read;
        }
        catch (IOException)
        {
        }
    }
}
