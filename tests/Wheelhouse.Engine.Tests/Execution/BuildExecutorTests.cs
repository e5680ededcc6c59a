using System.Globalization;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Wheelhouse.Engine.Execution;
using Wheelhouse.Engine.Hosts;
using Wheelhouse.Engine.Planning;
using Wheelhouse.Engine.Tests.Definition;

namespace Wheelhouse.Engine.Tests.Execution;

/// <summary>Collects log events in memory.</summary>
internal sealed class ListSink : ILogEventSink
{
    private readonly List<LogEvent> events = [];

    public void Emit(LogEvent logEvent)
    {
        lock (events)
            events.Add(logEvent);
    }

    public IReadOnlyList<LogEvent> Events
    {
        get
        {
            lock (events)
                return events.ToList();
        }
    }

    public IEnumerable<string> Messages => Events.Select(e => e.RenderMessage(CultureInfo.InvariantCulture));
}

public class BuildExecutorTests
{
    private readonly ListSink sink = new();

    private async Task<BuildResult> Run(BuildBase build, string[] invoked, CancellationToken cancellationToken = default)
    {
        var plan = ExecutionPlanner.Plan(TargetGraph.FromBuild(build), invoked, SkipRequest.None);
        var logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger();
        return await new BuildExecutor(logger, new TerminalHost(new Dictionary<string, string>())).RunAsync(plan, cancellationToken);
    }

    private static TargetResult Result(BuildResult result, string name) => result.Targets.Single(t => t.Name == name);

    private abstract class Recording : BuildBase
    {
        public List<string> Ran { get; } = [];

        protected void Record(string name)
        {
            lock (Ran)
                Ran.Add(name);
        }
    }

    private sealed class Pipeline : Recording
    {
        Target Restore => _ => _.Executes(() => Record("Restore"));
        Target Compile => _ => _.DependsOn(Restore).Executes(() => Record("Compile"));
        Target Lint => _ => _.OnlyWhenStatic(() => false).Executes(() => Record("Lint"));
        Target Test => _ => _.DependsOn(Compile, Lint).Executes(() => Record("Test"));
    }

    [Fact]
    public async Task A_successful_run_runs_every_target_in_plan_order_and_succeeds()
    {
        var build = new Pipeline();

        var result = await Run(build, ["Test"]);

        build.Ran.Should().Equal("Restore", "Compile", "Test");
        result.Targets.Select(t => (t.Name, t.Status)).Should().Equal(
            ("Restore", TargetStatus.Succeeded), ("Compile", TargetStatus.Succeeded), ("Lint", TargetStatus.Skipped), ("Test", TargetStatus.Succeeded));
        Result(result, "Lint").Reason.Should().Be("condition false: false");
        Result(result, "Test").Reason.Should().BeNull();
        result.Succeeded.Should().BeTrue();
        result.Cancelled.Should().BeFalse();
    }

    [Fact]
    public async Task Each_running_target_is_announced_in_the_log()
    {
        await Run(new Pipeline(), ["Compile"]);

        sink.Messages.Should().ContainInOrder("── \"Restore\" ──", "── \"Compile\" ──");
    }

    private sealed class Failing : Recording
    {
        Target Restore => _ => _.Executes(() => Record("Restore"));
        Target Compile => _ => _.DependsOn(Restore).Executes(() =>
        {
            Record("Compile");
            throw new InvalidOperationException("compiler crashed\nsecond line");
        });
        Target Docs => _ => _.Executes(() => Record("Docs"));
        Target Test => _ => _.DependsOn(Compile).Executes(() => Record("Test"));
        Target Cleanup => _ => _.AssuredAfterFailure().DependsOn(Compile).Executes(() => Record("Cleanup"));
    }

    [Fact]
    public async Task A_failure_stops_the_targets_after_it_and_fails_the_build()
    {
        var build = new Failing();

        var result = await Run(build, ["Test", "Docs"]);

        build.Ran.Should().Equal("Restore", "Compile");
        Result(result, "Compile").Status.Should().Be(TargetStatus.Failed);
        Result(result, "Compile").Reason.Should().Be("InvalidOperationException: compiler crashed");
        Result(result, "Test").Should().BeEquivalentTo(new { Status = TargetStatus.NotRun, Reason = "an earlier target failed" });
        Result(result, "Docs").Should().BeEquivalentTo(new { Status = TargetStatus.NotRun, Reason = "an earlier target failed" });
        result.Succeeded.Should().BeFalse();
        result.Cancelled.Should().BeFalse();
    }

    [Fact]
    public async Task A_failure_is_logged_as_an_error_with_the_exception()
    {
        await Run(new Failing(), ["Compile"]);

        var error = sink.Events.Should().ContainSingle(e => e.Level == LogEventLevel.Error).Which;
        error.Exception.Should().BeOfType<InvalidOperationException>();
        error.RenderMessage(CultureInfo.InvariantCulture).Should().Contain("Compile").And.Contain("compiler crashed");
    }

    [Fact]
    public async Task A_build_exception_reason_is_its_first_line_without_the_type_name()
    {
        var result = await Run(new Throwing(), ["Fail"]);

        Result(result, "Fail").Reason.Should().Be("Nothing to publish.");
    }

    private sealed class Throwing : BuildBase
    {
        Target Fail => _ => _.Executes(() => throw new BuildException("Nothing to publish.\r\nRun Pack first."));
    }

    [Fact]
    public async Task An_assured_target_runs_after_a_failure_even_when_its_dependency_failed()
    {
        var build = new Failing();

        var result = await Run(build, ["Test", "Cleanup"]);

        build.Ran.Should().Equal("Restore", "Compile", "Cleanup");
        Result(result, "Cleanup").Status.Should().Be(TargetStatus.Succeeded);
        Result(result, "Test").Status.Should().Be(TargetStatus.NotRun);
        result.Succeeded.Should().BeFalse();
    }

    private sealed class Proceeding : Recording
    {
        Target Restore => _ => _.Executes(() => Record("Restore"));
        Target Lint => _ => _.ProceedAfterFailure().Executes(() =>
        {
            Record("Lint");
            throw new BuildException("3 style errors");
        });
        Target Format => _ => _.DependsOn(Lint).Executes(() => Record("Format"));
        Target Report => _ => _.DependsOn(Format).Executes(() => Record("Report"));
        Target Compile => _ => _.DependsOn(Restore).Executes(() => Record("Compile"));
        Target All => _ => _.DependsOn(Lint, Report, Compile).Executes(() => Record("All"));
    }

    [Fact]
    public async Task ProceedAfterFailure_continues_with_targets_that_do_not_depend_on_the_failed_one()
    {
        var build = new Proceeding();

        var result = await Run(build, ["All"]);

        build.Ran.Should().Equal("Lint", "Restore", "Compile");
        Result(result, "Lint").Should().BeEquivalentTo(new { Status = TargetStatus.Failed, Reason = "3 style errors" });
        Result(result, "Format").Should().BeEquivalentTo(new { Status = TargetStatus.NotRun, Reason = "dependency Lint failed" });
        Result(result, "Report").Should().BeEquivalentTo(new { Status = TargetStatus.NotRun, Reason = "dependency Format did not run" });
        Result(result, "Compile").Status.Should().Be(TargetStatus.Succeeded);
        Result(result, "All").Should().BeEquivalentTo(new { Status = TargetStatus.NotRun, Reason = "dependency Lint failed" });
        result.Succeeded.Should().BeFalse();
    }

    private sealed class Asynchronous : Recording
    {
        public bool Done;

        Target Slow => _ => _.Executes(async () =>
        {
            await Task.Delay(100);
            Record("Slow");
            Done = true;
        });
        Target Second => _ => _.DependsOn(Slow).Executes(async cancellationToken =>
        {
            await Task.Yield();
            Record(Done ? "Second saw Slow done" : "Second ran too early");
        });
        Target Third => _ => _.DependsOn(Second).Executes(() => Record("Third"));
    }

    [Fact]
    public async Task Async_actions_are_awaited_before_the_next_target_starts()
    {
        var build = new Asynchronous();

        var result = await Run(build, ["Third"]);

        build.Ran.Should().Equal("Slow", "Second saw Slow done", "Third");
        result.Succeeded.Should().BeTrue();
        Result(result, "Slow").Duration.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(90));
    }

    private sealed class SeveralActions : Recording
    {
        Target Build => _ => _
            .Executes(() => Record("one"))
            .Executes(async () => { await Task.Delay(20); Record("two"); })
            .Executes(() => throw new InvalidOperationException("three"))
            .Executes(() => Record("four"));
    }

    [Fact]
    public async Task A_target_runs_its_actions_in_order_and_stops_at_the_first_that_throws()
    {
        var build = new SeveralActions();

        var result = await Run(build, ["Build"]);

        build.Ran.Should().Equal("one", "two");
        Result(result, "Build").Status.Should().Be(TargetStatus.Failed);
    }

    private sealed class Dynamic : Recording
    {
        public bool Publishable;
        public bool Deployable = true;

        Target Check => _ => _.Executes(() =>
        {
            Publishable = true;
            Deployable = false;
        });
        Target Publish => _ => _.After(Check).OnlyWhenDynamic(() => Publishable).Executes(() => Record("Publish"));
        Target Deploy => _ => _.After(Check).OnlyWhenDynamic(() => Deployable).Executes(() => Record("Deploy"));
        Target Notify => _ => _.DependsOn(Deploy).Executes(() => Record("Notify"));
    }

    [Fact]
    public async Task Dynamic_conditions_are_evaluated_right_before_the_target_runs()
    {
        var build = new Dynamic();

        var result = await Run(build, ["Check", "Publish", "Deploy"]);

        build.Ran.Should().Equal("Publish");
        Result(result, "Publish").Status.Should().Be(TargetStatus.Succeeded);
        Result(result, "Deploy").Should().BeEquivalentTo(new { Status = TargetStatus.Skipped, Reason = "condition false: Deployable" });
        result.Succeeded.Should().BeTrue("a skipped target does not fail the build");
        sink.Messages.Should().Contain("Skipping \"Deploy\": condition false: \"Deployable\"");
    }

    [Fact]
    public async Task A_target_depending_on_a_dynamically_skipped_one_still_runs()
    {
        var build = new Dynamic();

        var result = await Run(build, ["Check", "Notify"]);

        Result(result, "Deploy").Status.Should().Be(TargetStatus.Skipped);
        Result(result, "Notify").Status.Should().Be(TargetStatus.Succeeded);
    }

    private sealed class Cancellable : Recording
    {
        public readonly TaskCompletionSource Started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public CancellationToken AssuredToken;

        Target Long => _ => _.Executes(async cancellationToken =>
        {
            Record("Long started");
            Started.SetResult();
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            Record("Long finished");
        });
        Target Next => _ => _.DependsOn(Long).Executes(() => Record("Next"));
        Target Unrelated => _ => _.After(Long).Executes(() => Record("Unrelated"));
        Target Cleanup => _ => _.AssuredAfterFailure().After(Next, Unrelated).Executes(cancellationToken =>
        {
            AssuredToken = cancellationToken;
            Record("Cleanup");
            return Task.CompletedTask;
        });
    }

    [Fact]
    public async Task Cancelling_mid_target_fails_it_as_cancelled_leaves_the_rest_not_run_and_still_runs_assured_targets()
    {
        var build = new Cancellable();
        using var cancellation = new CancellationTokenSource();

        var running = Run(build, ["Next", "Unrelated", "Cleanup"], cancellation.Token);
        await build.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await cancellation.CancelAsync();
        var result = await running.WaitAsync(TimeSpan.FromSeconds(10));

        build.Ran.Should().Equal("Long started", "Cleanup");
        Result(result, "Long").Should().BeEquivalentTo(new { Status = TargetStatus.Failed, Reason = "cancelled" });
        Result(result, "Next").Should().BeEquivalentTo(new { Status = TargetStatus.NotRun, Reason = "build cancelled" });
        Result(result, "Unrelated").Should().BeEquivalentTo(new { Status = TargetStatus.NotRun, Reason = "build cancelled" });
        Result(result, "Cleanup").Status.Should().Be(TargetStatus.Succeeded);
        build.AssuredToken.CanBeCanceled.Should().BeFalse("an assured target cleans up with a token that is not cancelled");
        result.Cancelled.Should().BeTrue();
        result.Succeeded.Should().BeFalse();
        sink.Messages.Should().Contain("\"Long\" was cancelled.");
    }

    [Fact]
    public async Task A_build_cancelled_before_it_starts_runs_only_assured_targets()
    {
        var build = new Cancellable();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var result = await Run(build, ["Next", "Cleanup"], cancellation.Token);

        build.Ran.Should().Equal("Cleanup");
        result.Targets.Where(t => t.Name != "Cleanup").Should().OnlyContain(t => t.Status == TargetStatus.NotRun && t.Reason == "build cancelled");
        result.Cancelled.Should().BeTrue();
    }

    [Fact]
    public void BuildResult_succeeds_only_when_every_target_succeeded_or_was_skipped_and_nothing_was_cancelled()
    {
        TargetResult Target(TargetStatus status) => new("T", status, TimeSpan.FromSeconds(1), null);

        new BuildResult([Target(TargetStatus.Succeeded), Target(TargetStatus.Skipped)], false).Succeeded.Should().BeTrue();
        new BuildResult([], false).Succeeded.Should().BeTrue();
        new BuildResult([Target(TargetStatus.Succeeded), Target(TargetStatus.Failed)], false).Succeeded.Should().BeFalse();
        new BuildResult([Target(TargetStatus.NotRun)], false).Succeeded.Should().BeFalse();
        new BuildResult([Target(TargetStatus.Succeeded)], true).Succeeded.Should().BeFalse();
        new BuildResult([Target(TargetStatus.Succeeded), Target(TargetStatus.Failed)], false).Duration.Should().Be(TimeSpan.FromSeconds(2));
    }
}
