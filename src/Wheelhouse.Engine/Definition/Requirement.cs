namespace Wheelhouse.Engine;

/// <summary>A value a target requires: <c>Requires(() => PypiToken)</c>.</summary>
public sealed record Requirement(string MemberName, Func<object?> Read)
{
    public bool IsSatisfied()
    {
        var value = Read();
        return value switch
        {
            null => false,
            string text => text.Length > 0,
            System.Collections.ICollection collection => collection.Count > 0,
            _ => true,
        };
    }
}
