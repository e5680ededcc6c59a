using Wheelhouse.Engine.Http;

namespace Wheelhouse.Engine.Tests.Http;

public sealed class PollingTests
{
    private const string NotVisible = "not visible";

    private static bool Again(string outcome) => outcome == NotVisible;

    [Fact]
    public async Task Retries_while_not_visible_and_stops_at_the_time_limit_with_a_final_attempt()
    {
        var clock = new SteppingClock();
        var attempts = 0;
        var result = await Polling.UntilAsync((_, _) => { attempts++; return Task.FromResult(NotVisible); }, Again,
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
            var clock = new SteppingClock();
            var result = await Polling.UntilAsync((_, _) => Task.FromResult(NotVisible), Again, Backoff.Default, TimeSpan.FromSeconds(limit), clock, random.NextDouble);
            clock.Waits.Aggregate(TimeSpan.Zero, (a, b) => a + b).Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(limit));
            result.Attempts.Should().Be(clock.Waits.Count + 1);
            result.Attempts.Should().BeLessThanOrEqualTo(2 + limit / 4);
        }
    }

    [Fact]
    public async Task Attempts_that_take_time_count_against_the_limit()
    {
        var clock = new SteppingClock();
        var result = await Polling.UntilAsync((_, _) => { clock.Elapsed += TimeSpan.FromSeconds(30); return Task.FromResult(NotVisible); }, Again,
            Backoff.Default with { Jitter = 0 }, TimeSpan.FromSeconds(60), clock, () => 0.5);
        // attempt 1 ends at 30 s, wait 5 s, attempt 2 ends at 65 s: past the limit, so no third attempt.
        result.Attempts.Should().Be(2);
        clock.Waits.Should().Equal(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_zero_limit_means_a_single_attempt()
    {
        var clock = new SteppingClock();
        var result = await Polling.UntilAsync((_, _) => Task.FromResult(NotVisible), Again, Backoff.Default, TimeSpan.Zero, clock, () => 0.5);
        result.Attempts.Should().Be(1);
        result.TimedOut.Should().BeTrue();
        clock.Waits.Should().BeEmpty();
    }

    [Theory]
    [InlineData("installed")]
    [InlineData("dependency missing")]
    [InlineData("failed")]
    public async Task Only_an_answer_the_caller_calls_not_final_is_asked_again(string kind)
    {
        var clock = new SteppingClock();
        var outcomes = new Queue<string>([NotVisible, kind]);
        var result = await Polling.UntilAsync((_, _) => Task.FromResult(outcomes.Dequeue()), Again, Backoff.Default, TimeSpan.FromSeconds(300), clock, () => 0.5);
        result.Attempts.Should().Be(2);
        result.Last.Should().Be(kind);
        result.TimedOut.Should().BeFalse();
    }

    [Fact]
    public async Task Each_retry_is_announced_with_its_attempt_number_and_wait()
    {
        var announced = new List<(int, TimeSpan)>();
        await Polling.UntilAsync((_, _) => Task.FromResult(NotVisible), Again, Backoff.Default with { Jitter = 0 }, TimeSpan.FromSeconds(12), new SteppingClock(), () => 0.5,
            (attempt, delay, _) => announced.Add((attempt, delay)));
        announced.Should().Equal((1, TimeSpan.FromSeconds(5)), (2, TimeSpan.FromSeconds(7)));
    }
}
