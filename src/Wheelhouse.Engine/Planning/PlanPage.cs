using System.Text;
using static Wheelhouse.Engine.Planning.Page.Markup;

namespace Wheelhouse.Engine.Planning;

/// <summary>
/// Renders the self-contained HTML page of <c>--plan</c>: header, legend, the target graph as inline SVG, the
/// CI pipelines' jobs (when a build extension names them) and the execution order. The page loads nothing: no scripts, fonts, images or style sheets from anywhere.
/// </summary>
public static class PlanPage
{
    private const string PageCss = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #f6f7f9; color: #1f2933; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", "DejaVu Sans", sans-serif; }
        code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, "Liberation Mono", monospace; }
        header { padding: 14px 24px 10px; background: #ffffff; border-bottom: 1px solid #e3e6ea; display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 18px; }
        header h1 { margin: 0; font-size: 19px; font-weight: 650; }
        header .invocation { margin: 0; font-size: 14px; background: #eef1f5; border: 1px solid #dde2e8; border-radius: 6px; padding: 2px 8px; overflow-wrap: anywhere; }
        header .summary { margin: 0; color: #5f6b7a; font-size: 13px; }
        main { padding: 12px 24px 28px; }
        .legend { display: flex; flex-wrap: wrap; gap: 6px 22px; align-items: center; margin: 0 0 10px; padding: 0; list-style: none; color: #3d4754; font-size: 12.5px; }
        .legend li { display: flex; align-items: center; gap: 7px; }
        .legend svg { flex: none; }
        .legend .hint { color: #7b8591; }
        .legend .sep { width: 1px; height: 18px; background: #d5dae0; }
        .graph { background: #ffffff; border: 1px solid #e3e6ea; border-radius: 10px; overflow: auto; max-height: calc(100vh - 150px); min-height: 120px; }
        h2 { font-size: 15px; margin: 22px 0 8px; }
        ol.order { margin: 0; padding-left: 2.6em; }
        ol.order li { margin: 2px 0; }
        ol.order li.skipped code { color: #6b7280; text-decoration: line-through; text-decoration-color: #b8bec6; }
        ol.order .desc { color: #5f6b7a; }
        ol.order .skip { color: #8a5a00; font-style: italic; }
        ol.order li.invoked code { font-weight: 700; color: #b44708; }
        p.note { color: #5f6b7a; margin: 8px 0 0; }
        p.note code { color: #3d4754; }
        .empty { fill: #5f6b7a; font-size: 14px; }
        """;

    public static string Render(PlanGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var layout = GraphLayout.Compute(graph);
        var nodes = graph.Nodes.OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        var invocation = Escape(graph.Invocation);

        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        sb.Append($"<title>Build plan: {invocation}</title>\n");
        sb.Append("<style>\n").Append(PageCss).Append('\n').Append(PlanSvg.Css).Append('\n').Append(Page.PipelineSection.Css).Append("\n</style>\n</head>\n<body>\n");

        var runs = nodes.Count(n => n.State == PlanNodeState.Runs);
        var skipped = nodes.Count(n => n.State == PlanNodeState.Skipped);
        var notInPlan = nodes.Count(n => n.State == PlanNodeState.NotInPlan);
        sb.Append("<header>\n<h1>Build plan</h1>\n");
        sb.Append($"<p class=\"invocation\"><code>{invocation}</code></p>\n");
        sb.Append($"<p class=\"summary\">{runs} {Plural(runs, "target runs", "targets run")} \u00b7 {skipped} skipped \u00b7 {notInPlan} not in plan</p>\n");
        sb.Append("</header>\n<main>\n");

        AppendLegend(sb);
        sb.Append("<div class=\"graph\">\n").Append(PlanSvg.Render(graph, layout)).Append("\n</div>\n");
        Page.PipelineSection.Append(sb, graph);
        AppendOrder(sb, nodes, graph);
        sb.Append("</main>\n</body>\n</html>\n");
        return sb.ToString();
    }

    private static string Plural(int count, string one, string many) => count == 1 ? one : many;

    private static void AppendLegend(StringBuilder sb)
    {
        sb.Append("<ul class=\"legend\" aria-label=\"Legend\">\n");
        AppendEdgeSample(sb, EdgeKind.DependsOn, PlanSvg.DependsOnColor, "<code>B</code> depends on <code>A</code>");
        AppendEdgeSample(sb, EdgeKind.Ordering, PlanSvg.OrderingColor, "<code>A</code> before <code>B</code> (if both run)");
        AppendEdgeSample(sb, EdgeKind.Triggers, PlanSvg.TriggersColor, "<code>A</code> triggers <code>B</code>");
        sb.Append("<li class=\"sep\" aria-hidden=\"true\"></li>\n");
        AppendNodeSample(sb, "runs", "runs, step n", badge: true);
        AppendNodeSample(sb, "skipped", "skipped", badge: false);
        AppendNodeSample(sb, "notinplan", "not in plan", badge: false);
        AppendNodeSample(sb, "runs invoked", "invoked", badge: false);
        sb.Append("<li class=\"hint\">arrows follow execution order \u00b7 hover for details</li>\n");
        sb.Append("</ul>\n");
    }

    private static void AppendEdgeSample(StringBuilder sb, EdgeKind kind, string color, string html)
    {
        var cls = PlanSvg.ClassOf(kind);
        sb.Append($"<li class=\"legend-{cls}\"><svg width=\"46\" height=\"12\" viewBox=\"0 0 46 12\" aria-hidden=\"true\">");
        sb.Append($"<path class=\"edge {cls}\" d=\"M2,6 L37,6\"/><path d=\"M36,1.8 L45,6 L36,10.2 z\" fill=\"{color}\"/></svg>");
        sb.Append($"<span>{html}</span></li>\n");
    }

    private static void AppendNodeSample(StringBuilder sb, string classes, string label, bool badge)
    {
        sb.Append($"<li class=\"legend-{classes.Replace(' ', '-')}\"><svg width=\"34\" height=\"20\" viewBox=\"0 0 34 20\" aria-hidden=\"true\">");
        sb.Append($"<g class=\"node {classes}\"><rect class=\"box\" x=\"2\" y=\"2\" width=\"30\" height=\"16\" rx=\"5\" ry=\"5\"/>");
        if (badge)
            sb.Append("<circle class=\"badge\" cx=\"11\" cy=\"10\" r=\"5\"/>");
        sb.Append($"</g></svg><span>{Escape(label)}</span></li>\n");
    }

    private static void AppendOrder(StringBuilder sb, List<PlanNode> nodes, PlanGraph graph)
    {
        var planned = nodes.Where(n => n.Order is not null && n.State != PlanNodeState.NotInPlan)
            .OrderBy(n => n.Order)
            .ThenBy(n => n.Name, StringComparer.Ordinal)
            .ToList();
        var skippedUnordered = nodes.Where(n => n.Order is null && n.State == PlanNodeState.Skipped).ToList();
        var notInPlan = nodes.Where(n => n.State == PlanNodeState.NotInPlan).ToList();
        var runningWithoutOrder = nodes.Where(n => n.Order is null && n.State == PlanNodeState.Runs).ToList();

        sb.Append("<section class=\"execution\">\n<h2>Execution order</h2>\n");
        if (planned.Count == 0 && runningWithoutOrder.Count == 0)
        {
            sb.Append("<p class=\"note\">Nothing runs.</p>\n");
        }
        else
        {
            sb.Append("<ol class=\"order\">\n");
            foreach (var node in planned.Concat(runningWithoutOrder))
                AppendOrderItem(sb, node, node.Order, graph);
            sb.Append("</ol>\n");
        }

        if (skippedUnordered.Count > 0)
        {
            sb.Append("<h2>Skipped</h2>\n<ul class=\"order\">\n");
            foreach (var node in skippedUnordered)
                AppendOrderItem(sb, node, null, graph);
            sb.Append("</ul>\n");
        }

        if (notInPlan.Count > 0)
        {
            sb.Append("<p class=\"note\">Not in plan: ");
            sb.Append(string.Join(", ", notInPlan.Select(n => $"<code>{Escape(n.Name)}</code>")));
            sb.Append("</p>\n");
        }

        sb.Append("</section>\n");
    }

    private static void AppendOrderItem(StringBuilder sb, PlanNode node, int? order, PlanGraph graph)
    {
        var classes = PlanSvg.ClassOf(node.State) + (node.Invoked ? " invoked" : "");
        var value = order is { } o ? $" value=\"{o}\"" : "";
        sb.Append($"<li class=\"{classes}\"{value} data-target=\"{Escape(node.Name)}\"><code>{Escape(node.Name)}</code>");
        if (!string.IsNullOrWhiteSpace(node.Description))
            sb.Append($" <span class=\"desc\">\u2014 {Escape(node.Description)}</span>");
        if (node.State == PlanNodeState.Skipped)
        {
            var reason = string.IsNullOrWhiteSpace(node.SkipReason) ? "skipped" : "skipped: " + node.SkipReason;
            sb.Append($" <span class=\"skip\">({Escape(reason)})</span>");
        }

        sb.Append(Page.PipelineSection.JobsOf(graph, node.Name));

        sb.Append("</li>\n");
    }
}
