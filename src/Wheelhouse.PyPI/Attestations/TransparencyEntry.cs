using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wheelhouse.PyPI.Attestations;

/// <summary>
/// A Rekor v1 transparency log entry as an attestation carries it (<c>logIndex</c>, <c>logId</c>, <c>kindVersion</c>,
/// <c>integratedTime</c>, <c>canonicalizedBody</c>, and from Rekor <c>inclusionPromise</c> and <c>inclusionProof</c>).
/// What is read and checked here needs no key of Rekor's: the time the log says it took the entry, and that the
/// entry's body (for a <c>dsse</c> 0.0.1 entry) records this envelope's statement hash, signature and certificate.
/// Rekor's signed entry timestamp and inclusion proof are not checked (no Rekor key, no log): see README.
/// </summary>
public sealed record TransparencyEntry(DateTimeOffset IntegratedTime, string Kind, string KindVersion, JsonObject? Body)
{
    /// <summary>Reads an entry; <see cref="AttestationProblem.Material"/> (pypi-attestations: "invalid transparency log entry") when it cannot be.</summary>
    public static TransparencyEntry Read(JsonObject entry)
    {
        if (!TryLong(entry["integratedTime"], out var seconds) || !TryLong(entry["logIndex"], out _))
            throw Invalid();
        if (entry["kindVersion"] is not JsonObject kindVersion || Text(kindVersion["kind"]) is not { } kind || Text(kindVersion["version"]) is not { } version)
            throw Invalid();
        JsonObject? body = null;
        if (entry["canonicalizedBody"] is { } encoded)
        {
            try
            {
                body = JsonNode.Parse(Convert.FromBase64String(Text(encoded) ?? throw Invalid())) as JsonObject ?? throw Invalid();
            }
            catch (Exception e) when (e is FormatException or JsonException)
            {
                throw Invalid();
            }
        }

        return new TransparencyEntry(DateTimeOffset.FromUnixTimeSeconds(seconds), kind, version, body);
    }

    /// <summary>
    /// For a <c>dsse</c> 0.0.1 entry: the body's payload hash is the statement's sha256, and its one signature is the
    /// envelope's with the certificate as verifier (sigstore-python: "transparency log entry is inconsistent with other
    /// materials"). Entries of other kinds or versions are not compared.
    /// </summary>
    public void CheckMatches(Attestation attestation, X509Certificate2 certificate)
    {
        if (Kind != "dsse" || KindVersion != "0.0.1" || Body is null)
            return;
        var spec = Body["spec"] as JsonObject;
        var payloadHash = Text((spec?["payloadHash"] as JsonObject)?["value"]);
        var signatures = spec?["signatures"] as JsonArray;
        var recorded = signatures is { Count: 1 } ? signatures[0] as JsonObject : null;
        var verifier = Text(recorded?["verifier"]);
        var consistent = payloadHash == Convert.ToHexStringLower(SHA256.HashData(attestation.Statement))
                         && Text(recorded?["signature"]) == Convert.ToBase64String(attestation.Signature)
                         && verifier != null && SameCertificate(verifier, certificate);
        if (!consistent)
            throw new AttestationException("transparency log entry is inconsistent with other materials");
    }

    private static bool SameCertificate(string base64Pem, X509Certificate2 certificate)
    {
        try
        {
            using var recorded = X509Certificate2.CreateFromPem(Encoding.UTF8.GetString(Convert.FromBase64String(base64Pem)));
            return recorded.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span);
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Rekor writes numbers as JSON strings ("1733354041") in these entries; plain numbers are read too.</summary>
    private static bool TryLong(JsonNode? node, out long value)
    {
        value = 0;
        return node is JsonValue v && (v.GetValueKind() == JsonValueKind.Number ? v.TryGetValue(out value)
            : v.GetValueKind() == JsonValueKind.String && long.TryParse(v.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out value));
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static AttestationException Invalid() => new("invalid transparency log entry", AttestationProblem.Material);
}
