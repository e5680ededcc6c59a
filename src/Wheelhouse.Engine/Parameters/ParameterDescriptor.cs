using System.Reflection;

namespace Wheelhouse.Engine.Parameters;

/// <summary>A build parameter as declared: its name, type and flags, and where to put its value.</summary>
public sealed record ParameterDescriptor(string Name, Type ValueType, string? Description, bool IsSecret, bool IsRequired)
{
    /// <summary>The settable member on the build class, or null for get-only component properties.</summary>
    public MemberInfo? Member { get; init; }

    /// <summary>The name users type, when it is not the member's: <c>[Parameter(Name = "GithubToken")]</c> gives --github-token.</summary>
    public string? ExternalName { get; init; }

    public string ArgumentName => KebabCase.From(ExternalName ?? Name);

    /// <summary>Where a user can set it, for error messages.</summary>
    public string HowToSet => IsSecret
        ? $"environment variable {EnvironmentName} or key \"{Name}\" in .nuke/parameters.json (secrets are not taken from the command line)"
        : $"--{ArgumentName}, environment variable {EnvironmentName}, or key \"{Name}\" in .nuke/parameters.json";

    public string EnvironmentName => ArgumentName.Replace('-', '_').ToUpperInvariant();

    public static IReadOnlyList<ParameterDescriptor> FromBuild(Type buildType)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var found = new List<ParameterDescriptor>();
        var types = new List<Type>();
        for (var type = buildType; type != null && type != typeof(object); type = type.BaseType)
            types.Insert(0, type);
        types.AddRange(ComponentOrder.Interfaces(buildType));

        foreach (var type in types)
        foreach (var member in type.GetMembers(flags).Where(m => m is FieldInfo or PropertyInfo).OrderBy(m => m.MetadataToken))
        {
            var attribute = member.GetCustomAttribute<ParameterAttribute>();
            if (attribute is null)
                continue;
            var name = member.Name[(member.Name.LastIndexOf('.') + 1)..];
            if (name.TrimStart('_') is { Length: > 0 } bare)
                name = bare; // a `_configuration` field is --configuration, not ---configuration
            if (found.Any(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)))
                continue;
            var valueType = member is FieldInfo field ? field.FieldType : ((PropertyInfo)member).PropertyType;
            var settable = member is FieldInfo || (member is PropertyInfo { CanWrite: true } && !type.IsInterface);
            found.Add(new ParameterDescriptor(
                name,
                valueType,
                attribute.Description,
                member.IsDefined(typeof(SecretAttribute)),
                member.IsDefined(typeof(RequiredAttribute)))
            {
                Member = settable ? member : null,
                ExternalName = attribute.Name,
            });
        }

        return found;
    }

    public void Inject(object build, object? value)
    {
        switch (Member)
        {
            case FieldInfo field:
                field.SetValue(build, value);
                break;
            case PropertyInfo property:
                property.SetValue(build, value);
                break;
        }
    }
}
