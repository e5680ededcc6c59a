using System.Runtime.CompilerServices;

namespace Wheelhouse.Engine;

/// <summary>The fluent surface a target delegate configures; the same members NUKE's TargetDefinition offers.</summary>
public interface ITargetDefinition
{
    ITargetDefinition Description(string description);

    ITargetDefinition Executes(Action action);
    ITargetDefinition Executes(Func<Task> action);
    ITargetDefinition Executes(Func<CancellationToken, Task> action);

    /// <summary>This target needs <paramref name="targets"/> to run first; they join the plan.</summary>
    ITargetDefinition DependsOn(params Target[] targets);
    ITargetDefinition DependsOn<T>(params Func<T, Target>[] targets);

    /// <summary>The reverse of DependsOn: <paramref name="targets"/> depend on this target.</summary>
    ITargetDefinition DependentFor(params Target[] targets);
    ITargetDefinition DependentFor<T>(params Func<T, Target>[] targets);

    /// <summary>Order only: when both run, this target runs before <paramref name="targets"/>.</summary>
    ITargetDefinition Before(params Target[] targets);
    ITargetDefinition Before<T>(params Func<T, Target>[] targets);

    /// <summary>Order only: when both run, this target runs after <paramref name="targets"/>.</summary>
    ITargetDefinition After(params Target[] targets);
    ITargetDefinition After<T>(params Func<T, Target>[] targets);

    /// <summary><paramref name="targets"/> join the plan and run after this target.</summary>
    ITargetDefinition Triggers(params Target[] targets);
    ITargetDefinition Triggers<T>(params Func<T, Target>[] targets);

    /// <summary>This target joins the plan, after <paramref name="targets"/>, whenever they run.</summary>
    ITargetDefinition TriggeredBy(params Target[] targets);
    ITargetDefinition TriggeredBy<T>(params Func<T, Target>[] targets);

    /// <summary>Checked when the plan is made, before anything runs; false skips the target (and, by default, dependencies only it needs).</summary>
    ITargetDefinition OnlyWhenStatic(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? text = null);

    /// <summary>Checked right before the target runs; false skips it.</summary>
    ITargetDefinition OnlyWhenDynamic(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string? text = null);

    /// <summary>The value must be set (parameter, environment, parameters file) when this target is planned to run.</summary>
    ITargetDefinition Requires<T>(Func<T> parameter, [CallerArgumentExpression(nameof(parameter))] string? text = null);

    ITargetDefinition WhenSkipped(DependencyBehavior behavior);

    /// <summary>When this target fails, the build goes on with the targets that do not depend on it.</summary>
    ITargetDefinition ProceedAfterFailure();

    /// <summary>This target runs even when an earlier target failed or the build was cancelled.</summary>
    ITargetDefinition AssuredAfterFailure();

    /// <summary>Hidden from --help (it still runs and shows in plans).</summary>
    ITargetDefinition Unlisted();
}
