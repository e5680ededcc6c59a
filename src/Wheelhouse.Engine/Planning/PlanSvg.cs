using System.Text;
using Wheelhouse.Engine.Planning.Page;
using static Wheelhouse.Engine.Planning.Page.Markup;

namespace Wheelhouse.Engine.Planning;

/// <summary>Draws a laid-out <see cref="PlanGraph"/> as an inline SVG element (no xmlns: meant for HTML5).</summary>
public static class PlanSvg
{
    internal const string DependsOnColor = "#2b3442";
    internal const string OrderingColor = "#8a94a3";
    internal const string TriggersColor = "#a23ac4";
    internal const string AccentColor = "#e8590c";

    /// <summary>Styles used by the SVG; the page puts them into its &lt;style&gt;.</summary>
    public const string Css = """
        svg.plan { display: block; max-width: 100%; height: auto; margin: 0 auto; }
        svg.plan text { font-family: ui-monospace, "DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, "Liberation Mono", monospace; }
        .edge { fill: none; stroke-linecap: round; }
        .edge-dependson { stroke: #2b3442; stroke-width: 1.6; }
        .edge-ordering { stroke: #8a94a3; stroke-width: 1.4; stroke-dasharray: 7 5; stroke-linecap: butt; }
        .edge-triggers { stroke: #a23ac4; stroke-width: 2; stroke-dasharray: 0.1 5; }
        .edge-hit { fill: none; stroke: transparent; stroke-width: 10; }
        .node .box { stroke-width: 1.4; }
        .node.runs .box { fill: #dbe8fb; stroke: #3b6fb6; }
        .node.runs .name { fill: #0f2540; }
        .node.skipped .box { fill: url(#plan-hatch); stroke: #9aa0a6; stroke-dasharray: 5 3; }
        .node.skipped .name { fill: #4d5156; }
        .node.notinplan .box { fill: #ffffff; fill-opacity: 0.6; stroke: #cfd4db; }
        .node.notinplan .name { fill: #9aa0a6; }
        .node.invoked .box { stroke: #e8590c; stroke-width: 3.2; stroke-dasharray: none; }
        .node .name { font-size: 13px; }
        .node .note { font-size: 10px; fill: #6b7280; font-style: italic; }
        .node .badge { fill: #1e4e8c; }
        .node.skipped .badge { fill: #9aa0a6; }
        .node .badge-text { fill: #ffffff; font-size: 10px; font-weight: 700; }
        .node:hover .box { stroke-width: 2.6; }
        .node.invoked:hover .box { stroke-width: 4; }
        .edge-group:hover .edge { stroke-width: 3; }
        """;

    public static string Render(PlanGraph graph) => Render(graph, GraphLayout.Compute(graph));

    public static string Render(PlanGraph graph, GraphLayoutResult layout)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(layout);

        var sb = new StringBuilder();
        var w = Num(layout.Width);
        var h = Num(layout.Height);
        // Shrinks to fit the window, but never below 70 % so the text stays legible (the container scrolls instead).
        var minWidth = Num(Math.Round(layout.Width * 0.7));
        sb.Append($"<svg class=\"plan\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" style=\"min-width: {minWidth}px\" role=\"img\" aria-label=\"Target graph\">\n");
        AppendDefs(sb);

        sb.Append("<g class=\"edges\">\n");
        foreach (var edge in layout.Edges)
            AppendEdge(sb, edge);
        sb.Append("</g>\n");

        var byName = graph.Nodes.GroupBy(n => n.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        sb.Append("<g class=\"nodes\">\n");
        foreach (var placed in layout.Nodes)
        {
            if (byName.TryGetValue(placed.Name, out var node))
                AppendNode(sb, node, placed);
        }

        sb.Append("</g>\n");
        if (layout.Nodes.Count == 0)
            sb.Append("<text x=\"24\" y=\"40\" class=\"empty\">No targets.</text>\n");
        sb.Append("</svg>");
        return sb.ToString();
    }

    internal static string ClassOf(EdgeKind kind) => kind switch
    {
        EdgeKind.DependsOn => "edge-dependson",
        EdgeKind.Ordering => "edge-ordering",
        EdgeKind.Triggers => "edge-triggers",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    internal static string ClassOf(PlanNodeState state) => state switch
    {
        PlanNodeState.Runs => "runs",
        PlanNodeState.Skipped => "skipped",
        PlanNodeState.NotInPlan => "notinplan",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    internal static string Describe(PlanEdge edge) => edge.Kind switch
    {
        EdgeKind.DependsOn => $"{edge.From} depends on {edge.To}",
        EdgeKind.Ordering => $"{edge.From} runs before {edge.To} (if both run)",
        EdgeKind.Triggers => $"{edge.From} triggers {edge.To}",
        _ => edge.ToString(),
    };

    private static void AppendDefs(StringBuilder sb)
    {
        sb.Append("<defs>\n");
        foreach (var (kind, color) in new[]
                 {
                     (EdgeKind.DependsOn, DependsOnColor),
                     (EdgeKind.Ordering, OrderingColor),
                     (EdgeKind.Triggers, TriggersColor),
                 })
        {
            // The tip sits at the end of the path (the node border).
            sb.Append($"<marker id=\"arrow-{ClassOf(kind)[5..]}\" viewBox=\"0 0 10 10\" refX=\"9.5\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">");
            sb.Append($"<path d=\"M0,0.8 L10,5 L0,9.2 z\" fill=\"{color}\"/></marker>\n");
        }

        sb.Append("<pattern id=\"plan-hatch\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">");
        sb.Append("<rect width=\"7\" height=\"7\" fill=\"#f1f2f4\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"7\" stroke=\"#dcdfe4\" stroke-width=\"3\"/></pattern>\n");
        sb.Append("</defs>\n");
    }

    private static void AppendEdge(StringBuilder sb, LayoutEdge edge)
    {
        var e = edge.Edge;
        var path = PathData(edge.Points);
        var cls = ClassOf(e.Kind);
        var title = Escape(Describe(e) + (edge.Reversed ? " (part of a cycle)" : ""));
        sb.Append($"<g class=\"edge-group\" data-from=\"{Escape(e.From)}\" data-to=\"{Escape(e.To)}\" data-kind=\"{cls[5..]}\">");
        sb.Append($"<title>{title}</title>");
        sb.Append($"<path class=\"edge-hit\" d=\"{path}\"/>");
        sb.Append($"<path class=\"edge {cls}\" d=\"{path}\" marker-end=\"url(#arrow-{cls[5..]})\"/>");
        sb.Append("</g>\n");
    }

    /// <summary>Joins the points with cubic curves that leave and enter horizontally.</summary>
    internal static string PathData(IReadOnlyList<LayoutPoint> points)
    {
        if (points.Count == 0)
            return string.Empty;
        var sb = new StringBuilder();
        sb.Append('M').Append(Num(points[0].X)).Append(',').Append(Num(points[0].Y));
        for (var i = 1; i < points.Count; i++)
        {
            LayoutPoint p = points[i - 1], q = points[i];
            if (Math.Abs(p.Y - q.Y) < 0.05)
            {
                sb.Append(" L").Append(Num(q.X)).Append(',').Append(Num(q.Y));
                continue;
            }

            var dx = (q.X - p.X) / 2;
            sb.Append(" C").Append(Num(p.X + dx)).Append(',').Append(Num(p.Y))
                .Append(' ').Append(Num(q.X - dx)).Append(',').Append(Num(q.Y))
                .Append(' ').Append(Num(q.X)).Append(',').Append(Num(q.Y));
        }

        return sb.ToString();
    }

    private static void AppendNode(StringBuilder sb, PlanNode node, LayoutNode placed)
    {
        var classes = "node " + ClassOf(node.State) + (node.Invoked ? " invoked" : "");
        sb.Append($"<g class=\"{classes}\" data-target=\"{Escape(node.Name)}\" transform=\"translate({Num(placed.X)},{Num(placed.Y)})\">");
        sb.Append($"<title>{Escape(Tooltip(node))}</title>");
        sb.Append($"<rect class=\"box\" width=\"{Num(placed.Width)}\" height=\"{Num(placed.Height)}\" rx=\"8\" ry=\"8\"/>");

        var notes = NodeMetrics.NoteLines(node);
        var nameBaseline = notes.Count == 0 ? placed.Height / 2 + 4.5 : NodeMetrics.NameBaselineWithNote;
        if (NodeMetrics.HasBadge(node))
        {
            var cy = nameBaseline - 4.5;
            sb.Append($"<circle class=\"badge\" cx=\"{Num(NodeMetrics.PadLeft + 9)}\" cy=\"{Num(cy)}\" r=\"9\"/>");
            sb.Append($"<text class=\"badge-text\" x=\"{Num(NodeMetrics.PadLeft + 9)}\" y=\"{Num(cy + 3.5)}\" text-anchor=\"middle\">{node.Order}</text>");
        }

        sb.Append($"<text class=\"name\" x=\"{Num(NodeMetrics.TextLeft(node))}\" y=\"{Num(nameBaseline)}\">{Escape(node.Name)}</text>");
        for (var i = 0; i < notes.Count; i++)
        {
            var y = nameBaseline + 14 + i * NodeMetrics.NoteLineHeight;
            sb.Append($"<text class=\"note\" x=\"{Num(NodeMetrics.PadLeft)}\" y=\"{Num(y)}\">{Escape(notes[i])}</text>");
        }
        sb.Append("</g>\n");
    }

    internal static string Tooltip(PlanNode node)
    {
        var lines = new List<string> { node.Name };
        if (!string.IsNullOrWhiteSpace(node.Description))
            lines.Add(node.Description);
        lines.Add(node.State switch
        {
            PlanNodeState.Runs => node.Order is { } o ? $"Runs (step {o})" : "Runs",
            PlanNodeState.Skipped => "Skipped" + (string.IsNullOrWhiteSpace(node.SkipReason) ? "" : ": " + node.SkipReason),
            _ => "Not in plan",
        });
        if (node.Invoked)
            lines.Add("Invoked from the command line");
        return string.Join("\n", lines);
    }
}
