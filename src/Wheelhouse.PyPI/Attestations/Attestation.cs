using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wheelhouse.PyPI.Attestations;

/// <summary>
/// A PEP 740 attestation object, as a <c>&lt;file&gt;.publish.attestation</c> file, the upload form's <c>attestations</c>
/// field and the integrity API carry it:
/// <c>{"version": 1, "verification_material": {"certificate": base64 DER, "transparency_entries": [{...}, ...]},
/// "envelope": {"statement": base64 in-toto statement, "signature": base64}}</c>.
/// <see cref="Parse"/> checks exactly what warehouse's model (pypi-attestations' <c>Attestation</c>) requires; the
/// certificate's DER and the statement's JSON are read later, by <see cref="AttestationCheck"/>.
/// </summary>
public sealed record Attestation(byte[] Certificate, IReadOnlyList<JsonObject> TransparencyEntries, byte[] Statement, byte[] Signature)
{
    /// <summary>The only version PEP 740 defines.</summary>
    public const int FormatVersion = 1;

    /// <summary>
    /// Reads one attestation object. <paramref name="path"/> prefixes the location in messages (<c>0</c> for the first
    /// of a list), as pydantic names it. Throws <see cref="AttestationException"/> (<see cref="AttestationProblem.Malformed"/>).
    /// </summary>
    public static Attestation Parse(JsonNode? node, string path = "")
    {
        string At(string field) => path.Length == 0 ? field : $"{path}.{field}";
        var root = node as JsonObject ?? throw Malformed(path.Length == 0 ? "attestation" : path, "Input should be an object");
        if (root["version"] is not JsonValue version || version.GetValueKind() != JsonValueKind.Number || !version.TryGetValue<int>(out var number) || number != FormatVersion)
            throw Malformed(At("version"), $"Input should be {FormatVersion}");

        var material = root["verification_material"] as JsonObject ?? throw Malformed(At("verification_material"), "Field required (an object)");
        var certificate = Base64(material["certificate"], At("verification_material.certificate"));
        if (material["transparency_entries"] is not JsonArray entries)
            throw Malformed(At("verification_material.transparency_entries"), "Field required (a list)");
        if (entries.Count == 0)
            throw Malformed(At("verification_material.transparency_entries"), "List should have at least 1 item after validation, not 0");
        var objects = new List<JsonObject>();
        for (var i = 0; i < entries.Count; i++)
            objects.Add(entries[i] as JsonObject ?? throw Malformed(At($"verification_material.transparency_entries.{i}"), "Input should be a valid dictionary"));

        var envelope = root["envelope"] as JsonObject ?? throw Malformed(At("envelope"), "Field required (an object)");
        var statement = Base64(envelope["statement"], At("envelope.statement"));
        var signature = Base64(envelope["signature"], At("envelope.signature"));
        return new Attestation(certificate, objects, statement, signature);
    }

    /// <summary>Reads a JSON text holding one attestation object (a <c>.attestation</c> file).</summary>
    public static Attestation Parse(string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new AttestationException($"Invalid JSON: {e.Message}", AttestationProblem.Malformed);
        }

        return Parse(node);
    }

    /// <summary>The attestation as warehouse stores and serves it: the model's fields only, in the model's order.</summary>
    public JsonObject ToJson() => new()
    {
        ["version"] = FormatVersion,
        ["verification_material"] = new JsonObject
        {
            ["certificate"] = Convert.ToBase64String(Certificate),
            ["transparency_entries"] = new JsonArray(TransparencyEntries.Select(e => (JsonNode)e.DeepClone()).ToArray()),
        },
        ["envelope"] = new JsonObject
        {
            ["statement"] = Convert.ToBase64String(Statement),
            ["signature"] = Convert.ToBase64String(Signature),
        },
    };

    /// <summary>Strict base64 (no whitespace, no stray characters), as pydantic's validator decodes it.</summary>
    private static byte[] Base64(JsonNode? node, string path)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            throw Malformed(path, "Field required (a base64 string)");
        var text = value.GetValue<string>();
        if (text.Any(char.IsWhiteSpace))
            throw Malformed(path, "Base64 decoding error: whitespace is not allowed");
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw Malformed(path, "Base64 decoding error: not valid base64");
        }
    }

    private static AttestationException Malformed(string path, string problem) => new($"{path}: {problem}", AttestationProblem.Malformed);
}
