using Polly;

namespace Wheelhouse.Engine.Http;

/// <summary>
/// The pipeline as HTTP middleware, for clients whose requests another library makes (Octokit): idempotent requests
/// (GET, HEAD, PUT, DELETE, OPTIONS) are retried on 5xx, 429 and transport errors, honouring Retry-After; others are
/// sent once, as an upload or a create sent twice may do it twice.
/// </summary>
public sealed class ResilientHandler : DelegatingHandler
{
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;
    private readonly ResiliencePipeline<HttpResponseMessage> once;

    public ResilientHandler(RetryPolicy policy, HttpMessageHandler inner, Action<RetryNotice<HttpResponseMessage>>? onRetry = null) : base(inner)
    {
        pipeline = policy.Pipeline<HttpResponseMessage>(
            outcome => TransientHttp.IsTransient(outcome),
            outcome => outcome.Result is { } response ? TransientHttp.RetryAfter(response, policy.TimeProvider) : null,
            notice =>
            {
                notice.Outcome.Result?.Dispose(); // the answer that is retried is never read
                onRetry?.Invoke(notice);
            });
        once = (policy with { MaxAttempts = 1 }).Pipeline<HttpResponseMessage>(_ => false);
    }

    public static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put || method == HttpMethod.Delete || method == HttpMethod.Options;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        await (IsIdempotent(request.Method) && request.Content is null ? pipeline : once)
            .ExecuteAsync(async token => await base.SendAsync(request, token), cancellationToken);
}
