namespace Wheelhouse.Engine;

/// <summary>
/// A target, declared as NUKE declares it: <c>Target Build => _ => _.DependsOn(Clean).Executes(...)</c>.
/// The delegate configures a definition; the engine calls it once to learn what the target is.
/// </summary>
public delegate ITargetDefinition Target(ITargetDefinition definition);
