using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wheelhouse.Engine;
using Wheelhouse.PyPI.Attestations;
using Wheelhouse.PyPI.Rehearsal.StandIns;
using Wheelhouse.PyPI.TrustedPublishing;

namespace Wheelhouse.PyPI.Rehearsal;

/// <summary>
/// What the release workflow's signing step (astral-sh/attest-action: sigstore-python and pypi-attestations) does,
/// played offline for the rehearsal: one ambient OIDC token with audience <c>sigstore</c> from the job's token
/// endpoint, one ephemeral P-256 key, one certificate for it from <see cref="FulcioStandIn"/>, then for each
/// distribution the publish statement (its name and sha256), a DSSE signature, and <c>&lt;file&gt;.publish.attestation</c>
/// beside it. Without Rekor, the transparency entry is made here: the <c>dsse</c> 0.0.1 body of the envelope and the
/// time it was "logged", with no signed entry timestamp and no inclusion proof, because there is no log.
/// Signing crypto of this kind is for the rehearsal only; the release workflow signs with the real Sigstore.
/// </summary>
public static class RehearsalSigner
{
    /// <summary>Signs each distribution; returns the attestation files written. An existing attestation file is refused, as the signing action refuses it.</summary>
    public static async Task<IReadOnlyList<string>> SignAsync(
        IReadOnlyList<string> distributions, GitHubOidcEnvironment github, FulcioStandIn fulcio, HttpClient http, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        time ??= TimeProvider.System;
        foreach (var existing in distributions.Select(AttestationFiles.PublishFor).Where(File.Exists))
            throw new BuildException($"{existing} already exists; the signing step does not overwrite attestations. Remove it, or sign a fresh copy of dist/.");

        var token = await AmbientTokenAsync(http, github, cancellationToken);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = await fulcio.IssueAsync(token, key);
        var written = new List<string>();
        foreach (var distribution in distributions)
        {
            string sha256;
            await using (var stream = File.OpenRead(distribution))
                sha256 = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
            var attestation = Attest(InTotoStatement.PublishFor(Path.GetFileName(distribution), sha256), key, certificate, time.GetUtcNow(), written.Count);
            var path = AttestationFiles.PublishFor(distribution);
            AtomicFile.WriteAllText(path, attestation.ToJson().ToJsonString());
            written.Add(path);
        }

        return written;
    }

    /// <summary>One attestation: <paramref name="statement"/> signed in a DSSE envelope with <paramref name="key"/>, the certificate, and a log entry "integrated" at <paramref name="loggedAt"/>.</summary>
    internal static Attestation Attest(byte[] statement, ECDsa key, X509Certificate2 certificate, DateTimeOffset loggedAt, int logIndex)
    {
        var signature = key.SignData(Dsse.PreAuthenticationEncoding(InTotoStatement.PayloadType, statement), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var entry = LogEntry(statement, signature, certificate.ExportCertificatePem(), loggedAt, logIndex);
        return new Attestation(certificate.RawData, [entry], statement, signature);
    }

    /// <summary>The job's OIDC token for Sigstore, fetched as sigstore-python's ambient detection fetches it.</summary>
    private static async Task<string> AmbientTokenAsync(HttpClient http, GitHubOidcEnvironment github, CancellationToken cancellationToken)
    {
        if (!github.CanRequestToken)
            throw new BuildException("Signing attestations needs the job's OIDC token, and the job has none (permissions: id-token: write is missing).");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{github.RequestUrl}&audience={FulcioStandIn.Audience}");
        request.Headers.Authorization = new AuthenticationHeaderValue("bearer", github.RequestToken);
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode || JsonNode.Parse(body)?["value"]?.GetValue<string>() is not { Length: > 0 } token)
            throw new BuildException($"The OIDC token endpoint answered {(int)response.StatusCode} without a token; signing attestations needs one.");
        return token;
    }

    /// <summary>A Rekor v1 <c>dsse</c> 0.0.1 entry for the envelope, with no log behind it.</summary>
    private static JsonObject LogEntry(byte[] statement, byte[] signature, string certificatePem, DateTimeOffset now, int index)
    {
        var envelope = JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["payload"] = Convert.ToBase64String(statement),
            ["payloadType"] = InTotoStatement.PayloadType,
            ["signatures"] = new JsonArray(new JsonObject { ["sig"] = Convert.ToBase64String(signature) }),
        });
        var body = new JsonObject
        {
            ["apiVersion"] = "0.0.1",
            ["kind"] = "dsse",
            ["spec"] = new JsonObject
            {
                ["envelopeHash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = Convert.ToHexStringLower(SHA256.HashData(envelope)) },
                ["payloadHash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = Convert.ToHexStringLower(SHA256.HashData(statement)) },
                ["signatures"] = new JsonArray(new JsonObject
                {
                    ["signature"] = Convert.ToBase64String(signature),
                    ["verifier"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(certificatePem + "\n")),
                }),
            },
        };
        return new JsonObject
        {
            ["logIndex"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["logId"] = new JsonObject { ["keyId"] = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes("wheelhouse rehearsal: no transparency log"))) },
            ["kindVersion"] = new JsonObject { ["kind"] = "dsse", ["version"] = "0.0.1" },
            ["integratedTime"] = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["canonicalizedBody"] = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(body)),
        };
    }
}
