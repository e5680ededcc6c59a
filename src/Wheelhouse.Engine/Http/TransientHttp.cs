using System.Net;
using System.Net.Http.Headers;
using Polly;
using Polly.Timeout;

namespace Wheelhouse.Engine.Http;

/// <summary>
/// What is worth another try over HTTP: a 5xx, a 429, a transport error, a try that timed out. Never another 4xx:
/// the request itself is wrong, and sending it again gets the same answer.
/// </summary>
public static class TransientHttp
{
    public static bool IsTransient(HttpStatusCode status) => (int)status is >= 500 or 429;

    public static bool IsTransient(Exception? exception) =>
        exception is HttpRequestException or IOException or TimeoutRejectedException;

    /// <summary>The usual predicate of a pipeline over responses.</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } response ? IsTransient(response.StatusCode) : IsTransient(outcome.Exception);

    /// <summary>Retry-After: seconds, or an HTTP date (a wait until then; zero when it has passed); null when absent.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time) => RetryAfter(response.Headers.RetryAfter, time.GetUtcNow());

    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header?.Delta is { } delta)
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
            return date > now ? date - now : TimeSpan.Zero;
        return null;
    }
}
