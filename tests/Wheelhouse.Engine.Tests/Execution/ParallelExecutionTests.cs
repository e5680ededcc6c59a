using System.Globalization;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Wheelhouse.Engine.Execution;
using Wheelhouse.Engine.Hosts;
using Wheelhouse.Engine.Logging;
using Wheelhouse.Engine.Planning;

namespace Wheelhouse.Engine.Tests.Execution;

/// <summary>A signal one target sets and another waits for. The wait's bound only turns a deadlock into a failure.</summary>
internal sealed class Signal
{
    private readonly TaskCompletionSource source = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set() => source.TrySetResult();

    public bool IsSet => source.Task.IsCompleted;

    public Task WaitAsync() => source.Task.WaitAsync(TimeSpan.FromSeconds(30));
}

/// <summary>What reached the console, in order: log messages and the host's group lines.</summary>
internal sealed class OutputRecord : ILogEventSink
{
    private readonly List<string> lines = [];
    private readonly Dictionary<string, Signal> awaited = [];

    public void Add(string line)
    {
        lock (lines)
        {
            lines.Add(line);
            if (awaited.TryGetValue(line, out var signal))
                signal.Set();
        }
    }

    public void Emit(LogEvent logEvent) => Add(logEvent.RenderMessage(CultureInfo.InvariantCulture));

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (lines)
                return lines.ToList();
        }
    }

    /// <summary>Set once <paramref name="line"/> reached the console.</summary>
    public Signal Reached(string line)
    {
        lock (lines)
        {
            if (!awaited.TryGetValue(line, out var signal))
                awaited[line] = signal = new Signal();
            if (lines.Contains(line))
                signal.Set();
            return signal;
        }
    }
}

/// <summary>A host whose group lines go to the same record as the log, as GitHub Actions' ::group:: lines go to the same console.</summary>
internal sealed class GroupingHost(OutputRecord record) : BuildHost
{
    public override string Name => "grouping";
    public override void BeginTarget(string name) => record.Add($"::group::{name}");
    public override void EndTarget(string name) => record.Add("::endgroup::");
}

/// <summary>Targets running at once: ordering constraints, held output in plan order, failures and cancellation.</summary>
public class ParallelExecutionTests
{
    private readonly OutputRecord record = new();

    private BuildExecutor Executor(int parallelism)
    {
        var logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new HeldOutputSink(record)).CreateLogger();
        return new BuildExecutor(logger, new GroupingHost(record), parallelism);
    }

    private Task<BuildResult> Run(BuildBase build, string[] invoked, int parallelism, CancellationToken cancellationToken = default) =>
        Executor(parallelism).RunAsync(ExecutionPlanner.Plan(TargetGraph.FromBuild(build), invoked, SkipRequest.None), cancellationToken);

    private static TargetResult Result(BuildResult result, string name) => result.Targets.Single(t => t.Name == name);

    private sealed class Independent : BuildBase
    {
        public readonly Signal AStarted = new();
        public readonly Signal BStarted = new();

        Target A => _ => _.Executes(async () =>
        {
            AStarted.Set();
            await BStarted.WaitAsync();
        });
        Target B => _ => _.Executes(async () =>
        {
            BStarted.Set();
            await AStarted.WaitAsync();
        });
    }

    [Fact]
    public async Task Two_independent_targets_both_start_before_either_finishes()
    {
        // Each waits until the other started: run one after another, the first would wait forever.
        var result = await Run(new Independent(), ["A", "B"], parallelism: 2);

        result.Targets.Should().OnlyContain(t => t.Status == TargetStatus.Succeeded);
    }

    private sealed class Ordered : BuildBase
    {
        public readonly List<string> Events = [];
        public readonly Signal SideDone = new();

        private void Note(string text)
        {
            lock (Events)
                Events.Add(text);
        }

        // First waits for Side, which runs beside it, so each target below has a free slot while First is still running.
        Target First => _ => _.Triggers(Triggered).Executes(async () =>
        {
            Note("First started");
            await SideDone.WaitAsync();
            Note("First finished");
        });
        Target Side => _ => _.Executes(() =>
        {
            Note("Side");
            SideDone.Set();
        });
        Target Dependent => _ => _.DependsOn(First).Executes(() => Note("Dependent"));
        Target Later => _ => _.After(First).Executes(() => Note("Later"));
        Target Earlier => _ => _.Before(First).Executes(() => Note("Earlier"));
        Target Triggered => _ => _.Executes(() => Note("Triggered"));
    }

    [Fact]
    public async Task A_target_never_starts_before_what_it_depends_on_runs_after_or_is_triggered_by_has_finished()
    {
        var build = new Ordered();

        var result = await Run(build, ["Earlier", "Side", "Dependent", "Later"], parallelism: 4);

        result.Succeeded.Should().BeTrue();
        var events = build.Events;
        events.IndexOf("Earlier").Should().BeLessThan(events.IndexOf("First started"), "Earlier runs Before(First)");
        events.IndexOf("Side").Should().BeLessThan(events.IndexOf("First finished"), "Side runs beside First");
        foreach (var after in new[] { "Dependent", "Later", "Triggered" })
            events.IndexOf(after).Should().BeGreaterThan(events.IndexOf("First finished"), $"{after} must wait for First");
    }

    private sealed class Overlapping(bool overlap) : BuildBase
    {
        public readonly Signal BFinished = new();
        public bool BOutputHeldWhileAFinished;
        public OutputRecord? Record;

        Target A => _ => _.Executes(async () =>
        {
            Log.Information("A 1");
            if (overlap)
                await BFinished.WaitAsync();
            Log.Information("A 2");
        }).Executes(() => BOutputHeldWhileAFinished = Record?.Lines.Contains("B 1") == false);
        Target B => _ => _.Executes(() =>
        {
            Log.Information("B 1");
            Log.Information("B 2");
            BFinished.Set();
        });
        Target C => _ => _.DependsOn(A, B).Executes(() => Log.Information("C"));

        // The targets log through the executor's logger, as build code logs through Serilog's static Log.
        public ILogger Log { get; set; } = Serilog.Core.Logger.None;
    }

    /// <summary>Runs C (after A and B) and returns what reached the console, in order.</summary>
    private static async Task<IReadOnlyList<string>> OutputOf(Overlapping build, int parallelism)
    {
        var output = new OutputRecord();
        var logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new HeldOutputSink(output)).CreateLogger();
        build.Log = logger;
        build.Record = output;
        var executor = new BuildExecutor(logger, new GroupingHost(output), parallelism);
        var result = await executor.RunAsync(ExecutionPlanner.Plan(TargetGraph.FromBuild(build), ["C"], SkipRequest.None), CancellationToken.None);
        result.Succeeded.Should().BeTrue();
        return output.Lines;
    }

    [Fact]
    public async Task Each_target_s_output_is_printed_whole_in_plan_order_as_a_sequential_run_prints_it()
    {
        var sequential = await OutputOf(new Overlapping(overlap: false), parallelism: 1);
        var build = new Overlapping(overlap: true);

        // B finishes while A waits for it, yet A's block comes first, and B's lines stay held until A finished.
        var parallel = await OutputOf(build, parallelism: 2);

        parallel.Should().Equal(sequential);
        parallel.Should().Equal(
            "::group::A", "── \"A\" ──", "A 1", "A 2", "::endgroup::",
            "::group::B", "── \"B\" ──", "B 1", "B 2", "::endgroup::",
            "::group::C", "── \"C\" ──", "C", "::endgroup::");
        build.BOutputHeldWhileAFinished.Should().BeTrue();
    }

    private sealed class Streaming(OutputRecord record) : BuildBase
    {
        public ILogger Log { get; set; } = Serilog.Core.Logger.None;

        Target Head => _ => _.Executes(async () =>
        {
            Log.Information("head is working");
            // Printed before the target ends: else this waits forever.
            await record.Reached("head is working").WaitAsync();
        });
        Target Next => _ => _.Executes(() => Log.Information("next"));
    }

    [Fact]
    public async Task The_first_unfinished_target_in_plan_order_prints_as_it_goes()
    {
        var build = new Streaming(record)
        {
            Log = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new HeldOutputSink(record)).CreateLogger(),
        };

        var result = await Run(build, ["Head", "Next"], parallelism: 2);

        result.Succeeded.Should().BeTrue();
        record.Lines.Should().ContainInOrder("head is working", "next");
    }

    private sealed class Failing : BuildBase
    {
        public readonly List<string> Ran = [];
        public readonly Signal LongStarted = new();
        public readonly Signal Failed = new();

        private void Note(string text)
        {
            lock (Ran)
                Ran.Add(text);
        }

        Target Long => _ => _.Executes(async () =>
        {
            LongStarted.Set();
            await Failed.WaitAsync();
            Note("Long");
        });
        Target Fail => _ => _.Executes(async () =>
        {
            await LongStarted.WaitAsync();
            Failed.Set();
            throw new BuildException("Fail broke.");
        });
        Target Next => _ => _.After(Fail).Executes(() => Note("Next"));
        Target Cleanup => _ => _.AssuredAfterFailure().After(Fail, Long).Executes(() => Note("Cleanup"));
    }

    [Fact]
    public async Task A_failure_stops_new_targets_while_running_ones_finish_and_assured_ones_still_run()
    {
        var build = new Failing();

        var result = await Run(build, ["Long", "Fail", "Next", "Cleanup"], parallelism: 2);

        Result(result, "Fail").Should().BeEquivalentTo(new { Status = TargetStatus.Failed, Reason = "Fail broke." });
        Result(result, "Long").Status.Should().Be(TargetStatus.Succeeded, "it was running when Fail failed");
        Result(result, "Next").Should().BeEquivalentTo(new { Status = TargetStatus.NotRun, Reason = "an earlier target failed" });
        Result(result, "Cleanup").Status.Should().Be(TargetStatus.Succeeded);
        build.Ran.Should().Equal("Long", "Cleanup");
        result.Succeeded.Should().BeFalse();
    }

    private sealed class Proceeding : BuildBase
    {
        public readonly List<string> Ran = [];

        private void Note(string text)
        {
            lock (Ran)
                Ran.Add(text);
        }

        Target Lint => _ => _.ProceedAfterFailure().Executes(() => throw new BuildException("3 style errors"));
        Target Format => _ => _.DependsOn(Lint).Executes(() => Note("Format"));
        Target Compile => _ => _.After(Lint).Executes(() => Note("Compile"));
    }

    [Fact]
    public async Task ProceedAfterFailure_lets_targets_that_do_not_depend_on_the_failed_one_start()
    {
        var build = new Proceeding();

        var result = await Run(build, ["Lint", "Format", "Compile"], parallelism: 2);

        build.Ran.Should().Equal("Compile");
        Result(result, "Format").Should().BeEquivalentTo(new { Status = TargetStatus.NotRun, Reason = "dependency Lint failed" });
    }

    private sealed class Cancellable : BuildBase
    {
        public readonly Signal AStarted = new();
        public readonly Signal BStarted = new();
        public readonly List<string> Ran = [];
        public CancellationToken CleanupToken;

        private void Note(string text)
        {
            lock (Ran)
                Ran.Add(text);
        }

        Target A => _ => _.Executes(async cancellationToken =>
        {
            AStarted.Set();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        });
        Target B => _ => _.Executes(async cancellationToken =>
        {
            BStarted.Set();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        });
        Target Next => _ => _.After(A, B).Executes(() => Note("Next"));
        Target Cleanup => _ => _.AssuredAfterFailure().After(Next).Executes(cancellationToken =>
        {
            CleanupToken = cancellationToken;
            Note("Cleanup");
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task Cancelling_fails_every_running_target_as_cancelled_runs_nothing_new_and_still_runs_assured_targets()
    {
        var build = new Cancellable();
        using var cancellation = new CancellationTokenSource();

        var running = Run(build, ["A", "B", "Next", "Cleanup"], parallelism: 2, cancellation.Token);
        await build.AStarted.WaitAsync();
        await build.BStarted.WaitAsync();
        await cancellation.CancelAsync();
        var result = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Result(result, "A").Should().BeEquivalentTo(new { Status = TargetStatus.Failed, Reason = "cancelled" });
        Result(result, "B").Should().BeEquivalentTo(new { Status = TargetStatus.Failed, Reason = "cancelled" });
        Result(result, "Next").Should().BeEquivalentTo(new { Status = TargetStatus.NotRun, Reason = "build cancelled" });
        build.Ran.Should().Equal("Cleanup");
        build.CleanupToken.CanBeCanceled.Should().BeFalse();
        result.Cancelled.Should().BeTrue();
        record.Lines.Should().ContainInOrder("\"A\" was cancelled.", "\"B\" was cancelled.");
    }

    private sealed class Held : BuildBase
    {
        public readonly Signal Release = new();
        public readonly Signal SecondLogged = new();
        public ILogger Log { get; set; } = Serilog.Core.Logger.None;

        Target First => _ => _.Executes(async () => await Release.WaitAsync());
        Target Second => _ => _.Executes(async () =>
        {
            Log.Information("second so far");
            SecondLogged.Set();
            await Release.WaitAsync();
        });
    }

    [Fact]
    public async Task Passing_on_held_output_prints_what_running_targets_held_at_once()
    {
        var build = new Held
        {
            Log = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(new HeldOutputSink(record)).CreateLogger(),
        };
        var executor = Executor(parallelism: 2);

        var running = executor.RunAsync(ExecutionPlanner.Plan(TargetGraph.FromBuild(build), ["First", "Second"], SkipRequest.None), CancellationToken.None);
        await build.SecondLogged.WaitAsync();
        record.Lines.Should().NotContain("second so far", "Second's output is held while First runs");
        executor.PassOnHeldOutput();
        record.Lines.Should().Contain("second so far", "a second Ctrl-C ends the process; what was held is printed first");
        build.Release.Set();
        (await running.WaitAsync(TimeSpan.FromSeconds(30))).Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task With_one_at_a_time_targets_run_in_plan_order_and_never_overlap()
    {
        var build = new Ordered();
        build.SideDone.Set();

        await Run(build, ["Earlier", "Side", "Dependent", "Later"], parallelism: 1);

        build.Events.Should().Equal("Earlier", "Side", "First started", "First finished", "Dependent", "Later", "Triggered");
    }

    [Fact]
    public async Task The_summary_lists_targets_in_plan_order_with_the_wall_clock_total()
    {
        var result = await Run(new Overlapping(overlap: false), ["C"], parallelism: 2);

        result.Targets.Select(t => t.Name).Should().Equal("A", "B", "C");
        result.Elapsed.Should().NotBeNull();
        result.Duration.Should().Be(result.Elapsed!.Value);
    }
}
