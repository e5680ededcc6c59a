using Wheelhouse.Engine.Planning;

namespace Wheelhouse.Engine.Tests.PlanPageTests;

internal static class SampleGraphs
{
    /// <summary>A Python-wheel release build: publish to TestPyPI, with a skipped version bump and verification.</summary>
    public static PlanGraph Release() => new(
        [
            new PlanNode("Clean", "Delete dist/, build/ and *.egg-info", PlanNodeState.Runs, null, 1, false),
            new PlanNode("BumpVersion", "Bump the version in pyproject.toml", PlanNodeState.Skipped, "--version not given", 2, false),
            new PlanNode("Build", "Build sdist and wheel with python -m build", PlanNodeState.Runs, null, 3, false),
            new PlanNode("Test", "Run pytest against the built wheel", PlanNodeState.Runs, null, 4, false),
            new PlanNode("InspectWheel", "Check wheel metadata with twine check", PlanNodeState.Runs, null, 5, false),
            new PlanNode("PublishTestPyPI", "Upload to test.pypi.org", PlanNodeState.Runs, null, 6, true),
            new PlanNode("VerifyInstall", "pip install the package from the index into a fresh venv", PlanNodeState.Skipped, "condition IsServerBuild is false", 7, false),
            new PlanNode("PublishPyPI", "Upload to pypi.org", PlanNodeState.NotInPlan, null, null, false),
        ],
        [
            new PlanEdge("Build", "Clean", EdgeKind.DependsOn),
            new PlanEdge("Test", "Build", EdgeKind.DependsOn),
            new PlanEdge("InspectWheel", "Build", EdgeKind.DependsOn),
            new PlanEdge("PublishTestPyPI", "InspectWheel", EdgeKind.DependsOn),
            new PlanEdge("PublishTestPyPI", "Test", EdgeKind.DependsOn),
            new PlanEdge("PublishPyPI", "InspectWheel", EdgeKind.DependsOn),
            new PlanEdge("PublishPyPI", "Test", EdgeKind.DependsOn),
            new PlanEdge("Clean", "BumpVersion", EdgeKind.Ordering),
            new PlanEdge("BumpVersion", "Build", EdgeKind.Ordering),
            new PlanEdge("PublishTestPyPI", "PublishPyPI", EdgeKind.Ordering),
            new PlanEdge("PublishTestPyPI", "VerifyInstall", EdgeKind.Triggers),
            new PlanEdge("PublishPyPI", "VerifyInstall", EdgeKind.Triggers),
        ],
        "./build.sh PublishTestPyPI --plan");

    /// <summary><see cref="Release"/> with the release workflow a CI extension would add: build, two publish jobs holding an OIDC token, a verify matrix.</summary>
    public static PlanGraph ReleaseWithWorkflow() => Release() with
    {
        Pipelines =
        [
            new PlanPipeline(".github/workflows/release.yml", "on push (tags v*)",
            [
                new PlanJob("build", ["InspectWheel"], false, [], null, ["contents: read"], [], ["uploads dist"]),
                new PlanJob("publish-testpypi", ["PublishTestPyPI", "VerifyInstall"], true, ["build"], "testpypi", ["id-token: write"], ["id-token: write"], ["downloads dist"]),
                new PlanJob("publish-pypi", ["PublishPyPI", "VerifyInstall"], true, ["publish-testpypi"], "pypi", ["id-token: write"], ["id-token: write"], ["downloads dist"]),
                new PlanJob("verify", ["VerifyInstall"], true, ["publish-pypi"], null, ["contents: read"], [], ["matrix 3 OS x 4 Python"]),
                new PlanJob("docs", ["Build"], false, ["build"], null, [], [], []),
            ]),
        ],
    };

    /// <summary>36 targets: a few pipelines sharing a root, long edges, and three unconnected targets.</summary>
    public static PlanGraph Large()
    {
        var nodes = new List<PlanNode>();
        var edges = new List<PlanEdge>();
        var order = 0;
        PlanNode Add(string name, PlanNodeState state = PlanNodeState.Runs)
        {
            var node = new PlanNode(name, $"Target {name}", state, state == PlanNodeState.Skipped ? "skipped for the test" : null,
                state == PlanNodeState.NotInPlan ? null : ++order, false);
            nodes.Add(node);
            return node;
        }

        Add("Restore");
        for (var p = 0; p < 4; p++)
        {
            var previous = "Restore";
            for (var s = 0; s < 7; s++)
            {
                var name = $"P{p}Step{s}";
                Add(name, (p + s) % 5 == 0 ? PlanNodeState.Skipped : p == 3 ? PlanNodeState.NotInPlan : PlanNodeState.Runs);
                edges.Add(new PlanEdge(name, previous, EdgeKind.DependsOn));
                previous = name;
            }
        }

        Add("Aggregate");
        for (var p = 0; p < 4; p++)
            edges.Add(new PlanEdge("Aggregate", $"P{p}Step6", EdgeKind.DependsOn));
        edges.Add(new PlanEdge("Aggregate", "P0Step1", EdgeKind.DependsOn)); // long edge
        edges.Add(new PlanEdge("P1Step2", "P2Step4", EdgeKind.Ordering));
        edges.Add(new PlanEdge("P2Step1", "P3Step5", EdgeKind.Triggers));
        edges.Add(new PlanEdge("Restore", "P0Step6", EdgeKind.Triggers)); // long edge, Restore runs first anyway
        Add("Lonely");
        Add("Zebra", PlanNodeState.NotInPlan);
        Add("Help", PlanNodeState.NotInPlan);
        return new PlanGraph(nodes, edges, "./build.sh Aggregate");
    }

    /// <summary>Same graph with nodes and edges in reverse order.</summary>
    public static PlanGraph Shuffled(PlanGraph graph) =>
        graph with { Nodes = graph.Nodes.Reverse().ToList(), Edges = graph.Edges.Reverse().ToList() };
}
