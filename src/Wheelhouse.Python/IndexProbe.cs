using Polly.Timeout;
using Wheelhouse.Engine.Http;

namespace Wheelhouse.Python;

/// <summary>Asks whether the package index pip would use answers at all, so an isolated build can be expected to work.</summary>
public static class IndexProbe
{
    public const string DefaultIndex = "https://pypi.org/simple/";

    /// <summary>The index pip would use: PIP_INDEX_URL, else PyPI.</summary>
    public static string IndexUrl(IReadOnlyDictionary<string, string?> environment) =>
        environment.GetValueOrDefault("PIP_INDEX_URL") is { Length: > 0 } url ? url : DefaultIndex;

    public static async Task<bool> AnswersAsync(string indexUrl, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        // One try: a probe answers whether the index is there now, and a build without it only falls back.
        var once = new RetryPolicy { MaxAttempts = 1, AttemptTimeout = timeout }.Pipeline<bool>(_ => false);
        try
        {
            return await once.ExecuteAsync(async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Head, indexUrl);
                using var response = await HttpClients.Shared.SendAsync(request, token);
                return (int)response.StatusCode < 500;
            }, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutRejectedException or InvalidOperationException or UriFormatException)
        {
            return false;
        }
    }
}
