namespace Wheelhouse.Engine.Parameters;

/// <summary>Text values for one parameter as found in one source, before conversion to the parameter's type.</summary>
public sealed record RawValue(IReadOnlyList<string> Values, string Source, string BaseDirectory);
