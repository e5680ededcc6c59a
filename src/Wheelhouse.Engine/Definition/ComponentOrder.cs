namespace Wheelhouse.Engine;

/// <summary>
/// The order in which a build's component interfaces are read: base components before the ones built on them,
/// then by name, so targets and parameters appear in a stable, readable order.
/// </summary>
internal static class ComponentOrder
{
    public static IEnumerable<Type> Interfaces(Type buildType) =>
        buildType.GetInterfaces()
            .OrderBy(i => i.GetInterfaces().Length)
            .ThenBy(i => i.FullName, StringComparer.Ordinal);
}
