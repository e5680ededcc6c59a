namespace Wheelhouse.Engine;

/// <summary>
/// A value a target requires, as NUKE's <c>Requires</c> means it: <c>Requires(() => IsServerBuild)</c> needs the bool to be
/// true; <c>Requires(() => PypiToken)</c> needs a value (not null, not an empty string or collection; a nullable value type
/// must have one). Read each time it is checked.
/// </summary>
public sealed record Requirement(string MemberName, Func<object?> Read)
{
    public bool IsSatisfied() => Read() switch
    {
        null => false,
        bool flag => flag,
        string text => text.Length > 0,
        System.Collections.ICollection collection => collection.Count > 0,
        _ => true,
    };

    /// <summary>What is missing, for the error: "to be true" for a bool, "to have a value" otherwise.</summary>
    public string Expectation => Read() is bool ? "to be true" : "to have a value";
}
