using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wheelhouse.Engine.Parameters;

/// <summary>
/// Where parameter values come from, in order of precedence: the command line, then environment variables
/// (exact name, then ignoring case and '_'), then <c>parameters.&lt;profile&gt;.json</c>, then <c>parameters.json</c>.
/// </summary>
public sealed class ParameterSources(
    IReadOnlyDictionary<string, IReadOnlyList<string>> options,
    IReadOnlyDictionary<string, string> environment,
    IReadOnlyList<ParametersFile> files,
    string workingDirectory,
    string rootDirectory)
{
    public RawValue? Find(ParameterDescriptor parameter)
    {
        if (options.TryGetValue(parameter.ArgumentName, out var fromCommandLine))
        {
            if (parameter.IsSecret)
                throw new BuildException($"Parameter --{parameter.ArgumentName} is a secret and is not taken from the command line, where other processes and shell history can read it. Set environment variable {parameter.EnvironmentName} instead, or key \"{parameter.Name}\" in .nuke/parameters.json.");
            return new RawValue(fromCommandLine, $"command line option --{parameter.ArgumentName}", workingDirectory);
        }

        if (environment.TryGetValue(parameter.Name, out var exact))
            return new RawValue([exact], $"environment variable {parameter.Name}", workingDirectory);
        var loose = new[] { parameter.Name, parameter.ExternalName ?? parameter.Name }.Select(KebabCase.Loose).ToHashSet();
        foreach (var (key, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (loose.Contains(KebabCase.Loose(key)))
                return new RawValue([value], $"environment variable {key}", workingDirectory);
        }

        foreach (var file in files)
        {
            if (file.Find(parameter.Name) is { } values)
                return new RawValue(values, $"key \"{parameter.Name}\" in {file.DisplayPath}", rootDirectory);
        }

        return null;
    }
}

/// <summary>One parameters file (.nuke/parameters.json or a profile's), read once.</summary>
public sealed class ParametersFile
{
    private readonly JsonObject values;

    private ParametersFile(string displayPath, JsonObject values)
    {
        DisplayPath = displayPath;
        this.values = values;
    }

    public string DisplayPath { get; }

    public IReadOnlyList<string>? Find(string name)
    {
        var node = values.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)
                                              || KebabCase.Loose(p.Key) == KebabCase.Loose(name)).Value;
        return node switch
        {
            null => null,
            JsonArray array => array.Select(e => e is JsonValue v ? Text(v) : e?.ToJsonString() ?? "").ToList(),
            JsonValue value => [Text(value)],
            _ => throw new BuildException($"{DisplayPath}: key \"{name}\" holds an object; give a string, number, boolean or array."),
        };
    }

    private static string Text(JsonValue value) =>
        value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();

    /// <summary>Reads the file, or returns null when it does not exist; bad JSON is an error naming the file.</summary>
    public static ParametersFile? Load(string path, string displayPath)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            if (node is not JsonObject json)
                throw new BuildException($"{displayPath} must hold a JSON object of parameter names and values, like {{ \"Verbosity\": \"normal\" }}.");
            return new ParametersFile(displayPath, json);
        }
        catch (JsonException e)
        {
            throw new BuildException($"{displayPath} is not valid JSON ({e.Message}). Fix the file or delete it.");
        }
    }
}
