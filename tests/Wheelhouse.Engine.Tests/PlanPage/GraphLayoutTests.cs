using System.Globalization;
using System.Text;
using Wheelhouse.Engine.Planning;

namespace Wheelhouse.Engine.Tests.PlanPageTests;

public class GraphLayoutTests
{
    public static TheoryData<string> Graphs => ["release", "large"];

    private static PlanGraph Get(string name) => name switch
    {
        "release" => SampleGraphs.Release(),
        "large" => SampleGraphs.Large(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Graphs))]
    public void Every_edge_goes_from_the_earlier_running_node_to_a_later_layer(string which)
    {
        var graph = Get(which);
        var layout = GraphLayout.Compute(graph);

        layout.Edges.Should().HaveCount(graph.Edges.Count);
        foreach (var edge in graph.Edges)
        {
            var earlier = layout.Find(edge.Earlier)!;
            var later = layout.Find(edge.Later)!;
            earlier.Component.Should().Be(later.Component);
            earlier.Layer.Should().BeLessThan(later.Layer, $"{edge} must flow left to right");
            if (edge.Kind == EdgeKind.DependsOn)
                layout.Find(edge.To)!.Layer.Should().BeLessThan(layout.Find(edge.From)!.Layer);
        }

        layout.Edges.Should().OnlyContain(e => !e.Reversed);
    }

    [Theory]
    [MemberData(nameof(Graphs))]
    public void Nodes_do_not_overlap_and_fit_in_the_canvas(string which)
    {
        var layout = GraphLayout.Compute(Get(which));

        layout.Nodes.Should().HaveCount(Get(which).Nodes.Count);
        for (var i = 0; i < layout.Nodes.Count; i++)
        {
            var a = layout.Nodes[i];
            a.X.Should().BeGreaterThanOrEqualTo(0);
            a.Y.Should().BeGreaterThanOrEqualTo(0);
            a.Right.Should().BeLessThanOrEqualTo(layout.Width);
            a.Bottom.Should().BeLessThanOrEqualTo(layout.Height);
            for (var j = i + 1; j < layout.Nodes.Count; j++)
            {
                var b = layout.Nodes[j];
                var overlap = a.X < b.Right && b.X < a.Right && a.Y < b.Bottom && b.Y < a.Bottom;
                overlap.Should().BeFalse($"{a} and {b} must not overlap");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Graphs))]
    public void Edges_start_at_the_earlier_node_and_end_at_the_later_node(string which)
    {
        var layout = GraphLayout.Compute(Get(which));

        foreach (var edge in layout.Edges)
        {
            var from = layout.Find(edge.Edge.Earlier)!;
            var to = layout.Find(edge.Edge.Later)!;
            var start = edge.Points[0];
            var end = edge.Points[^1];
            start.X.Should().BeApproximately(from.Right, 0.001);
            start.Y.Should().BeInRange(from.Y, from.Bottom);
            end.X.Should().BeApproximately(to.X, 0.001);
            end.Y.Should().BeInRange(to.Y, to.Bottom);
            edge.Points.Select(p => p.X).Should().BeInAscendingOrder();
            // One pair of points per layer crossed in between.
            edge.Points.Should().HaveCount(2 + 2 * (to.Layer - from.Layer - 1));
        }
    }

    [Theory]
    [MemberData(nameof(Graphs))]
    public void Layout_is_deterministic_and_independent_of_input_order(string which)
    {
        var first = Dump(GraphLayout.Compute(Get(which)));
        var second = Dump(GraphLayout.Compute(Get(which)));
        var shuffled = Dump(GraphLayout.Compute(SampleGraphs.Shuffled(Get(which))));

        second.Should().Be(first);
        shuffled.Should().Be(first);
    }

    [Fact]
    public void Layers_follow_the_longest_path()
    {
        var layout = GraphLayout.Compute(SampleGraphs.Release());

        string[][] expected =
        [
            ["Clean"], ["BumpVersion"], ["Build"], ["InspectWheel", "Test"], ["PublishTestPyPI"], ["PublishPyPI"], ["VerifyInstall"],
        ];
        for (var layer = 0; layer < expected.Length; layer++)
            layout.Nodes.Where(n => n.Layer == layer).Select(n => n.Name).Should().BeEquivalentTo(expected[layer]);
    }

    [Fact]
    public void Barycenter_ordering_removes_an_avoidable_crossing()
    {
        // Sorted by name, layer 0 is [A, B] and layer 1 is [C, D]; A -> D and B -> C cross unless reordered.
        var graph = Graph(["A", "B", "C", "D"], ("A", "D"), ("B", "C"));
        var layout = GraphLayout.Compute(graph);

        var a = layout.Find("A")!;
        var b = layout.Find("B")!;
        var c = layout.Find("C")!;
        var d = layout.Find("D")!;
        (a.Y < b.Y).Should().Be(d.Y < c.Y, "the two edges must not cross");
        layout.Crossings.Should().Be(0);
    }

    [Fact]
    public void Crossings_are_reduced_to_the_minimum_for_the_release_graph()
    {
        // Test -> PublishPyPI and PublishTestPyPI -> VerifyInstall (a long edge beside PublishPyPI) must cross once.
        GraphLayout.Compute(SampleGraphs.Release()).Crossings.Should().Be(1);
    }

    [Fact]
    public void Long_edges_pass_beside_intermediate_nodes_not_through_them()
    {
        var layout = GraphLayout.Compute(SampleGraphs.Large());

        foreach (var edge in layout.Edges)
        {
            foreach (var p in edge.Points.Skip(1).SkipLast(1))
            {
                layout.Nodes.Should().NotContain(
                    n => p.X > n.X && p.X < n.Right && p.Y > n.Y && p.Y < n.Bottom,
                    $"bend point {p} of {edge.Edge} must not lie inside a node");
            }
        }
    }

    [Fact]
    public void Single_node_and_empty_graph()
    {
        var single = GraphLayout.Compute(Graph(["Only"]));
        single.Nodes.Should().ContainSingle().Which.Layer.Should().Be(0);
        single.Edges.Should().BeEmpty();
        single.Width.Should().BeGreaterThan(single.Nodes[0].Width);

        var empty = GraphLayout.Compute(Graph([]));
        empty.Nodes.Should().BeEmpty();
        empty.Width.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Disconnected_nodes_and_components_are_all_placed()
    {
        var graph = Graph(["A", "B", "C", "D", "E", "Solo1", "Solo2"], ("B", "A"), ("D", "C"), ("E", "D"));
        var layout = GraphLayout.Compute(graph);

        layout.Nodes.Select(n => n.Name).Should().BeEquivalentTo(graph.Nodes.Select(n => n.Name));
        layout.Find("A")!.Component.Should().Be(layout.Find("B")!.Component);
        layout.Find("C")!.Component.Should().NotBe(layout.Find("A")!.Component);
        layout.Find("Solo1")!.Component.Should().Be(layout.Find("Solo2")!.Component);
        // Bigger components first, unconnected targets last.
        layout.Find("E")!.Y.Should().BeLessThan(layout.Find("A")!.Y);
        layout.Find("Solo1")!.Y.Should().BeGreaterThan(layout.Nodes.Where(n => !n.Name.StartsWith("Solo")).Max(n => n.Y));
    }

    [Fact]
    public void Node_width_grows_with_the_name()
    {
        var layout = GraphLayout.Compute(Graph(["Ab", "AVeryLongTargetNameIndeed"]));

        layout.Find("AVeryLongTargetNameIndeed")!.Width.Should().BeGreaterThan(layout.Find("Ab")!.Width + 100);
    }

    [Fact]
    public void Cycles_unknown_endpoints_self_loops_and_duplicates_do_not_break_the_layout()
    {
        var graph = Graph(["A", "B", "C"], ("A", "B"), ("B", "C"), ("C", "A"), ("A", "A"), ("A", "Missing"), ("A", "B"));
        var layout = GraphLayout.Compute(graph);

        layout.Nodes.Should().HaveCount(3);
        layout.Edges.Should().HaveCount(3);
        layout.Edges.Should().ContainSingle(e => e.Reversed);
        foreach (var edge in layout.Edges)
        {
            edge.Points[0].X.Should().BeApproximately(
                edge.Reversed ? layout.Find(edge.Edge.Earlier)!.X : layout.Find(edge.Edge.Earlier)!.Right, 0.001);
        }
    }

    [Fact]
    public void Duplicate_node_names_are_rejected()
    {
        var act = () => GraphLayout.Compute(Graph(["A", "A"]));

        act.Should().Throw<ArgumentException>().WithMessage("*Duplicate*A*");
    }

    internal static PlanGraph Graph(string[] names, params (string From, string To)[] dependsOn) => new(
        names.Select(n => new PlanNode(n, null, PlanNodeState.Runs, null, null, false)).ToList(),
        dependsOn.Select(e => new PlanEdge(e.From, e.To, EdgeKind.DependsOn)).ToList(),
        "test");

    private static string Dump(GraphLayoutResult layout)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{layout.Width}x{layout.Height}\n");
        foreach (var n in layout.Nodes)
            sb.Append(CultureInfo.InvariantCulture, $"{n.Name} c{n.Component} l{n.Layer} p{n.Position} {n.X},{n.Y} {n.Width}x{n.Height}\n");
        foreach (var e in layout.Edges.OrderBy(e => e.Edge.From, StringComparer.Ordinal).ThenBy(e => e.Edge.To, StringComparer.Ordinal).ThenBy(e => e.Edge.Kind))
            sb.Append(CultureInfo.InvariantCulture, $"{e.Edge} {e.Reversed} {string.Join(" ", e.Points.Select(p => $"{p.X},{p.Y}"))}\n");
        return sb.ToString();
    }
}
