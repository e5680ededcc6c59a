using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wheelhouse.PyPI.Attestations;

/// <summary>One subject of a statement: a name and its digests (<c>sha256</c> → hex).</summary>
public sealed record StatementSubject(string? Name, IReadOnlyDictionary<string, string> Digest);

/// <summary>
/// An in-toto Statement v1, the signed payload of an attestation's envelope:
/// <c>{"_type": "https://in-toto.io/Statement/v1", "subject": [{"name", "digest": {"sha256"}}], "predicateType", "predicate"}</c>.
/// </summary>
public sealed record InTotoStatement(IReadOnlyList<StatementSubject> Subjects, string PredicateType, JsonNode? Predicate)
{
    public const string TypeV1 = "https://in-toto.io/Statement/v1";

    /// <summary>The payload type a DSSE envelope gives an in-toto statement.</summary>
    public const string PayloadType = "application/vnd.in-toto+json";

    /// <summary>The statement PyPI's publish attestation signs for one file: that file's name and sha256, no predicate.</summary>
    public static byte[] PublishFor(string fileName, string sha256) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["_type"] = TypeV1,
            ["subject"] = new JsonArray(new JsonObject { ["name"] = fileName, ["digest"] = new JsonObject { ["sha256"] = sha256 } }),
            ["predicateType"] = PredicateTypes.Publish,
            ["predicate"] = null,
        });

    /// <summary>Reads the statement; a problem throws <see cref="AttestationException"/> worded as pypi-attestations ("invalid statement: ...").</summary>
    public static InTotoStatement Parse(byte[] payload)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(payload) as JsonObject ?? throw Invalid("Input should be an object");
        }
        catch (JsonException e)
        {
            throw Invalid($"Invalid JSON: {e.Message}");
        }

        if (Text(root["_type"]) != TypeV1)
            throw Invalid($"_type: Input should be '{TypeV1}'");
        if (root["subject"] is not JsonArray subjects || subjects.Count == 0)
            throw Invalid("subject: List should have at least 1 item");
        var parsed = new List<StatementSubject>();
        for (var i = 0; i < subjects.Count; i++)
        {
            if (subjects[i] is not JsonObject subject)
                throw Invalid($"subject.{i}: Input should be an object");
            var name = subject["name"] is null ? null : Text(subject["name"]) ?? throw Invalid($"subject.{i}.name: Input should be a valid string");
            if (subject["digest"] is not JsonObject digest)
                throw Invalid($"subject.{i}.digest: Field required");
            var digests = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (algorithm, value) in digest)
                digests[algorithm] = Text(value) ?? throw Invalid($"subject.{i}.digest.{algorithm}: Input should be a valid string");
            parsed.Add(new StatementSubject(name, digests));
        }

        var predicateType = Text(root["predicateType"]) ?? throw Invalid("predicateType: Field required");
        return new InTotoStatement(parsed, predicateType, root["predicate"]?.DeepClone());
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static AttestationException Invalid(string problem) => new($"invalid statement: {problem}");
}
