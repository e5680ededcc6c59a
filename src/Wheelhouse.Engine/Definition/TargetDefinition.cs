namespace Wheelhouse.Engine;

/// <summary>
/// What one target delegate declared, still in terms of other targets' delegates.
/// <see cref="Planning.TargetGraph"/> resolves the delegates to targets.
/// </summary>
internal sealed class TargetDefinition(object build) : ITargetDefinition
{
    public string? DescriptionText { get; private set; }
    public List<Func<CancellationToken, Task>> Actions { get; } = [];
    public List<Target> DependsOnTargets { get; } = [];
    public List<Target> DependentForTargets { get; } = [];
    public List<Target> BeforeTargets { get; } = [];
    public List<Target> AfterTargets { get; } = [];
    public List<Target> TriggersTargets { get; } = [];
    public List<Target> TriggeredByTargets { get; } = [];
    public List<Condition> StaticConditions { get; } = [];
    public List<Condition> DynamicConditions { get; } = [];
    public List<Requirement> Requirements { get; } = [];
    public DependencyBehavior SkipBehavior { get; private set; } = DependencyBehavior.Skip;
    public bool ProceedsAfterFailure { get; private set; }
    public bool AssuredAfterFailureFlag { get; private set; }
    public bool IsUnlisted { get; private set; }

    public ITargetDefinition Description(string description) => Set(() => DescriptionText = description);

    public ITargetDefinition Executes(Action action) => Set(() => Actions.Add(_ =>
    {
        action();
        return Task.CompletedTask;
    }));

    public ITargetDefinition Executes(Func<Task> action) => Set(() => Actions.Add(_ => action()));
    public ITargetDefinition Executes(Func<CancellationToken, Task> action) => Set(() => Actions.Add(action));

    public ITargetDefinition DependsOn(params Target[] targets) => Set(() => DependsOnTargets.AddRange(targets));
    public ITargetDefinition DependsOn<T>(params Func<T, Target>[] targets) => DependsOn(Resolve(targets));
    public ITargetDefinition DependentFor(params Target[] targets) => Set(() => DependentForTargets.AddRange(targets));
    public ITargetDefinition DependentFor<T>(params Func<T, Target>[] targets) => DependentFor(Resolve(targets));
    public ITargetDefinition Before(params Target[] targets) => Set(() => BeforeTargets.AddRange(targets));
    public ITargetDefinition Before<T>(params Func<T, Target>[] targets) => Before(Resolve(targets));
    public ITargetDefinition After(params Target[] targets) => Set(() => AfterTargets.AddRange(targets));
    public ITargetDefinition After<T>(params Func<T, Target>[] targets) => After(Resolve(targets));
    public ITargetDefinition Triggers(params Target[] targets) => Set(() => TriggersTargets.AddRange(targets));
    public ITargetDefinition Triggers<T>(params Func<T, Target>[] targets) => Triggers(Resolve(targets));
    public ITargetDefinition TriggeredBy(params Target[] targets) => Set(() => TriggeredByTargets.AddRange(targets));
    public ITargetDefinition TriggeredBy<T>(params Func<T, Target>[] targets) => TriggeredBy(Resolve(targets));

    public ITargetDefinition OnlyWhenStatic(Func<bool> condition, string? text = null) =>
        Set(() => StaticConditions.Add(new Condition(condition, text ?? "condition")));

    public ITargetDefinition OnlyWhenDynamic(Func<bool> condition, string? text = null) =>
        Set(() => DynamicConditions.Add(new Condition(condition, text ?? "condition")));

    public ITargetDefinition Requires<T>(Func<T> parameter, string? text = null) =>
        Set(() => Requirements.Add(new Requirement(LambdaText.MemberName(text ?? "value"), () => parameter())));

    public ITargetDefinition WhenSkipped(DependencyBehavior behavior) => Set(() => SkipBehavior = behavior);
    public ITargetDefinition ProceedAfterFailure() => Set(() => ProceedsAfterFailure = true);
    public ITargetDefinition AssuredAfterFailure() => Set(() => AssuredAfterFailureFlag = true);
    public ITargetDefinition Unlisted() => Set(() => IsUnlisted = true);

    private Target[] Resolve<T>(Func<T, Target>[] selectors)
    {
        if (build is not T component)
            throw new BuildException($"A target refers to a target of {typeof(T).Name}, but the build class {build.GetType().Name} does not implement {typeof(T).Name}. Add it to the build class's base list.");
        return selectors.Select(select => select(component)).ToArray();
    }

    private TargetDefinition Set(Action change)
    {
        change();
        return this;
    }
}
