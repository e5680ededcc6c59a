using System.Text.RegularExpressions;
using System.Xml.Linq;
using Wheelhouse.Engine.Planning;

namespace Wheelhouse.Engine.Tests.PlanPageTests;

public class PlanPageRenderTests
{
    [Fact]
    public void Page_is_an_html5_document_with_title_header_legend_svg_and_order()
    {
        var html = PlanPage.Render(SampleGraphs.Release());

        html.Should().StartWith("<!DOCTYPE html>");
        html.Should().Contain("<meta charset=\"utf-8\">");
        html.Should().Contain("<title>Build plan: ./build.sh PublishTestPyPI --plan</title>");
        html.Should().Contain("<style>");
        html.Should().Contain("<header>").And.Contain("<code>./build.sh PublishTestPyPI --plan</code>");
        html.Should().Contain("class=\"legend\"");
        html.Should().Contain("<svg class=\"plan\"");
        html.Should().Contain("<ol class=\"order\">");
        html.IndexOf("<svg class=\"plan\"", StringComparison.Ordinal)
            .Should().BeLessThan(html.IndexOf("<ol class=\"order\">", StringComparison.Ordinal), "the list comes below the graph");
    }

    [Fact]
    public void Page_loads_nothing_from_the_network()
    {
        foreach (var graph in new[] { SampleGraphs.Release(), SampleGraphs.Large() })
        {
            var html = PlanPage.Render(graph);

            html.Should().NotContain("http://");
            html.Should().NotContain("https://");
            html.Should().NotContain("xmlns");
            html.Should().NotContain("<script src");
            html.Should().NotContain("<link");
            html.Should().NotContain("@import");
            html.Should().NotContainAny("<img", "@font-face");
            Regex.IsMatch(html, @"url\((?!#)").Should().BeFalse("only local fragment references like url(#plan-hatch) are allowed");
        }
    }

    [Fact]
    public void Every_edge_kind_and_node_state_is_drawn_with_its_class()
    {
        var html = PlanPage.Render(SampleGraphs.Release());

        html.Should().Contain("class=\"edge edge-dependson\"");
        html.Should().Contain("class=\"edge edge-ordering\"");
        html.Should().Contain("class=\"edge edge-triggers\"");
        Regex.Matches(SvgPart(html), "class=\"edge edge-").Should().HaveCount(12);
        foreach (var kind in new[] { "dependson", "ordering", "triggers" })
            html.Should().Contain($"<marker id=\"arrow-{kind}\"").And.Contain($"marker-end=\"url(#arrow-{kind})\"");

        html.Should().Contain("<g class=\"node runs\" data-target=\"Clean\"");
        html.Should().Contain("<g class=\"node skipped\" data-target=\"BumpVersion\"");
        html.Should().Contain("<g class=\"node notinplan\" data-target=\"PublishPyPI\"");
        html.Should().Contain("<g class=\"node runs invoked\" data-target=\"PublishTestPyPI\"");
        Regex.Matches(SvgPart(html), "<g class=\"node ").Should().HaveCount(8);
        foreach (var kind in new[] { "dependson", "ordering", "triggers" })
            html.Should().Contain($"<li class=\"legend-edge-{kind}\">", "the legend explains every edge kind");
        foreach (var state in new[] { "runs", "skipped", "notinplan", "runs-invoked" })
            html.Should().Contain($"<li class=\"legend-{state}\">", "the legend explains every node state");
    }

    [Fact]
    public void Nodes_carry_description_tooltip_order_number_and_skip_reason()
    {
        var svg = ParseSvg(PlanPage.Render(SampleGraphs.Release()));
        XElement Node(string name) => svg.Descendants("g").Single(g => (string?)g.Attribute("data-target") == name);

        var build = Node("Build");
        build.Element("title")!.Value.Should().Contain("Build sdist and wheel with python -m build");
        build.Elements("text").Select(t => t.Value).Should().Contain(["3", "Build"]);

        var bump = Node("BumpVersion");
        bump.Element("title")!.Value.Should().Contain("Skipped: --version not given");
        bump.Elements("text").Select(t => t.Value).Should().Contain("--version not given");
        bump.Attribute("class")!.Value.Should().Be("node skipped");

        var verify = Node("VerifyInstall");
        verify.Elements("text").Where(t => (string?)t.Attribute("class") == "note").Select(t => t.Value)
            .Should().Equal(["condition IsServerBuild", "is false"], "long skip reasons wrap onto two small lines");

        var notInPlan = Node("PublishPyPI");
        notInPlan.Elements("circle").Should().BeEmpty("targets that do not run get no step number");
    }

    [Fact]
    public void Execution_order_lists_targets_by_order_with_skip_reasons()
    {
        var html = PlanPage.Render(SampleGraphs.Release());
        var list = html[html.IndexOf("<ol class=\"order\">", StringComparison.Ordinal)..];
        list = list[..list.IndexOf("</ol>", StringComparison.Ordinal)];

        Regex.Matches(list, "data-target=\"([^\"]+)\"").Select(m => m.Groups[1].Value).Should().Equal(
            "Clean", "BumpVersion", "Build", "Test", "InspectWheel", "PublishTestPyPI", "VerifyInstall");
        list.Should().Contain("skipped: condition IsServerBuild is false");
        list.Should().Contain("<li class=\"skipped\" value=\"2\" data-target=\"BumpVersion\">");
        html.Should().Contain("Not in plan: <code>PublishPyPI</code>");
    }

    [Fact]
    public void All_text_is_escaped()
    {
        const string evil = "<script>alert('x&y')</script>\"";
        var graph = new PlanGraph(
            [
                new PlanNode("A<B>&\"C'", evil, PlanNodeState.Skipped, evil, 1, true),
                new PlanNode("D&amp;", "desc & <b>bold</b>", PlanNodeState.Runs, null, 2, false),
            ],
            [new PlanEdge("D&amp;", "A<B>&\"C'", EdgeKind.DependsOn)],
            "./build.sh \"A<B>&\"C'\" --plan </title>");

        var html = PlanPage.Render(graph);

        html.Should().NotContain("<script");
        html.Should().NotContain("<b>bold");
        html.Should().NotContain("A<B>");
        html.Should().NotContain("--plan </title>");
        html.Should().Contain("data-target=\"A&lt;B&gt;&amp;&quot;C&#39;\"");
        html.Should().Contain("D&amp;amp;");
        html.Should().Contain("&lt;script&gt;alert(&#39;x&amp;y&#39;)&lt;/script&gt;&quot;");
        Regex.Matches(html, "<title>").Should().HaveCount(1 + 2 + 1, "page, two nodes, one edge");

        // The SVG is well-formed XML and the parser gives back the original text.
        var svg = ParseSvg(html);
        svg.Descendants("g").Select(g => (string?)g.Attribute("data-target")).Should().Contain("A<B>&\"C'");
        svg.Descendants("title").Select(t => t.Value).Should().Contain(t => t.Contains(evil));
    }

    [Fact]
    public void Rendering_is_deterministic_and_independent_of_input_order()
    {
        var graph = SampleGraphs.Large();

        var first = PlanPage.Render(graph);
        PlanPage.Render(graph).Should().Be(first);
        PlanPage.Render(SampleGraphs.Shuffled(graph)).Should().Be(first);
    }

    [Fact]
    public void Empty_graph_renders_a_page()
    {
        var html = PlanPage.Render(new PlanGraph([], [], "./build.sh --plan"));

        html.Should().Contain("No targets.").And.Contain("Nothing runs.");
        ParseSvg(html).Name.LocalName.Should().Be("svg");
    }

    [Fact]
    public void Coordinates_use_invariant_culture()
    {
        var previous = Thread.CurrentThread.CurrentCulture;
        try
        {
            var comma = (System.Globalization.CultureInfo)System.Globalization.CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NumberGroupSeparator = ".";
            Thread.CurrentThread.CurrentCulture = comma;
            var german = PlanPage.Render(SampleGraphs.Release());
            Thread.CurrentThread.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
            PlanPage.Render(SampleGraphs.Release()).Should().Be(german);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = previous;
        }
    }

    internal static XElement ParseSvg(string html) => XElement.Parse(SvgPart(html));

    /// <summary>The graph's &lt;svg&gt; element (the legend has small SVGs of its own).</summary>
    internal static string SvgPart(string html)
    {
        var start = html.IndexOf("<svg class=\"plan\"", StringComparison.Ordinal);
        start.Should().BeGreaterThanOrEqualTo(0);
        var end = html.IndexOf("</svg>", start, StringComparison.Ordinal) + "</svg>".Length;
        return html[start..end];
    }

    [Fact]
    public void Pipelines_draw_every_job_with_its_targets_needs_environment_and_permissions()
    {
        var html = PlanPage.Render(SampleGraphs.ReleaseWithWorkflow());

        html.Should().Contain("<section class=\"pipelines\">").And.Contain("data-pipeline=\".github/workflows/release.yml\"").And.Contain("on push (tags v*)");
        var job = Article(html, "publish-pypi");
        job.Should().StartWith("<article class=\"job elevated\"", "the job holds id-token: write")
            .And.Contain("<span class=\"env\" title=\"deployment environment\">pypi</span>")
            .And.Contain("data-target=\"PublishPyPI\"").And.Contain("data-target=\"VerifyInstall\"")
            .And.Contain("needs publish-testpypi")
            .And.Contain("<span class=\"perm elevated\">id-token: write</span>")
            .And.Contain("--skip");
        Article(html, "build").Should().StartWith("<article class=\"job\"").And.Contain("<span class=\"perm\">contents: read</span>").And.NotContain("--skip");
        Article(html, "docs").Should().Contain("no permissions");
    }

    [Fact]
    public void Job_targets_are_coloured_by_the_local_plan()
    {
        var html = PlanPage.Render(SampleGraphs.ReleaseWithWorkflow());

        Article(html, "publish-testpypi").Should().Contain("<li class=\"runs invoked\" data-target=\"PublishTestPyPI\">")
            .And.Contain("<li class=\"skipped\" data-target=\"VerifyInstall\">");
        Article(html, "publish-pypi").Should().Contain("<li class=\"notinplan\" data-target=\"PublishPyPI\">");
    }

    [Fact]
    public void A_job_stands_one_column_right_of_the_last_job_it_needs()
    {
        var html = PlanPage.Render(SampleGraphs.ReleaseWithWorkflow());

        var stages = Regex.Matches(html, "<div class=\"stage\">\n((?:<article.*?</article>\n)+)</div>\n", RegexOptions.Singleline)
            .Select(m => Regex.Matches(m.Groups[1].Value, "data-job=\"([^\"]+)\"").Select(j => j.Groups[1].Value).ToList())
            .ToList();
        stages.Should().HaveCount(4);
        stages[0].Should().Equal("build");
        stages[1].Should().Equal("publish-testpypi", "docs");
        stages[2].Should().Equal("publish-pypi");
        stages[3].Should().Equal("verify");
        Regex.Matches(html, "class=\"needs-arrow\"").Should().HaveCount(3);
    }

    [Fact]
    public void Execution_order_names_the_jobs_that_run_each_target()
    {
        var html = PlanPage.Render(SampleGraphs.ReleaseWithWorkflow());

        var item = Regex.Match(html, "<li class=\"skipped\" value=\"7\" data-target=\"VerifyInstall\">.*?</li>").Value;
        item.Should().Contain("in CI: <code>release.yml publish-testpypi</code>, <code>release.yml publish-pypi</code>, <code>release.yml verify</code>");
        Regex.Match(html, "<li class=\"runs\" value=\"1\" data-target=\"Clean\">.*?</li>").Value.Should().StartWith("<li").And.NotContain("in CI");
    }

    [Fact]
    public void A_page_without_pipelines_has_no_CI_section()
    {
        var html = PlanPage.Render(SampleGraphs.Release());

        html.Should().NotContain("<section class=\"pipelines\">").And.NotContain("in CI:");
    }

    [Fact]
    public void Job_text_is_escaped()
    {
        var graph = SampleGraphs.Release() with
        {
            Pipelines = [new PlanPipeline("<w>.yml", "on \"x\"", [new PlanJob("a&b", ["<T>"], false, ["<n>"], "<e>", ["<p>"], [], ["<d>"])])],
        };

        var html = PlanPage.Render(graph);

        html.Should().Contain("data-job=\"a&amp;b\"").And.Contain("&lt;T&gt;").And.Contain("needs &lt;n&gt;").And.Contain("&lt;e&gt;")
            .And.Contain("&lt;p&gt;").And.Contain("&lt;d&gt;").And.Contain("on &quot;x&quot;");
        html.Should().NotContain("<T>").And.NotContain("<w>");
    }

    private static string Article(string html, string job)
    {
        var start = html.IndexOf($"data-job=\"{job}\"", StringComparison.Ordinal);
        start.Should().BePositive($"job {job} must be drawn");
        start = html.LastIndexOf("<article", start, StringComparison.Ordinal);
        return html[start..(html.IndexOf("</article>", start, StringComparison.Ordinal) + "</article>".Length)];
    }
}
