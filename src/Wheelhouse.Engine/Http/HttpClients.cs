using System.Net;

namespace Wheelhouse.Engine.Http;

/// <summary>
/// The one place HTTP clients are made. No automatic redirects (a caller that sends credentials decides where they
/// may go), no overall timeout (each try is timed by its <see cref="RetryPolicy"/>), connections renewed now and then
/// so DNS changes are seen, no cookies. <see cref="Shared"/> serves every caller that does not bring its own and
/// retries in its own terms; <see cref="Reading"/> serves plain reads (GET a JSON API, download a file): it follows
/// redirects and retries as <see cref="ResilientHandler"/> does.
/// </summary>
public static class HttpClients
{
    public const string UserAgent = "wheelhouse/1.0";

    private static readonly Lazy<HttpClient> SharedClient = new(() => Create());

    private static readonly Lazy<HttpClient> ReadingClient = new(() =>
        Create(inner => new ResilientHandler(new RetryPolicy(), inner), followRedirects: true));

    public static HttpClient Shared => SharedClient.Value;

    public static HttpClient Reading => ReadingClient.Value;

    /// <param name="inner">Wraps the socket handler, e.g. in a <see cref="ResilientHandler"/>.</param>
    /// <param name="followRedirects">Only for requests that carry no credentials.</param>
    public static HttpClient Create(Func<HttpMessageHandler, HttpMessageHandler>? inner = null, bool followRedirects = false) =>
        new((inner ?? (h => h))(CreateHandler(followRedirects)))
        {
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestHeaders = { { "User-Agent", UserAgent } },
        };

    public static SocketsHttpHandler CreateHandler(bool followRedirects = false) => new()
    {
        AllowAutoRedirect = followRedirects,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(30),
        UseCookies = false,
    };
}
