using Wheelhouse.Python.Verification;

namespace Wheelhouse.Python.Tests.Verification;

public sealed class BackoffTests
{
    /// <summary>A clock that only moves when the loop waits (or when an attempt says it took time).</summary>
    private sealed class FakeClock : IRetryClock
    {
        public TimeSpan Elapsed { get; set; }
        public List<TimeSpan> Waits { get; } = [];

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        {
            Waits.Add(delay);
            Elapsed += delay;
            return Task.CompletedTask;
        }
    }

    private static readonly PipOutcome NotVisible = new(PipOutcomeKind.NotVisible, "ERROR: No matching distribution found for evalcheck==0.2.0", "none");

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

    [Fact]
    public async Task Retries_while_not_visible_and_stops_at_the_time_limit_with_a_final_attempt()
    {
        var clock = new FakeClock();
        var attempts = 0;
        var result = await RetryLoop.RunAsync((_, _) => { attempts++; return Task.FromResult(NotVisible); },
            Backoff.Default with { Jitter = 0 }, TimeSpan.FromSeconds(300), clock, () => 0.5);

        result.TimedOut.Should().BeTrue();
        result.Last.Should().Be(NotVisible);
        // 5 + 10 + 20 + 40 + 60 + 60 + 60 = 255, then the last wait is cut to the 45 s left.
        clock.Waits.Select(w => w.TotalSeconds).Should().Equal(5, 10, 20, 40, 60, 60, 60, 45);
        result.Attempts.Should().Be(9).And.Be(attempts);
        result.Elapsed.Should().Be(TimeSpan.FromSeconds(300));
    }

    [Fact]
    public async Task Total_waiting_never_exceeds_the_limit_whatever_the_jitter()
    {
        var random = new Random(7);
        foreach (var limit in new[] { 1, 3, 17, 300, 1800 })
        {
            var clock = new FakeClock();
            var result = await RetryLoop.RunAsync((_, _) => Task.FromResult(NotVisible), Backoff.Default, TimeSpan.FromSeconds(limit), clock, random.NextDouble);
            clock.Waits.Aggregate(TimeSpan.Zero, (a, b) => a + b).Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(limit));
            result.Attempts.Should().Be(clock.Waits.Count + 1);
            result.Attempts.Should().BeLessThanOrEqualTo(2 + limit / 4);
        }
    }

    [Fact]
    public async Task Attempts_that_take_time_count_against_the_limit()
    {
        var clock = new FakeClock();
        var result = await RetryLoop.RunAsync((_, _) => { clock.Elapsed += TimeSpan.FromSeconds(30); return Task.FromResult(NotVisible); },
            Backoff.Default with { Jitter = 0 }, TimeSpan.FromSeconds(60), clock, () => 0.5);
        // attempt 1 ends at 30 s, wait 5 s, attempt 2 ends at 65 s: past the limit, so no third attempt.
        result.Attempts.Should().Be(2);
        clock.Waits.Should().Equal(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_zero_limit_means_a_single_attempt()
    {
        var clock = new FakeClock();
        var result = await RetryLoop.RunAsync((_, _) => Task.FromResult(NotVisible), Backoff.Default, TimeSpan.Zero, clock, () => 0.5);
        result.Attempts.Should().Be(1);
        result.TimedOut.Should().BeTrue();
        clock.Waits.Should().BeEmpty();
    }

    [Theory]
    [InlineData(PipOutcomeKind.Installed)]
    [InlineData(PipOutcomeKind.DependencyMissing)]
    [InlineData(PipOutcomeKind.Unreachable)]
    [InlineData(PipOutcomeKind.Failed)]
    public async Task Only_a_version_that_is_not_visible_is_retried(PipOutcomeKind kind)
    {
        var clock = new FakeClock();
        var outcomes = new Queue<PipOutcome>([NotVisible, new PipOutcome(kind)]);
        var result = await RetryLoop.RunAsync((_, _) => Task.FromResult(outcomes.Dequeue()), Backoff.Default, TimeSpan.FromSeconds(300), clock, () => 0.5);
        result.Attempts.Should().Be(2);
        result.Last.Kind.Should().Be(kind);
        result.TimedOut.Should().BeFalse();
    }

    [Fact]
    public async Task Each_retry_is_announced_with_its_attempt_number_and_wait()
    {
        var announced = new List<(int, TimeSpan)>();
        await RetryLoop.RunAsync((_, _) => Task.FromResult(NotVisible), Backoff.Default with { Jitter = 0 }, TimeSpan.FromSeconds(12), new FakeClock(), () => 0.5,
            (attempt, delay, _) => announced.Add((attempt, delay)));
        announced.Should().Equal((1, TimeSpan.FromSeconds(5)), (2, TimeSpan.FromSeconds(7)));
    }
}
