using System.Net.Http;

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
        using var client = new HttpClient { Timeout = timeout };
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, indexUrl);
            using var response = await client.SendAsync(request, cancellationToken);
            return (int)response.StatusCode < 500;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            return false;
        }
    }
}
