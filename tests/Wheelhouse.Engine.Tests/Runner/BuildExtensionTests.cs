using Wheelhouse.Engine.Output;
using Wheelhouse.Engine.Planning;
using Wheelhouse.Engine.Tests.Definition;

namespace Wheelhouse.Engine.Tests.Runner;

/// <summary>Records what the engine told it; shared by the builds below through a static list per test.</summary>
internal sealed class RecordingExtensionAttribute(string name) : BuildExtensionAttribute
{
    public static readonly List<string> Calls = [];

    public override void OnBuildInitialized(BuildExtensionContext context)
    {
        var build = (ExtendedBuild)context.Build;
        Calls.Add($"{name} initialized: plan {string.Join(' ', context.Plan.Running.Select(t => t.Name))}; ran so far: {build.Ran.Count}; targets {context.Graph.Targets.Count}");
        Serilog.Log.Warning("{Name} says the workflows are stale", name);
    }

    public override IEnumerable<string> PlanNotes(BuildExtensionContext context) =>
        [$"{name}: {string.Join(", ", context.Plan.Invoked.Select(t => t.Name))}", "  second line  "];
}

internal sealed class FailingExtensionAttribute : BuildExtensionAttribute
{
    public override void OnBuildInitialized(BuildExtensionContext context) => throw new BuildException("The extension refuses this run.");
}

internal sealed class SilentExtensionAttribute : BuildExtensionAttribute;

[RecordingExtension("first")]
[SilentExtension]
[RecordingExtension("second")]
internal sealed class ExtendedBuild : BuildBase
{
    public List<string> Ran { get; } = [];

    public Target Compile => _ => _.Executes(() => Ran.Add("Compile"));
    public Target Pack => _ => _.DependsOn(Compile).Executes(() => Ran.Add("Pack"));
}

[FailingExtension]
internal sealed class RefusedBuild : BuildBase
{
    public List<string> Ran { get; } = [];

    public Target Compile => _ => _.Executes(() => Ran.Add("Compile"));
}

[Collection(ConsoleCollection.Name)]
public sealed class BuildExtensionTests : IDisposable
{
    private readonly RunnerHarness harness = new();

    public BuildExtensionTests() => RecordingExtensionAttribute.Calls.Clear();

    public void Dispose() => harness.Dispose();

    [Fact]
    public void Extensions_are_initialized_with_the_plan_before_the_first_target_runs_and_may_log()
    {
        var build = new ExtendedBuild();
        var run = harness.Run(build, "Pack");

        run.ExitCode.Should().Be(0);
        RecordingExtensionAttribute.Calls.Should().Equal(
            "first initialized: plan Compile Pack; ran so far: 0; targets 2",
            "second initialized: plan Compile Pack; ran so far: 0; targets 2");
        run.Out.Should().Contain("first says the workflows are stale").And.Contain("second says the workflows are stale");
        run.Out.IndexOf("stale", StringComparison.Ordinal).Should().BeLessThan(run.Out.IndexOf("Running Compile, Pack", StringComparison.Ordinal));
        build.Ran.Should().Equal("Compile", "Pack");
    }

    [Fact]
    public void Plan_prints_each_extensions_notes_after_the_plan_and_initializes_none()
    {
        var build = new ExtendedBuild();
        var run = harness.Run(build, "--plan", "Pack");

        run.ExitCode.Should().Be(0);
        RecordingExtensionAttribute.Calls.Should().BeEmpty();
        build.Ran.Should().BeEmpty();
        var lines = run.Out.Split(Environment.NewLine);
        var summary = Array.IndexOf(lines, "2 to run, 0 skipped (* = invoked).");
        lines[(summary + 1)..(summary + 7)].Should().Equal("", "first: Pack", "  second line", "", "second: Pack", "  second line");
        lines[summary + 7].Should().StartWith("Target graph: ");
    }

    [Fact]
    public void Help_initializes_no_extension()
    {
        harness.Run(new ExtendedBuild(), "--help").ExitCode.Should().Be(0);
        RecordingExtensionAttribute.Calls.Should().BeEmpty();
    }

    [Fact]
    public void An_extension_that_throws_stops_the_run_before_any_target_with_one_clean_error()
    {
        var build = new RefusedBuild();
        var run = harness.Run(build, "Compile");

        run.ExitCode.Should().Be(BuildRunner.FailureExitCode);
        run.Error.Should().Be("error: The extension refuses this run." + Environment.NewLine);
        build.Ran.Should().BeEmpty();
    }

    [Fact]
    public void A_build_without_extensions_has_none()
    {
        BuildExtensionAttribute.Of(typeof(PlainBuild)).Should().BeEmpty();
        BuildExtensionAttribute.Of(typeof(ExtendedBuild)).Should().HaveCount(3);
    }

    [Fact]
    public void Plan_text_leaves_out_empty_note_blocks_and_trims_line_ends()
    {
        var build = new ExtendedBuild().Attached();
        var plan = ExecutionPlanner.Plan(TargetGraph.FromBuild(build), ["Compile"], SkipRequest.None);

        var text = PlanText.Render(plan, [[], ["note  "], []]);

        text.Should().EndWith($"1 to run, 0 skipped (* = invoked).{Environment.NewLine}{Environment.NewLine}note{Environment.NewLine}");
        PlanText.Render(plan).Should().EndWith($"1 to run, 0 skipped (* = invoked).{Environment.NewLine}");
    }
}
