using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wheelhouse.Python.PluginApi;

/// <summary>
/// A Python value as the probe saw it (an option's or ini key's default, a choice): its exact JSON form when it has one
/// (None, bool, int, finite float, str, lists of values), else its repr (tuples, paths, other objects).
/// Equal values have equal <see cref="Json"/> text: the JSON is kept in one canonical compact form.
/// </summary>
public sealed record PythonValue
{
    private static readonly JsonSerializerOptions Canonical = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private PythonValue(string? json, string? repr)
    {
        Json = json;
        Repr = repr;
    }

    /// <summary>Compact canonical JSON text of the value; null when the value has only a repr.</summary>
    public string? Json { get; }

    /// <summary>Python's repr of a value JSON cannot hold exactly; null when <see cref="Json"/> is set.</summary>
    public string? Repr { get; }

    public static PythonValue None { get; } = new("null", null);

    public static PythonValue FromRepr(string repr) => new(null, repr);

    /// <summary>The value of a JSON node in the schema's form: <c>{"repr": "..."}</c> is a repr, anything else the value itself.</summary>
    public static PythonValue FromNode(JsonNode? node)
    {
        if (node is JsonObject obj && obj.Count == 1 && obj["repr"] is JsonValue repr && repr.GetValueKind() == JsonValueKind.String)
            return FromRepr(repr.GetValue<string>());
        return new PythonValue(node?.ToJsonString(Canonical) ?? "null", null);
    }

    public static PythonValue FromJson(string json) => FromNode(JsonNode.Parse(json));

    /// <summary>The schema's JSON form: the value, or <c>{"repr": "..."}</c>.</summary>
    public JsonNode? ToNode() => Json is null ? new JsonObject { ["repr"] = Repr } : JsonNode.Parse(Json);

    /// <summary>For messages: the JSON text, or the repr.</summary>
    public override string ToString() => Json ?? Repr!;
}
