using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wheelhouse.Engine;

namespace Wheelhouse.Python.PluginApi;

/// <summary>
/// The plugin-API document (docs/plugin-api-schema.md): written in the stable order with fixed property order, indented
/// with two spaces, LF line ends and a final newline, so the same API always gives byte-identical files; read back
/// with every required property checked. The probe writes the same shape, for all plugins pytest loaded.
/// </summary>
public static class PluginApiJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Serialize(PluginApiSnapshot api)
    {
        api = api.InStableOrder();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("schema", PluginApiSnapshot.Schema);
            json.WriteString("distribution", api.Distribution);
            json.WriteString("version", api.Version);
            json.WriteString("requires_python", api.RequiresPython);
            json.WriteString("pytest_version", api.PytestVersion);
            json.WriteString("python_version", api.PythonVersion);
            WriteArray(json, "entry_points", api.EntryPoints, e =>
            {
                json.WriteString("name", e.Name);
                json.WriteString("module", e.Module);
                json.WriteString("attribute", e.Attribute);
                json.WriteBoolean("loaded", e.Loaded);
                json.WriteString("load_error", e.LoadError);
            });
            WriteArray(json, "fixtures", api.Fixtures, f =>
            {
                json.WriteString("name", f.Name);
                json.WriteString("module", f.Module);
                json.WriteString("scope", f.Scope);
                json.WriteBoolean("autouse", f.Autouse);
                WriteStrings(json, "params", f.Params);
            });
            WriteArray(json, "markers", api.Markers, m =>
            {
                json.WriteString("name", m.Name);
                json.WriteString("signature", m.Signature);
                json.WriteString("description", m.Description);
            });
            WriteArray(json, "ini_options", api.IniOptions, o =>
            {
                json.WriteString("name", o.Name);
                json.WriteString("type", o.Type);
                WriteValue(json, "default", o.Default);
                json.WriteString("help", o.Help);
                WriteStrings(json, "aliases", o.Aliases);
            });
            WriteArray(json, "options", api.Options, o =>
            {
                WriteStrings(json, "flags", o.Flags);
                json.WriteString("dest", o.Dest);
                json.WriteString("action", o.Action);
                json.WriteString("nargs", o.Nargs);
                json.WriteString("type", o.Type);
                if (o.Choices is null)
                    json.WriteNull("choices");
                else
                {
                    json.WriteStartArray("choices");
                    foreach (var choice in o.Choices)
                        WriteValue(json, null, choice);
                    json.WriteEndArray();
                }

                WriteValue(json, "default", o.Default);
                json.WriteBoolean("required", o.Required);
                json.WriteString("help", o.Help);
            });
            WriteArray(json, "hookspecs", api.HookSpecs, h =>
            {
                json.WriteString("name", h.Name);
                json.WriteString("module", h.Module);
                WriteStrings(json, "arguments", h.Arguments);
                json.WriteBoolean("firstresult", h.FirstResult);
                json.WriteBoolean("historic", h.Historic);
            });
            WriteStrings(json, "unreadable", api.Unreadable);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Writes the document to <paramref name="path"/> atomically (a reader sees the old file or the new one).</summary>
    public static void WriteFile(PluginApiSnapshot api, string path) => AtomicFile.WriteAllBytes(path, Serialize(api));

    public static PluginApiSnapshot ReadFile(string path)
    {
        if (!File.Exists(path))
            throw new BuildException($"The plugin API file '{path}' does not exist.");
        return Read(File.ReadAllText(path, Encoding.UTF8), path);
    }

    /// <summary>Reads a document; <paramref name="source"/> names it in errors (a file path, or "the probe's output").</summary>
    public static PluginApiSnapshot Read(string text, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            throw new BuildException($"{source} is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = new Node(document.RootElement, "the document", source);
            if (root.Element.ValueKind != JsonValueKind.Object)
                throw root.Wrong("a JSON object");
            var schema = root.Required("schema", JsonValueKind.Number);
            if (!schema.Element.TryGetInt32(out var number) || number != PluginApiSnapshot.Schema)
                throw new BuildException($"{source} has plugin API schema {schema.Element.GetRawText()}; this build reads schema {PluginApiSnapshot.Schema} only. " +
                    "Extract the API again with this build (or use the build that wrote the file).");
            var api = new PluginApiSnapshot(
                root.String("distribution"),
                root.String("version"),
                root.OptionalString("requires_python"),
                root.String("pytest_version"),
                root.String("python_version"),
                root.Array("entry_points", e => new PluginEntryPoint(e.String("name"), e.String("module"), e.OptionalString("attribute"),
                    e.Boolean("loaded"), e.OptionalString("load_error"))),
                root.Array("fixtures", f => new PluginFixture(f.String("name"), f.String("module"), f.String("scope"), f.Boolean("autouse"),
                    f.OptionalArray("params", p => p.AsString()))),
                root.Array("markers", m => new PluginMarker(m.String("name"), m.String("signature"), m.String("description"))),
                root.Array("ini_options", o => new PluginIniOption(o.String("name"), o.String("type"), o.Value("default"), o.String("help"),
                    o.Array("aliases", a => a.AsString()))),
                root.Array("options", o => new PluginOption(o.Array("flags", f => f.AsString()), o.String("dest"), o.String("action"),
                    o.OptionalString("nargs"), o.OptionalString("type"), o.OptionalArray("choices", c => c.AsValue()), o.Value("default"),
                    o.Boolean("required"), o.String("help"))),
                root.Array("hookspecs", h => new PluginHookSpec(h.String("name"), h.OptionalString("module"), h.Array("arguments", a => a.AsString()),
                    h.Boolean("firstresult"), h.Boolean("historic"))),
                root.Array("unreadable", u => u.AsString()));
            return api.InStableOrder();
        }
    }

    private static void WriteArray<T>(Utf8JsonWriter json, string name, IEnumerable<T> items, Action<T> writeProperties)
    {
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            json.WriteStartObject();
            writeProperties(item);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string>? items)
    {
        if (items is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartArray(name);
        foreach (var item in items)
            json.WriteStringValue(item);
        json.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter json, string? name, PythonValue value)
    {
        if (name != null)
            json.WritePropertyName(name);
        var node = value.ToNode();
        if (node is null)
            json.WriteNullValue();
        else
            node.WriteTo(json);
    }

    /// <summary>An element being read, with its path for error messages (<c>fixtures[2].scope</c>).</summary>
    private readonly record struct Node(JsonElement Element, string Path, string Source)
    {
        public BuildException Wrong(string expected) =>
            new($"{Source} is not a plugin API document: {Path} should be {expected} but is {Describe(Element)}. " +
                "Extract the API again rather than editing the file by hand.");

        private BuildException Missing(string name) =>
            new($"{Source} is not a plugin API document: {Child(name)} is missing. Extract the API again rather than editing the file by hand.");

        private string Child(string name) => Path == "the document" ? name : $"{Path}.{name}";

        public Node Required(string name, JsonValueKind kind)
        {
            if (!Element.TryGetProperty(name, out var value))
                throw Missing(name);
            var node = new Node(value, Child(name), Source);
            if (value.ValueKind != kind && !(kind == JsonValueKind.True && value.ValueKind == JsonValueKind.False))
                throw node.Wrong(Expected(kind));
            return node;
        }

        private Node? Optional(string name, JsonValueKind kind)
        {
            if (!Element.TryGetProperty(name, out var value))
                throw Missing(name);
            if (value.ValueKind == JsonValueKind.Null)
                return null;
            var node = new Node(value, Child(name), Source);
            if (value.ValueKind != kind)
                throw node.Wrong(Expected(kind) + " or null");
            return node;
        }

        public string String(string name) => Required(name, JsonValueKind.String).Element.GetString()!;

        public string? OptionalString(string name) => Optional(name, JsonValueKind.String)?.Element.GetString();

        public bool Boolean(string name) => Required(name, JsonValueKind.True).Element.GetBoolean();

        public PythonValue Value(string name)
        {
            if (!Element.TryGetProperty(name, out var value))
                throw Missing(name);
            return new Node(value, Child(name), Source).AsValue();
        }

        public ValueList<T> Array<T>(string name, Func<Node, T> read) => Items(Required(name, JsonValueKind.Array), read);

        public ValueList<T>? OptionalArray<T>(string name, Func<Node, T> read) =>
            Optional(name, JsonValueKind.Array) is { } array ? Items(array, read) : null;

        public string AsString() => Element.ValueKind == JsonValueKind.String ? Element.GetString()! : throw Wrong("a string");

        public PythonValue AsValue() => PythonValue.FromNode(JsonNode.Parse(Element.GetRawText()));

        private static ValueList<T> Items<T>(Node array, Func<Node, T> read)
        {
            var items = new List<T>();
            var index = 0;
            foreach (var item in array.Element.EnumerateArray())
            {
                var node = new Node(item, $"{array.Path}[{index++}]", array.Source);
                if (typeof(T) != typeof(string) && typeof(T) != typeof(PythonValue) && item.ValueKind != JsonValueKind.Object)
                    throw node.Wrong("an object");
                items.Add(read(node));
            }

            return items.ToValueList();
        }

        private static string Expected(JsonValueKind kind) => kind switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "true or false",
            JsonValueKind.Array => "an array",
            _ => "an object",
        };

        private static string Describe(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Null => "null",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Array => "an array",
            _ => "an object",
        };
    }
}
