using Wheelhouse.Engine.Planning;

namespace Wheelhouse.Engine;

/// <summary>
/// An attribute on the build class that takes part in its runs, as NUKE's build extensions do: it is told when a
/// run is about to execute its plan, and it can add lines to what <c>--plan</c> prints and pipelines to the plan page it draws. The engine finds every such
/// attribute on the build class (and its base classes) and calls them in the order the runtime lists them.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
public abstract class BuildExtensionAttribute : Attribute
{
    /// <summary>
    /// Called once the plan is made, its requirements are met and the log is open, before the first target runs.
    /// Not called for <c>--help</c> or <c>--plan</c>. An exception ends the run like any other error before it.
    /// </summary>
    public virtual void OnBuildInitialized(BuildExtensionContext context)
    {
    }

    /// <summary>Lines <c>--plan</c> prints after the plan, as one block; none by default.</summary>
    public virtual IEnumerable<string> PlanNotes(BuildExtensionContext context) => [];

    /// <summary>Pipelines (CI workflows) the plan page draws beside the target graph: which job runs which targets; none by default.</summary>
    public virtual IEnumerable<PlanPipeline> PlanPipelines(BuildExtensionContext context) => [];

    /// <summary>The extensions applied to a build class.</summary>
    public static IReadOnlyList<BuildExtensionAttribute> Of(Type buildType) =>
        buildType.GetCustomAttributes(typeof(BuildExtensionAttribute), inherit: true).Cast<BuildExtensionAttribute>().ToList();
}

/// <summary>What an extension sees of a run: the build object, all of its targets, and the plan of this invocation.</summary>
public sealed record BuildExtensionContext(IBuild Build, TargetGraph Graph, ExecutionPlan Plan);
