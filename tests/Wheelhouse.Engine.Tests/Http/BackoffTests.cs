using Wheelhouse.Engine.Http;

namespace Wheelhouse.Engine.Tests.Http;

public sealed class BackoffTests
{
    [Fact]
    public void Delays_double_from_the_initial_delay_and_stop_at_the_cap()
    {
        var backoff = Backoff.Default with { Jitter = 0 };
        Enumerable.Range(1, 7).Select(a => backoff.Delay(a, 0.5).TotalSeconds).Should().Equal(5, 10, 20, 40, 60, 60, 60);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.999999)]
    [InlineData(1.0)]
    public void Jitter_stays_within_its_fraction_and_never_passes_the_cap(double random)
    {
        var backoff = Backoff.Default;
        for (var attempt = 1; attempt <= 30; attempt++)
        {
            var step = Math.Min(5 * Math.Pow(2, attempt - 1), 60);
            var delay = backoff.Delay(attempt, random).TotalSeconds;
            delay.Should().BeInRange(step * 0.8 - 1e-9, Math.Min(step * 1.2, 60) + 1e-9);
            delay.Should().BeLessThanOrEqualTo(60);
        }
    }

    [Fact]
    public void Attempt_numbers_start_at_one() =>
        FluentActions.Invoking(() => Backoff.Default.Delay(0, 0.5)).Should().Throw<ArgumentOutOfRangeException>();
}
