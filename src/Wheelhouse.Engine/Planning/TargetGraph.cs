using System.Reflection;

namespace Wheelhouse.Engine.Planning;

/// <summary>
/// The build's targets, found the way NUKE finds them: every property of type <see cref="Target"/>
/// on the build class and on the component interfaces it implements (default interface members).
/// </summary>
public sealed class TargetGraph
{
    private readonly Dictionary<string, ExecutableTarget> byName;

    public TargetGraph(IReadOnlyList<ExecutableTarget> targets)
    {
        Targets = targets;
        byName = targets.ToDictionary(t => t.Name, StringComparer.OrdinalIgnoreCase);
        CycleCheck.ThrowIfCyclic(targets);
    }

    public IReadOnlyList<ExecutableTarget> Targets { get; }

    /// <summary>The delegates the targets were declared by, to find a target from a <c>x => x.Build</c> selector.</summary>
    private IReadOnlyList<Target> Factories { get; init; } = [];

    public ExecutableTarget? Find(Target factory)
    {
        for (var i = 0; i < Factories.Count; i++)
        {
            if (Factories[i].Equals(factory))
                return Targets[i];
        }

        return null;
    }

    public ExecutableTarget? Find(string name) => byName.GetValueOrDefault(name);

    /// <summary>The named target, or an error that suggests the closest names.</summary>
    public ExecutableTarget Get(string name) =>
        Find(name) ?? throw new BuildException(UnknownTargetMessage(name));

    private string UnknownTargetMessage(string name)
    {
        var suggestions = NameSuggestions.Closest(name, Targets.Select(t => t.Name));
        var hint = suggestions.Count > 0
            ? $"Did you mean {string.Join(" or ", suggestions.Select(s => $"'{s}'"))}?"
            : "Run './build.sh --help' to list the targets.";
        return $"There is no target named '{name}'. {hint}";
    }

    public static TargetGraph FromBuild(object build)
    {
        var declared = DeclaredTargets(build);
        var definitions = declared.Select(d =>
        {
            var definition = new TargetDefinition(build);
            d.Factory(definition);
            return (d.Name, d.Factory, Definition: definition);
        }).ToList();

        var targets = definitions.Select((d, index) => new ExecutableTarget(d.Name, index)
        {
            Description = d.Definition.DescriptionText,
            Actions = d.Definition.Actions,
            StaticConditions = d.Definition.StaticConditions,
            DynamicConditions = d.Definition.DynamicConditions,
            Requirements = d.Definition.Requirements,
            SkipBehavior = d.Definition.SkipBehavior,
            ProceedAfterFailure = d.Definition.ProceedsAfterFailure,
            AssuredAfterFailure = d.Definition.AssuredAfterFailureFlag,
            Listed = !d.Definition.IsUnlisted,
        }).ToList();

        ExecutableTarget Resolve(Target factory, string usedBy)
        {
            var index = definitions.FindIndex(d => d.Factory.Equals(factory));
            if (index < 0)
                throw new BuildException($"Target '{usedBy}' refers to a target that is not a property of the build: declare it as 'Target Name => _ => ...' on the build class or on an interface it implements.");
            return targets[index];
        }

        for (var i = 0; i < definitions.Count; i++)
        {
            var (name, _, definition) = definitions[i];
            var target = targets[i];
            foreach (var factory in definition.DependsOnTargets)
                AddOnce(target.ExecutionDependencies, Resolve(factory, name));
            foreach (var factory in definition.DependentForTargets)
                AddOnce(Resolve(factory, name).ExecutionDependencies, target);
            foreach (var factory in definition.AfterTargets)
                AddOnce(target.OrderDependencies, Resolve(factory, name));
            foreach (var factory in definition.BeforeTargets)
                AddOnce(Resolve(factory, name).OrderDependencies, target);
            foreach (var factory in definition.TriggersTargets)
                AddOnce(target.Triggers, Resolve(factory, name));
            foreach (var factory in definition.TriggeredByTargets)
                AddOnce(Resolve(factory, name).Triggers, target);
        }

        return new TargetGraph(targets) { Factories = definitions.Select(d => d.Factory).ToList() };
    }

    private static void AddOnce(List<ExecutableTarget> list, ExecutableTarget target)
    {
        if (!list.Contains(target))
            list.Add(target);
    }

    private sealed record DeclaredTarget(string Name, Target Factory);

    /// <summary>
    /// Class properties first (in declaration order), then interface members the class does not already
    /// provide. Reading an interface property through the build object dispatches to the class's override.
    /// </summary>
    private static List<DeclaredTarget> DeclaredTargets(object build)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var found = new List<DeclaredTarget>();

        void Add(PropertyInfo property)
        {
            var name = ShortName(property.Name);
            var factory = (Target?)property.GetValue(build)
                ?? throw new BuildException($"Target property '{name}' returned null; write it as 'Target {name} => _ => _...'.");
            var existing = found.FindIndex(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
            if (existing < 0)
                found.Add(new DeclaredTarget(name, factory));
            else if (!found[existing].Factory.Equals(factory))
                throw new BuildException($"Two different targets are named '{name}' (on {build.GetType().Name} and one of its interfaces). Rename one, or override the interface's target with 'Target {property.DeclaringType?.Name}.{name} => ...'.");
        }

        var hierarchy = new List<Type>();
        for (var type = build.GetType(); type != null && type != typeof(object); type = type.BaseType)
            hierarchy.Insert(0, type);
        foreach (var type in hierarchy)
        foreach (var property in type.GetProperties(flags | BindingFlags.DeclaredOnly).OrderBy(p => p.MetadataToken))
        {
            if (property.PropertyType == typeof(Target) && property.GetIndexParameters().Length == 0)
                Add(property);
        }

        foreach (var @interface in ComponentOrder.Interfaces(build.GetType()))
        foreach (var property in @interface.GetProperties(flags | BindingFlags.DeclaredOnly).OrderBy(p => p.MetadataToken))
        {
            if (property.PropertyType == typeof(Target))
                Add(property);
        }

        return found;
    }

    private static string ShortName(string propertyName) => propertyName[(propertyName.LastIndexOf('.') + 1)..];
}
