using Wheelhouse.Engine.Planning;

namespace Wheelhouse.Engine.Tests.Definition;

public class TargetDiscoveryTests
{
    public interface ICompile : IBuild
    {
        Target Restore => _ => _.Description("restore from the interface");
        Target Compile => _ => _.Description("compile from the interface").DependsOn(Restore);
    }

    public interface IPack : IBuild
    {
        Target Pack => _ => _.DependsOn<ICompile>(x => x.Compile);
    }

    private sealed class ClassOnly : BuildBase
    {
        Target Clean => _ => _.Description("Remove dist");
        public Target Build => _ => _.DependsOn(Clean);
        private Target Hidden => _ => _.Unlisted();
        public string NotATarget => "x";
    }

    [Fact]
    public void Targets_are_found_on_class_properties_of_any_visibility_in_declaration_order()
    {
        var graph = TargetGraph.FromBuild(new ClassOnly());

        graph.Targets.Select(t => t.Name).Should().Equal("Clean", "Build", "Hidden");
        graph.Targets.Select(t => t.DeclarationIndex).Should().Equal(0, 1, 2);
    }

    [Fact]
    public void Description_and_unlisted_are_carried_to_the_target()
    {
        var graph = TargetGraph.FromBuild(new ClassOnly());

        graph.Get("Clean").Description.Should().Be("Remove dist");
        graph.Get("Build").Description.Should().BeNull();
        graph.Get("Hidden").Listed.Should().BeFalse();
        graph.Get("Clean").Listed.Should().BeTrue();
    }

    [Fact]
    public void DependsOn_resolves_the_delegate_to_the_declared_target()
    {
        var graph = TargetGraph.FromBuild(new ClassOnly());

        graph.Get("Build").ExecutionDependencies.Should().ContainSingle().Which.Should().BeSameAs(graph.Get("Clean"));
    }

    private sealed class WithComponents : BuildBase, ICompile, IPack
    {
        Target Test => _ => _.DependsOn<ICompile>(x => x.Compile);
    }

    [Fact]
    public void Interface_default_members_are_targets_after_the_class_own_targets()
    {
        var graph = TargetGraph.FromBuild(new WithComponents());

        // Class properties first, then interfaces ordered by full name (…+ICompile before …+IPack).
        graph.Targets.Select(t => t.Name).Should().Equal("Test", "Restore", "Compile", "Pack");
        graph.Get("Compile").Description.Should().Be("compile from the interface");
    }

    [Fact]
    public void Generic_DependsOn_resolves_a_component_target_by_selector()
    {
        var graph = TargetGraph.FromBuild(new WithComponents());

        graph.Get("Test").ExecutionDependencies.Should().ContainSingle().Which.Name.Should().Be("Compile");
        graph.Get("Pack").ExecutionDependencies.Should().ContainSingle().Which.Name.Should().Be("Compile");
        graph.Get("Compile").ExecutionDependencies.Should().ContainSingle().Which.Name.Should().Be("Restore");
    }

    private sealed class ExplicitOverride : BuildBase, ICompile
    {
        Target ICompile.Compile => _ => _.Description("compile from the class");
    }

    [Fact]
    public void An_explicit_interface_implementation_on_the_class_overrides_the_component_target()
    {
        var graph = TargetGraph.FromBuild(new ExplicitOverride());

        graph.Targets.Select(t => t.Name).Should().Equal("Compile", "Restore");
        graph.Get("Compile").Description.Should().Be("compile from the class");
        graph.Get("Compile").ExecutionDependencies.Should().BeEmpty("the class's definition replaced the interface's DependsOn(Restore)");
    }

    private sealed class ImplicitOverride : BuildBase, ICompile, IPack
    {
        public Target Compile => _ => _.Description("compile from the class").DependsOn<ICompile>(x => x.Restore);
    }

    [Fact]
    public void A_public_class_property_overrides_the_component_target_of_the_same_name()
    {
        var graph = TargetGraph.FromBuild(new ImplicitOverride());

        graph.Targets.Should().ContainSingle(t => t.Name == "Compile");
        graph.Get("Compile").Description.Should().Be("compile from the class");
        graph.Get("Compile").ExecutionDependencies.Select(t => t.Name).Should().Equal("Restore");
        graph.Get("Pack").ExecutionDependencies.Should().ContainSingle().Which.Should().BeSameAs(graph.Get("Compile"),
            "the component's selector x => x.Compile reaches the class's override");
    }

    public interface IOtherCompile : IBuild
    {
        Target Compile => _ => _.Description("another compile");
    }

    private sealed class TwoCompiles : BuildBase, ICompile, IOtherCompile;

    [Fact]
    public void Two_different_targets_with_the_same_name_are_an_error()
    {
        var act = () => TargetGraph.FromBuild(new TwoCompiles());

        act.Should().Throw<BuildException>().WithMessage("Two different targets are named 'Compile'*");
    }

    private sealed class PrivateShadow : BuildBase, ICompile
    {
        // Not public, so it does not implement ICompile.Compile: a second, different target.
        private Target Compile => _ => _;
    }

    [Fact]
    public void A_non_public_class_property_named_like_a_component_target_is_a_clash_not_an_override()
    {
        var act = () => TargetGraph.FromBuild(new PrivateShadow());

        act.Should().Throw<BuildException>().WithMessage("*'Compile'*");
    }

    private sealed class DifferentCase : BuildBase
    {
        Target build => _ => _;
        Target Build => _ => _;
    }

    [Fact]
    public void Target_names_differing_only_in_case_are_an_error()
    {
        var act = () => TargetGraph.FromBuild(new DifferentCase());

        act.Should().Throw<BuildException>().WithMessage("Two different targets are named*");
    }

    private sealed class NullTarget : BuildBase
    {
        Target Broken => null!;
    }

    [Fact]
    public void A_target_property_returning_null_is_an_error_naming_it()
    {
        var act = () => TargetGraph.FromBuild(new NullTarget());

        act.Should().Throw<BuildException>().WithMessage("Target property 'Broken' returned null*");
    }

    private sealed class DanglingReference : BuildBase
    {
        Target Build => _ => _.DependsOn(_ => _);
    }

    [Fact]
    public void Depending_on_a_delegate_that_is_not_a_target_property_is_an_error()
    {
        var act = () => TargetGraph.FromBuild(new DanglingReference());

        act.Should().Throw<BuildException>().WithMessage("Target 'Build' refers to a target that is not a property of the build*");
    }

    private sealed class ForeignComponent : BuildBase
    {
        Target Build => _ => _.DependsOn<ICompile>(x => x.Compile);
    }

    [Fact]
    public void Depending_on_a_component_the_build_does_not_implement_is_an_error_naming_it()
    {
        var act = () => TargetGraph.FromBuild(new ForeignComponent());

        act.Should().Throw<BuildException>().WithMessage("*does not implement ICompile*");
    }

    private class BaseBuild : BuildBase
    {
        public virtual Target Compile => _ => _.Description("base");
        Target Restore => _ => _;
    }

    private sealed class DerivedBuild : BaseBuild
    {
        public override Target Compile => _ => _.Description("derived");
        Target Publish => _ => _.DependsOn(Compile);
    }

    [Fact]
    public void Targets_of_base_classes_come_first_and_overrides_replace_them()
    {
        var graph = TargetGraph.FromBuild(new DerivedBuild());

        graph.Targets.Select(t => t.Name).Should().Equal("Compile", "Restore", "Publish");
        graph.Get("Compile").Description.Should().Be("derived");
        graph.Get("Publish").ExecutionDependencies.Should().ContainSingle().Which.Should().BeSameAs(graph.Get("Compile"));
    }

    [Fact]
    public void Find_by_selector_returns_the_target_the_delegate_declared()
    {
        var build = new WithComponents();
        var graph = TargetGraph.FromBuild(build);

        graph.Find(((IPack)build).Pack).Should().BeSameAs(graph.Get("Pack"));
        graph.Find(_ => _).Should().BeNull();
    }

    [Fact]
    public void Find_by_name_ignores_case_and_Get_of_an_unknown_name_suggests_close_names()
    {
        var graph = TargetGraph.FromBuild(new WithComponents());

        graph.Find("compile").Should().BeSameAs(graph.Get("Compile"));
        graph.Find("Nope").Should().BeNull();
        var act = () => graph.Get("Compil");
        act.Should().Throw<BuildException>().WithMessage("There is no target named 'Compil'. Did you mean 'Compile'?");
    }

    private sealed class AllRelations : BuildBase
    {
        Target A => _ => _.Executes(() => { }).Executes(async () => await Task.Yield()).Executes(_ => Task.CompletedTask);
        Target B => _ => _.DependentFor(A);
        Target C => _ => _.After(A)
            .ProceedAfterFailure()
            .AssuredAfterFailure()
            .WhenSkipped(DependencyBehavior.Execute)
            .OnlyWhenStatic(() => true)
            .OnlyWhenDynamic(() => false);
        Target D => _ => _.Before(C);
        Target E => _ => _.Triggers(C);
        Target F => _ => _.TriggeredBy(E);
    }

    [Fact]
    public void Reverse_relations_are_stored_on_the_other_target()
    {
        var graph = TargetGraph.FromBuild(new AllRelations());
        var t = graph.Targets.ToDictionary(x => x.Name);

        t["A"].ExecutionDependencies.Should().Equal(t["B"]);        // B.DependentFor(A)
        t["B"].ExecutionDependencies.Should().BeEmpty();
        t["C"].OrderDependencies.Should().Equal(t["A"], t["D"]);   // C.After(A), D.Before(C)
        t["D"].OrderDependencies.Should().BeEmpty();
        t["E"].Triggers.Should().Equal(t["C"], t["F"]);            // E.Triggers(C), F.TriggeredBy(E)
        t["F"].Triggers.Should().BeEmpty();
    }

    [Fact]
    public void Every_Executes_overload_adds_an_action_and_flags_are_carried()
    {
        var graph = TargetGraph.FromBuild(new AllRelations());
        var c = graph.Get("C");

        graph.Get("A").Actions.Should().HaveCount(3);
        c.ProceedAfterFailure.Should().BeTrue();
        c.AssuredAfterFailure.Should().BeTrue();
        c.SkipBehavior.Should().Be(DependencyBehavior.Execute);
        c.StaticConditions.Should().ContainSingle().Which.Reason.Should().Be("true");
        c.DynamicConditions.Should().ContainSingle().Which.Reason.Should().Be("false");
        graph.Get("A").SkipBehavior.Should().Be(DependencyBehavior.Skip);
        graph.Get("A").ProceedAfterFailure.Should().BeFalse();
    }

    private sealed class Duplicates : BuildBase
    {
        Target A => _ => _;
        Target B => _ => _.DependsOn(A, A).DependsOn(A);
    }

    [Fact]
    public void A_relation_declared_twice_is_stored_once()
    {
        TargetGraph.FromBuild(new Duplicates()).Get("B").ExecutionDependencies.Should().HaveCount(1);
    }
}
