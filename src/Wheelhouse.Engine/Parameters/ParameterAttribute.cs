namespace Wheelhouse.Engine;

/// <summary>
/// Marks a field or property as a build parameter, set from <c>--kebab-case</c> on the command line,
/// an environment variable, or <c>.nuke/parameters*.json</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string? description = null) : Attribute
{
    public string? Description { get; } = description;

    /// <summary>The name on the command line and in the environment, when the member's name would read badly (GitHubToken → git-hub-token).</summary>
    public string? Name { get; init; }
}

/// <summary>The parameter holds a secret: never printed, masked as *** in every log line.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;

/// <summary>The parameter must have a value whenever any target runs.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class RequiredAttribute : Attribute;
