using Wheelhouse.Engine.Hosts;
using Wheelhouse.Engine.Output;
using Wheelhouse.Engine.Planning;
using Wheelhouse.Engine.Tests.Definition;

namespace Wheelhouse.Engine.Tests.Output;

public class PlanTextTests
{
    private sealed class Build : BuildBase
    {
        Target Clean => _ => _.Description("Remove dist");
        Target Compile => _ => _.DependsOn(Clean).Description("Compile it");
        Target Test => _ => _.DependsOn(Compile);
        Target Pack => _ => _;
        Target Publish => _ => _.DependsOn(Pack).OnlyWhenStatic(() => IsServerBuild);
    }

    private static string Render(SkipRequest skip, params string[] invoked) =>
        PlanText.Render(ExecutionPlanner.Plan(TargetGraph.FromBuild(new Build().Attached()), invoked, skip));

    [Fact]
    public void The_plan_numbers_running_targets_marks_invoked_ones_and_gives_skip_reasons()
    {
        var text = Render(SkipRequest.None, "Test", "Publish");

        text.Split(Environment.NewLine).Should().Equal(
            "Plan for: Test Publish",
            "",
            "  1   Clean    Remove dist",
            "  2   Compile  Compile it",
            "  3 * Test",
            "  -   Pack     skipped: only needed by skipped Publish",
            "  - * Publish  skipped: condition false: IsServerBuild",
            "",
            "3 to run, 2 skipped (* = invoked).",
            "");
    }

    [Fact]
    public void Skip_requests_show_as_skipped_by_skip()
    {
        var text = Render(SkipRequest.Dependencies, "Test");

        text.Should().Contain("  -   Clean    skipped: not invoked, and --skip skips dependencies");
        text.Should().Contain("  1 * Test");
        text.Should().Contain("1 to run, 2 skipped");
    }

    [Fact]
    public void The_plan_page_graph_carries_order_state_and_invocation()
    {
        var build = new Build().Attached(host: new TerminalHost(new Dictionary<string, string> { ["CI"] = "true" }));
        var graph = TargetGraph.FromBuild(build);
        var plan = ExecutionPlanner.Plan(graph, ["Test", "Publish"], SkipRequest.Of("Clean"));

        var planGraph = PlanGraphBuilder.Build(graph, plan);

        planGraph.Invocation.Should().Be("Test Publish");
        planGraph.Nodes.Select(n => (n.Name, n.State, n.Order, n.Invoked)).Should().Equal(
            ("Clean", PlanNodeState.Skipped, null, false),
            ("Compile", PlanNodeState.Runs, 1, false),
            ("Test", PlanNodeState.Runs, 2, true),
            ("Pack", PlanNodeState.Runs, 3, false),
            ("Publish", PlanNodeState.Runs, 4, true));
        planGraph.Nodes[0].SkipReason.Should().Be("named in --skip");
        planGraph.Edges.Should().BeEquivalentTo(new[]
        {
            new PlanEdge("Compile", "Clean", EdgeKind.DependsOn),
            new PlanEdge("Test", "Compile", EdgeKind.DependsOn),
            new PlanEdge("Publish", "Pack", EdgeKind.DependsOn),
        });
    }

    [Fact]
    public void Targets_outside_the_plan_are_not_in_plan_on_the_page()
    {
        var build = new Build().Attached();
        var graph = TargetGraph.FromBuild(build);

        var nodes = PlanGraphBuilder.Build(graph, ExecutionPlanner.Plan(graph, ["Pack"], SkipRequest.None)).Nodes;

        nodes.Where(n => n.Name != "Pack").Should().OnlyContain(n => n.State == PlanNodeState.NotInPlan && n.Order == null);
    }
}
