using System.Text.Json;
using Wheelhouse.Engine;

namespace Wheelhouse.Python.Requirements;

/// <summary>
/// The values PEP 508 environment markers are evaluated against: those of one Python interpreter (what
/// <c>packaging.markers.default_environment()</c> returns there) and the <c>extra</c> being evaluated ("" for none).
/// </summary>
public sealed record MarkerEnvironment(
    string PythonVersion,
    string PythonFullVersion,
    string OsName,
    string SysPlatform,
    string PlatformRelease,
    string PlatformSystem,
    string PlatformVersion,
    string PlatformMachine,
    string PlatformPythonImplementation,
    string ImplementationName,
    string ImplementationVersion,
    string Extra = "")
{
    /// <summary>The interpreter's variables by their marker names (everything but <c>extra</c>), in PEP 508's order.</summary>
    public static readonly IReadOnlyList<string> InterpreterVariables =
    [
        "python_version",
        "python_full_version",
        "os_name",
        "sys_platform",
        "platform_release",
        "platform_system",
        "platform_version",
        "platform_machine",
        "platform_python_implementation",
        "implementation_name",
        "implementation_version",
    ];

    /// <summary>
    /// Builds the environment from the interpreter's variables by marker name (as a probe prints them); an
    /// <c>extra</c> entry is taken too, other names are ignored. A missing variable is a <see cref="BuildException"/>.
    /// </summary>
    public static MarkerEnvironment FromDictionary(IReadOnlyDictionary<string, string> values, string source = "the marker environment")
    {
        var missing = InterpreterVariables.Where(name => !values.ContainsKey(name)).ToList();
        if (missing.Count > 0)
            throw new BuildException(
                $"{source} lacks the marker variable{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)}; " +
                $"it needs every one of {string.Join(", ", InterpreterVariables)}.");
        return new MarkerEnvironment(
            values["python_version"],
            values["python_full_version"],
            values["os_name"],
            values["sys_platform"],
            values["platform_release"],
            values["platform_system"],
            values["platform_version"],
            values["platform_machine"],
            values["platform_python_implementation"],
            values["implementation_name"],
            values["implementation_version"],
            values.TryGetValue("extra", out var extra) ? extra : "");
    }

    /// <summary>Builds the environment from a JSON object of marker names and string values, as a Python probe prints it.</summary>
    public static MarkerEnvironment FromJson(string json, string source = "the marker environment")
    {
        Dictionary<string, string>? values;
        try
        {
            values = JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        }
        catch (JsonException e)
        {
            throw new BuildException($"{source} is not a JSON object of marker variables and their string values: {e.Message}");
        }

        return values is null
            ? throw new BuildException($"{source} is JSON null, not an object of marker variables and their string values.")
            : FromDictionary(values, source);
    }

    /// <summary>Every variable by its marker name, <c>extra</c> included.</summary>
    public IReadOnlyDictionary<string, string> ToDictionary() =>
        InterpreterVariables.Append("extra").ToDictionary(name => name, name => Value(name)!, StringComparer.Ordinal);

    /// <summary>The value of the marker variable <paramref name="name"/> (its canonical PEP 508 name); null for an unknown name.</summary>
    public string? Value(string name) => name switch
    {
        "python_version" => PythonVersion,
        "python_full_version" => RepairedFullVersion(PythonFullVersion),
        "os_name" => OsName,
        "sys_platform" => SysPlatform,
        "platform_release" => PlatformRelease,
        "platform_system" => PlatformSystem,
        "platform_version" => PlatformVersion,
        "platform_machine" => PlatformMachine,
        "platform_python_implementation" => PlatformPythonImplementation,
        "implementation_name" => ImplementationName,
        "implementation_version" => ImplementationVersion,
        "extra" => Extra,
        _ => null,
    };

    /// <summary>
    /// A Python built from an untagged checkout reports <c>3.11.1+</c>, which no version parser accepts;
    /// <c>packaging</c> reads it as <c>3.11.1+local</c>, and so do we.
    /// </summary>
    private static string RepairedFullVersion(string version) =>
        version.EndsWith('+') ? version + "local" : version;
}
