using System.Text;
using static Wheelhouse.Engine.Planning.Page.Markup;

namespace Wheelhouse.Engine.Planning.Page;

/// <summary>
/// The plan page's CI part: each pipeline as columns of job cards (a job stands one column right of the last job it
/// needs), each card naming its targets (coloured as in the graph above, so the local plan and the jobs read together),
/// its environment, its permissions (a credential-minting one in red) and its artifacts.
/// </summary>
internal static class PipelineSection
{
    public const string Css = """
        section.pipelines h2 { margin-top: 26px; }
        .pipeline { background: #ffffff; border: 1px solid #e3e6ea; border-radius: 10px; padding: 10px 14px 14px; margin: 0 0 14px; overflow-x: auto; }
        .pipeline h3 { margin: 0 0 10px; font-size: 14px; font-weight: 650; }
        .pipeline h3 .on { font-weight: 400; color: #5f6b7a; margin-left: 8px; }
        .stages { display: flex; align-items: stretch; gap: 0; }
        .stage { display: flex; flex-direction: column; gap: 10px; min-width: 190px; max-width: 260px; flex: 1 1 0; }
        .needs-arrow { flex: none; width: 30px; display: flex; align-items: center; justify-content: center; }
        .job { border: 1.5px solid #b9c3cf; border-radius: 8px; padding: 7px 9px 8px; background: #fbfcfd; font-size: 12.5px; }
        .job.elevated { border-color: #c92a2a; box-shadow: inset 3px 0 0 #c92a2a; }
        .job .id { font-weight: 700; font-size: 13px; }
        .job .env { float: right; font-size: 11px; background: #fff3bf; border: 1px solid #e0c35c; border-radius: 10px; padding: 0 7px; color: #5c4700; }
        .job ul.targets { list-style: none; margin: 6px 0 4px; padding: 0; display: flex; flex-wrap: wrap; gap: 4px; }
        .job ul.targets li { border: 1.4px solid #cfd4db; border-radius: 5px; padding: 1px 6px; background: #ffffff; color: #6b7280; }
        .job ul.targets li.runs { background: #dbe8fb; border-color: #3b6fb6; color: #0f2540; }
        .job ul.targets li.skipped { border-style: dashed; color: #4d5156; }
        .job ul.targets li.invoked { border-color: #e8590c; border-width: 2.4px; }
        .job .skipdeps { color: #5f6b7a; font-size: 11.5px; }
        .job .line { margin: 2px 0 0; color: #3d4754; font-size: 11.5px; overflow-wrap: anywhere; }
        .job .perm { display: inline-block; border-radius: 4px; padding: 0 5px; margin: 1px 3px 1px 0; background: #eef1f5; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 11px; }
        .job .perm.elevated { background: #ffe3e3; color: #a61e1e; font-weight: 700; }
        ol.order .ci { color: #5f6b7a; font-size: 12px; margin-left: 6px; }
        ol.order .ci code, ol.order li.skipped .ci code { background: #eef1f5; border-radius: 4px; padding: 0 4px; color: #3d4754; text-decoration: none; }
        """;

    public static void Append(StringBuilder sb, PlanGraph graph)
    {
        if (graph.Pipelines.Count == 0)
            return;
        var nodes = graph.Nodes.ToDictionary(n => n.Name, StringComparer.OrdinalIgnoreCase);
        sb.Append("<section class=\"pipelines\">\n<h2>In CI: which job runs which targets</h2>\n");
        sb.Append("<p class=\"note\">Targets are coloured as in the graph above (this plan's targets filled); a job runs right of the jobs it needs. " +
                  "A job with <code>--skip</code> runs only its own targets, on what the jobs before it handed over. A red edge: the job can obtain credentials.</p>\n");
        foreach (var pipeline in graph.Pipelines)
        {
            sb.Append($"<div class=\"pipeline\" data-pipeline=\"{Escape(pipeline.Name)}\">\n");
            sb.Append($"<h3><code>{Escape(pipeline.Name)}</code><span class=\"on\">{Escape(pipeline.StartsOn)}</span></h3>\n<div class=\"stages\">\n");
            var stages = Stages(pipeline);
            for (var s = 0; s < stages.Count; s++)
            {
                if (s > 0)
                    sb.Append("<div class=\"needs-arrow\" aria-hidden=\"true\"><svg width=\"26\" height=\"14\" viewBox=\"0 0 26 14\"><path d=\"M1,7 L17,7\" stroke=\"#2b3442\" stroke-width=\"1.6\"/><path d=\"M16,2 L25,7 L16,12 z\" fill=\"#2b3442\"/></svg></div>\n");
                sb.Append("<div class=\"stage\">\n");
                foreach (var job in stages[s])
                    AppendJob(sb, job, nodes);
                sb.Append("</div>\n");
            }

            sb.Append("</div>\n</div>\n");
        }

        sb.Append("</section>\n");
    }

    /// <summary>"in CI: release.yml build" after a target in the execution order: the jobs that run it.</summary>
    public static string JobsOf(PlanGraph graph, string target)
    {
        var jobs = graph.Pipelines
            .SelectMany(p => p.Jobs.Where(j => j.Targets.Contains(target, StringComparer.OrdinalIgnoreCase)).Select(j => $"{p.Name[(p.Name.LastIndexOf('/') + 1)..]} {j.Id}"))
            .ToList();
        return jobs.Count == 0 ? "" : $" <span class=\"ci\">in CI: {string.Join(", ", jobs.Select(j => $"<code>{Escape(j)}</code>"))}</span>";
    }

    private static void AppendJob(StringBuilder sb, PlanJob job, Dictionary<string, PlanNode> nodes)
    {
        sb.Append($"<article class=\"job{(job.IsElevated ? " elevated" : "")}\" data-job=\"{Escape(job.Id)}\">");
        if (job.Environment is { Length: > 0 } environment)
            sb.Append($"<span class=\"env\" title=\"deployment environment\">{Escape(environment)}</span>");
        sb.Append($"<span class=\"id\">{Escape(job.Id)}</span>\n<ul class=\"targets\">");
        foreach (var target in job.Targets)
        {
            var classes = nodes.TryGetValue(target, out var node) ? PlanSvg.ClassOf(node.State) + (node.Invoked ? " invoked" : "") : "unknown";
            sb.Append($"<li class=\"{classes}\" data-target=\"{Escape(target)}\"><code>{Escape(target)}</code></li>");
        }

        sb.Append("</ul>\n");
        if (job.SkipsDependencies)
            sb.Append("<div class=\"skipdeps\">--skip: the jobs before it ran the dependencies</div>\n");
        if (job.Needs.Count > 0)
            sb.Append($"<p class=\"line needs\">needs {Escape(string.Join(", ", job.Needs))}</p>\n");
        sb.Append("<p class=\"line perms\">");
        if (job.Permissions.Count == 0)
            sb.Append("<span class=\"perm\">no permissions</span>");
        foreach (var permission in job.Permissions)
        {
            var elevated = job.Elevated.Contains(permission, StringComparer.Ordinal);
            sb.Append($"<span class=\"perm{(elevated ? " elevated" : "")}\">{Escape(permission)}</span>");
        }

        sb.Append("</p>\n");
        foreach (var detail in job.Details)
            sb.Append($"<p class=\"line detail\">{Escape(detail)}</p>\n");
        sb.Append("</article>\n");
    }

    /// <summary>Jobs by the length of their longest chain of needs; within a column in the pipeline's order. A need that names no job counts as none.</summary>
    private static List<List<PlanJob>> Stages(PlanPipeline pipeline)
    {
        var byId = pipeline.Jobs.ToDictionary(j => j.Id, StringComparer.Ordinal);
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        int Depth(PlanJob job, int guard)
        {
            if (depth.TryGetValue(job.Id, out var known))
                return known;
            // A cycle of needs cannot run on GitHub; the generator refuses it, the guard only keeps the page finite.
            var value = guard > pipeline.Jobs.Count ? 0
                : job.Needs.Where(byId.ContainsKey).Select(n => Depth(byId[n], guard + 1) + 1).DefaultIfEmpty(0).Max();
            depth[job.Id] = value;
            return value;
        }

        foreach (var job in pipeline.Jobs)
            Depth(job, 0);
        return pipeline.Jobs.GroupBy(j => depth[j.Id]).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();
    }
}
