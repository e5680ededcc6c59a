namespace Wheelhouse.Engine.Planning;

/// <summary>What --skip asked for: nothing, every target not named on the command line, or the named ones.</summary>
public sealed record SkipRequest(bool AllDependencies, IReadOnlyList<string> Names)
{
    public static SkipRequest None { get; } = new(false, []);
    public static SkipRequest Dependencies { get; } = new(true, []);
    public static SkipRequest Of(params string[] names) => new(false, names);
}
