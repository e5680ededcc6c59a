using Wheelhouse.Engine.Output;
using Wheelhouse.Engine.Planning;

namespace Wheelhouse.Engine.Tests.Output;

public sealed class HelpOrderTests
{
    private interface IBase : IBuild
    {
        Target Compile => _ => _.Executes(() => { });
    }

    private interface IDerived : IBase
    {
        Target Publish => _ => _.DependsOn(Compile).Executes(() => { });
    }

    private sealed class OrderBuild : BuildBase, IDerived
    {
        public Target Announce => _ => _.DependsOn<IDerived>(x => x.Publish).Executes(() => { });
        public Target Lint => _ => _.Before<IBase>(x => x.Compile).Executes(() => { });
    }

    [Fact]
    public void Help_lists_targets_in_road_order_with_what_they_need_first()
    {
        var graph = TargetGraph.FromBuild(new OrderBuild());
        HelpText.RoadOrder(graph.Targets).Select(t => t.Name).Should().Equal("Lint", "Compile", "Publish", "Announce");
    }

    [Fact]
    public void Base_components_are_read_before_the_components_built_on_them()
    {
        var graph = TargetGraph.FromBuild(new OrderBuild());
        graph.Targets.Select(t => t.Name).Should().Equal("Announce", "Lint", "Compile", "Publish");
    }
}
