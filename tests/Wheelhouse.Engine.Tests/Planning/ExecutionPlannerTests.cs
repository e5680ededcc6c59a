using Wheelhouse.Engine.Hosts;
using Wheelhouse.Engine.Planning;
using Wheelhouse.Engine.Tests.Definition;
using static Wheelhouse.Engine.Tests.Definition.TestBuilds;

namespace Wheelhouse.Engine.Tests.Planning;

public class ExecutionPlannerTests
{
    private sealed class Chain : BuildBase
    {
        Target Clean => _ => _;
        Target Restore => _ => _;
        Target Compile => _ => _.DependsOn(Restore);
        Target Test => _ => _.DependsOn(Compile);
        Target Pack => _ => _.DependsOn(Compile);
        Target Publish => _ => _.DependsOn(Test, Pack);
    }

    [Fact]
    public void Dependencies_are_pulled_in_and_run_first()
    {
        Plan(new Chain(), "Test").Order().Should().Equal("Restore", "Compile", "Test");
    }

    [Fact]
    public void Transitive_dependencies_run_once_in_the_order_DependsOn_lists_them()
    {
        Plan(new Chain(), "Publish").Order().Should().Equal("Restore", "Compile", "Test", "Pack", "Publish");
    }

    [Fact]
    public void Unrelated_targets_are_not_in_the_plan()
    {
        Plan(new Chain(), "Compile").Order().Should().NotContain(["Clean", "Test", "Pack", "Publish"]);
    }

    [Fact]
    public void Independent_invoked_targets_run_in_invocation_order()
    {
        Plan(new Chain(), "Pack", "Clean").Order().Should().Equal("Restore", "Compile", "Pack", "Clean");
        Plan(new Chain(), "Clean", "Pack").Order().Should().Equal("Clean", "Restore", "Compile", "Pack");
    }

    [Fact]
    public void Invoking_a_dependency_after_its_user_still_runs_it_first()
    {
        var plan = Plan(new Chain(), "Test", "Restore");

        plan.Order().Should().Equal("Restore", "Compile", "Test");
        plan.Steps.Where(s => s.Invoked).Select(s => s.Target.Name).Should().BeEquivalentTo("Test", "Restore");
        plan.Invoked.Select(t => t.Name).Should().Equal("Test", "Restore");
    }

    [Fact]
    public void Target_names_match_ignoring_case_and_a_name_given_twice_runs_once()
    {
        var plan = Plan(new Chain(), "test", "TEST");

        plan.Order().Should().Equal("Restore", "Compile", "Test");
        plan.Invoked.Should().ContainSingle();
    }

    [Fact]
    public void The_same_invocation_always_gives_the_same_plan()
    {
        var first = Plan(new Chain(), "Publish", "Clean").Order();

        for (var i = 0; i < 5; i++)
            Plan(new Chain(), "Publish", "Clean").Order().Should().Equal(first);
    }

    [Fact]
    public void An_unknown_target_is_an_error_suggesting_the_closest_names()
    {
        var act = () => Plan(new Chain(), "Compil");

        act.Should().Throw<BuildException>().WithMessage("There is no target named 'Compil'. Did you mean 'Compile'?");
    }

    [Fact]
    public void An_unknown_target_with_no_close_name_points_to_help()
    {
        var act = () => Plan(new Chain(), "Xyzzyplugh");

        act.Should().Throw<BuildException>().WithMessage("There is no target named 'Xyzzyplugh'. Run './build.sh --help' to list the targets.");
    }

    private sealed class Reverse : BuildBase
    {
        Target Compile => _ => _;
        Target Restore => _ => _.DependentFor(Compile);
    }

    [Fact]
    public void DependentFor_makes_the_other_target_depend_on_this_one()
    {
        Plan(new Reverse(), "Compile").Order().Should().Equal("Restore", "Compile");
        Plan(new Reverse(), "Restore").Order().Should().Equal("Restore");
    }

    private sealed class Ordering : BuildBase
    {
        Target Lint => _ => _.After(Test);
        Target Test => _ => _;
        Target Announce => _ => _.Before(Test);
    }

    [Fact]
    public void After_and_Before_never_pull_a_target_into_the_plan()
    {
        Plan(new Ordering(), "Lint").Order().Should().Equal("Lint");
        Plan(new Ordering(), "Test").Order().Should().Equal("Test");
        Plan(new Ordering(), "Announce").Order().Should().Equal("Announce");
    }

    [Fact]
    public void After_and_Before_order_targets_that_are_both_in_the_plan_whatever_the_invocation_order()
    {
        Plan(new Ordering(), "Lint", "Test").Order().Should().Equal("Test", "Lint");
        Plan(new Ordering(), "Test", "Announce").Order().Should().Equal("Announce", "Test");
        Plan(new Ordering(), "Lint", "Test", "Announce").Order().Should().Equal("Announce", "Test", "Lint");
    }

    private sealed class Triggering : BuildBase
    {
        Target Restore => _ => _;
        Target Compile => _ => _.Triggers(Report);
        Target Report => _ => _.DependsOn(Summarise);
        Target Summarise => _ => _.DependsOn(Restore);
        Target Notify => _ => _.TriggeredBy(Compile);
        Target Unrelated => _ => _;
    }

    [Fact]
    public void Triggers_and_TriggeredBy_add_targets_with_their_dependencies_after_the_triggerer()
    {
        var plan = Plan(new Triggering(), "Compile");

        plan.Order().Should().Equal("Compile", "Restore", "Summarise", "Report", "Notify");
        plan.Steps.Should().OnlyContain(s => s.Runs);
    }

    [Fact]
    public void A_triggered_target_invoked_alone_does_not_pull_in_its_triggerer()
    {
        Plan(new Triggering(), "Notify").Order().Should().Equal("Notify");
    }

    [Fact]
    public void Skipping_all_dependencies_skips_a_triggered_target_too_unless_it_is_invoked()
    {
        // As in NUKE: --skip keeps only the invoked targets, so a CI job that wants the trigger's follow-up names it.
        var skipped = Plan(new Triggering(), SkipRequest.Dependencies, "Compile");
        skipped.Running().Should().Equal("Compile");
        skipped.SkipReason("Report").Should().Be("not invoked, and --skip skips dependencies");

        Plan(new Triggering(), SkipRequest.Dependencies, "Compile", "Report").Running().Should().Equal("Compile", "Report");
    }

    private sealed class SelfCycle : BuildBase
    {
        Target A => _ => _.DependsOn(A);
    }

    private sealed class LongCycle : BuildBase
    {
        Target A => _ => _.DependsOn(B);
        Target B => _ => _.DependsOn(C);
        Target C => _ => _.DependsOn(A);
    }

    private sealed class AfterCycle : BuildBase
    {
        Target A => _ => _.DependsOn(B);
        Target B => _ => _.After(A);
    }

    private sealed class BeforeCycle : BuildBase
    {
        Target A => _ => _.Before(B).DependsOn(B);
        Target B => _ => _;
    }

    private sealed class TriggerCycle : BuildBase
    {
        Target A => _ => _.DependsOn(B).Triggers(B);
        Target B => _ => _;
    }

    public static TheoryData<string, string> Cycles => new()
    {
        { nameof(SelfCycle), "A depends on A" },
        { nameof(LongCycle), "A depends on B depends on C depends on A" },
        { nameof(AfterCycle), "A depends on B runs after A" },
        { nameof(BeforeCycle), "A depends on B runs after A" },
        { nameof(TriggerCycle), "A depends on B is triggered by A" },
    };

    [Theory]
    [MemberData(nameof(Cycles))]
    public void A_cycle_is_an_error_that_names_every_step_of_it(string build, string cycle)
    {
        BuildBase instance = build switch
        {
            nameof(SelfCycle) => new SelfCycle(),
            nameof(LongCycle) => new LongCycle(),
            nameof(AfterCycle) => new AfterCycle(),
            nameof(BeforeCycle) => new BeforeCycle(),
            _ => new TriggerCycle(),
        };

        var act = () => TargetGraph.FromBuild(instance);

        act.Should().Throw<BuildException>().WithMessage($"The targets form a cycle: {cycle}. Remove one of these relations*");
    }

    private sealed class Conditional : BuildBase
    {
        public bool Enabled;

        Target Restore => _ => _;
        Target Compile => _ => _.DependsOn(Restore);
        Target Shared => _ => _;
        Target Docs => _ => _.DependsOn(Shared);
        Target Publish => _ => _
            .OnlyWhenStatic(() => IsLocalBuild)
            .DependsOn(Compile, Shared);
        Target Deploy => _ => _
            .OnlyWhenStatic(() => Enabled)
            .WhenSkipped(DependencyBehavior.Execute)
            .DependsOn(Compile);
        Target All => _ => _.DependsOn(Publish, Docs);
    }

    private static Conditional OnServer() => new Conditional().Attached(host: new TerminalHost(new Dictionary<string, string> { ["CI"] = "true" }));

    [Fact]
    public void A_false_static_condition_skips_the_target_with_the_condition_text_as_reason()
    {
        var plan = Plan(OnServer(), "Publish");

        plan.SkipReason("Publish").Should().Be("condition false: IsLocalBuild");
        plan.Steps.Single(s => s.Target.Name == "Publish").Runs.Should().BeFalse();
        plan.Steps.Single(s => s.Target.Name == "Publish").Invoked.Should().BeTrue();
    }

    [Fact]
    public void A_true_static_condition_leaves_the_target_running()
    {
        var plan = Plan(new Conditional().Attached(), "Publish");

        plan.Running().Should().Equal("Restore", "Compile", "Shared", "Publish");
    }

    [Fact]
    public void Skip_cascades_to_dependencies_used_by_no_other_target()
    {
        var plan = Plan(OnServer(), "Publish");

        plan.Running().Should().BeEmpty();
        plan.SkipReason("Compile").Should().Be("only needed by skipped Publish");
        plan.SkipReason("Restore").Should().Be("only needed by skipped Compile");
        plan.SkipReason("Shared").Should().Be("only needed by skipped Publish");
    }

    [Fact]
    public void Skip_does_not_cascade_to_a_dependency_another_running_target_needs()
    {
        var plan = Plan(OnServer(), "All");

        plan.Running().Should().Equal("Shared", "Docs", "All");
        plan.SkipReason("Publish").Should().Be("condition false: IsLocalBuild");
        plan.SkipReason("Compile").Should().Be("only needed by skipped Publish");
        plan.SkipReason("Shared").Should().BeNull();
    }

    [Fact]
    public void WhenSkipped_Execute_keeps_the_dependencies_of_a_skipped_target()
    {
        var plan = Plan(new Conditional().Attached(), "Deploy");

        plan.SkipReason("Deploy").Should().Be("condition false: Enabled");
        plan.Running().Should().Equal("Restore", "Compile");
    }

    [Fact]
    public void Static_conditions_are_evaluated_when_the_plan_is_made()
    {
        var build = new Conditional().Attached();
        var graph = TargetGraph.FromBuild(build);

        ExecutionPlanner.Plan(graph, ["Deploy"], SkipRequest.None).SkipReason("Deploy").Should().NotBeNull();
        build.Enabled = true;
        ExecutionPlanner.Plan(graph, ["Deploy"], SkipRequest.None).SkipReason("Deploy").Should().BeNull();
    }

    [Fact]
    public void Skip_of_all_dependencies_skips_every_target_not_invoked()
    {
        var plan = Plan(new Chain(), SkipRequest.Dependencies, "Publish", "Compile");

        plan.Running().Should().Equal("Compile", "Publish");
        plan.SkipReason("Restore").Should().Be("not invoked, and --skip skips dependencies");
        plan.SkipReason("Test").Should().Be("not invoked, and --skip skips dependencies");
        plan.SkipReason("Pack").Should().Be("not invoked, and --skip skips dependencies");
        plan.Order().Should().Equal("Restore", "Compile", "Test", "Pack", "Publish");
    }

    [Fact]
    public void Skip_of_named_targets_skips_them_and_the_dependencies_only_they_need()
    {
        var plan = Plan(new Chain(), SkipRequest.Of("test"), "Publish");

        plan.SkipReason("Test").Should().Be("named in --skip");
        plan.Running().Should().Equal("Restore", "Compile", "Pack", "Publish");
    }

    [Fact]
    public void Skip_cascades_from_a_named_target_to_its_exclusive_dependencies()
    {
        var plan = Plan(new Chain(), SkipRequest.Of("Compile"), "Test");

        plan.SkipReason("Compile").Should().Be("named in --skip");
        plan.SkipReason("Restore").Should().Be("only needed by skipped Compile");
        plan.Running().Should().Equal("Test");
    }

    [Fact]
    public void Skip_of_an_unknown_target_is_an_error()
    {
        var act = () => Plan(new Chain(), SkipRequest.Of("Tset"), "Publish");

        act.Should().Throw<BuildException>().WithMessage("There is no target named 'Tset'. Did you mean 'Test'?");
    }

    [Fact]
    public void Skip_of_a_target_outside_the_plan_changes_nothing()
    {
        Plan(new Chain(), SkipRequest.Of("Clean"), "Test").Running().Should().Equal("Restore", "Compile", "Test");
    }

    [Fact]
    public void A_skipped_triggerer_skips_the_targets_only_it_triggers()
    {
        var build = new Triggering();
        var plan = Plan(build, SkipRequest.Of("Compile"), "Compile");

        plan.Running().Should().BeEmpty();
        plan.SkipReason("Report").Should().Be("only needed by skipped Compile");
        plan.SkipReason("Notify").Should().Be("only needed by skipped Compile");
    }
}
