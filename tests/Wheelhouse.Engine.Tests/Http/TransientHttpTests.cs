using System.Net;
using System.Net.Http.Headers;
using Polly.Timeout;
using Wheelhouse.Engine.Http;

namespace Wheelhouse.Engine.Tests.Http;

public sealed class TransientHttpTests
{
    [Theory]
    [InlineData(500, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(429, true)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(409, false)]
    [InlineData(422, false)]
    [InlineData(200, false)]
    [InlineData(308, false)]
    public void Only_5xx_and_429_answers_are_transient(int status, bool transient) =>
        TransientHttp.IsTransient((HttpStatusCode)status).Should().Be(transient);

    [Fact]
    public void Transport_errors_and_timed_out_tries_are_transient_other_errors_are_not()
    {
        TransientHttp.IsTransient(new HttpRequestException("refused")).Should().BeTrue();
        TransientHttp.IsTransient(new IOException("reset")).Should().BeTrue();
        TransientHttp.IsTransient(new TimeoutRejectedException()).Should().BeTrue();
        TransientHttp.IsTransient(new InvalidOperationException()).Should().BeFalse();
        TransientHttp.IsTransient((Exception?)null).Should().BeFalse();
    }

    [Fact]
    public void Retry_After_is_read_as_seconds_or_as_a_date()
    {
        var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

        TransientHttp.RetryAfter(new RetryConditionHeaderValue(TimeSpan.FromSeconds(3)), now).Should().Be(TimeSpan.FromSeconds(3));
        TransientHttp.RetryAfter(new RetryConditionHeaderValue(now.AddSeconds(90)), now).Should().Be(TimeSpan.FromSeconds(90));
        TransientHttp.RetryAfter(new RetryConditionHeaderValue(now.AddSeconds(-5)), now).Should().Be(TimeSpan.Zero);
        TransientHttp.RetryAfter(null, now).Should().BeNull();
    }
}
