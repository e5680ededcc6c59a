using Serilog;
using Wheelhouse.Engine.Execution;
using Wheelhouse.Engine.Logging;
using Wheelhouse.Engine.Planning;

namespace Wheelhouse.Engine.Tests.Execution;

/// <summary>Pieces of work inside a target (VerifyInstall's interpreters): at once, with each one's output whole and in order.</summary>
public class ParallelWorkTests
{
    private readonly OutputRecord record = new();
    private readonly ILogger log;

    public ParallelWorkTests() => log = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new HeldOutputSink(record)).CreateLogger();

    [Fact]
    public async Task Pieces_run_at_once_and_results_come_back_in_the_given_order()
    {
        var started = new[] { new Signal(), new Signal() };

        var results = await ParallelWork.RunAsync(["first", "second"], 2, async (item, _) =>
        {
            var index = item == "first" ? 0 : 1;
            started[index].Set();
            // Each waits until the other started: one after another, the first would wait forever.
            await started[1 - index].WaitAsync();
            return item.ToUpperInvariant();
        });

        results.Should().Equal("FIRST", "SECOND");
    }

    [Fact]
    public async Task Each_piece_s_lines_come_out_whole_in_the_given_order_though_a_later_one_finished_first()
    {
        var secondDone = new Signal();

        await ParallelWork.RunAsync([1, 2], 2, async (item, _) =>
        {
            log.Information("piece {Item} begins", item);
            if (item == 1)
                await secondDone.WaitAsync();
            log.Information("piece {Item} ends", item);
            if (item == 2)
                secondDone.Set();
            return item;
        });

        record.Lines.Should().Equal("piece 1 begins", "piece 1 ends", "piece 2 begins", "piece 2 ends");
    }

    [Fact]
    public async Task With_one_at_a_time_pieces_run_in_the_given_order_without_overlapping()
    {
        var events = new List<string>();

        await ParallelWork.RunAsync([1, 2, 3], 1, async (item, _) =>
        {
            lock (events)
                events.Add($"start {item}");
            await Task.Yield();
            lock (events)
                events.Add($"end {item}");
            return item;
        });

        events.Should().Equal("start 1", "end 1", "start 2", "end 2", "start 3", "end 3");
    }

    [Fact]
    public async Task When_pieces_throw_the_others_finish_and_the_first_piece_s_exception_is_rethrown()
    {
        var firstMayThrow = new Signal();

        var act = () => ParallelWork.RunAsync([1, 2, 3], 3, async (item, _) =>
        {
            if (item == 1)
            {
                // Thrown after the third: the exception rethrown is still the first item's.
                await firstMayThrow.WaitAsync();
                throw new BuildException("piece 1 broke");
            }

            if (item == 3)
            {
                firstMayThrow.Set();
                throw new BuildException("piece 3 broke");
            }

            log.Information("piece 2 done");
            return item;
        });

        await act.Should().ThrowAsync<BuildException>().WithMessage("piece 1 broke");
        record.Lines.Should().Equal("piece 2 done");
    }

    private sealed class Verifying(ILogger log) : BuildBase
    {
        public readonly Signal BeforeFinished = new();

        Target Before => _ => _.Executes(async () =>
        {
            log.Information("before");
            await BeforeFinished.WaitAsync();
        });
        Target Verify => _ => _.Executes(async () =>
        {
            log.Information("verify begins");
            await ParallelWork.RunAsync(["py3.11", "py3.12"], 2, async (item, _) =>
            {
                log.Information("{Item:l} verified", item);
                await Task.Yield();
                return item;
            });
            log.Information("verify ends");
            BeforeFinished.Set();
        });
    }

    [Fact]
    public async Task Inside_a_held_target_the_pieces_lines_join_the_target_s_output_in_order()
    {
        var build = new Verifying(log);
        var executor = new BuildExecutor(log, new GroupingHost(record), parallelism: 2);

        // Verify runs, held, while Before waits for it; its pieces print into Verify's block, not straight out.
        var result = await executor.RunAsync(ExecutionPlanner.Plan(TargetGraph.FromBuild(build), ["Before", "Verify"], SkipRequest.None), CancellationToken.None);

        result.Succeeded.Should().BeTrue();
        record.Lines.Should().Equal(
            "::group::Before", "── \"Before\" ──", "before", "::endgroup::",
            "::group::Verify", "── \"Verify\" ──", "verify begins", "py3.11 verified", "py3.12 verified", "verify ends", "::endgroup::");
    }
}
