namespace Wheelhouse.Engine.Parameters;

/// <summary>The resolved value of every parameter, and which of them are secrets.</summary>
public sealed class ParameterValues
{
    private readonly Dictionary<string, object?> values = new(StringComparer.OrdinalIgnoreCase);

    public ParameterValues(IReadOnlyList<ParameterDescriptor> parameters) => Parameters = parameters;

    public IReadOnlyList<ParameterDescriptor> Parameters { get; }

    public ParameterDescriptor? Describe(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    public object? Get(string name) => values.GetValueOrDefault(name);

    public T? Get<T>(string name) => values.GetValueOrDefault(name) is T value ? value : default;

    public bool Has(string name) => values.ContainsKey(name);

    public IEnumerable<string> SecretValues =>
        Parameters.Where(p => p.IsSecret).Select(p => Get(p.Name)).OfType<string>().Where(v => v.Length > 0);

    /// <summary>Reads every parameter from its sources; the first bad value stops with an error naming it.</summary>
    public static ParameterValues Resolve(IReadOnlyList<ParameterDescriptor> parameters, ParameterSources sources)
    {
        var result = new ParameterValues(parameters);
        foreach (var parameter in parameters)
        {
            if (sources.Find(parameter) is { } raw)
                result.values[parameter.Name] = ValueConverter.Convert(parameter, raw);
        }

        return result;
    }
}
