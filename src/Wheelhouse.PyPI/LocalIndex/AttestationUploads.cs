using System.Text.Json;
using System.Text.Json.Nodes;
using Wheelhouse.PyPI.Attestations;

namespace Wheelhouse.PyPI.LocalIndex;

/// <summary>
/// The attestations of an upload, checked as warehouse checks them (forklift/legacy.py, attestations/services.py):
/// only with trusted publishing, a JSON list that is not empty, at most one per supported predicate type, each
/// verified against the trusted publisher (<see cref="PublisherVerification"/>: the index's trust root instead of
/// Sigstore's, no Rekor). Every refusal is warehouse's 400 "Invalid attestations supplied during upload: ...", raised
/// before the file is stored. What passes becomes the file's PEP 740 provenance object, as warehouse builds it.
/// </summary>
internal static class AttestationUploads
{
    public const string Field = "attestations";
    public const string Refusal = "Invalid attestations supplied during upload: ";

    /// <summary>Null when the upload has no <c>attestations</c> field; else the provenance object to store with the file.</summary>
    public static JsonObject? Verify(Dictionary<string, List<string>> fields, string? credential, LocalIndexOptions options, string fileName, string sha256)
    {
        if (!fields.TryGetValue(Field, out var values) || values.Count == 0)
            return null;
        if (credential != "trusted-publisher" || options.TrustedPublisher is not { } publisher)
            throw Refuse("Attestations are only supported when using Trusted Publishing");

        var attestations = Parse(values[0]);
        if (attestations.Count == 0)
            throw Refuse("Malformed attestations: an empty attestation set is not permitted");
        if (attestations.Count > PredicateTypes.MaxPerFile)
            throw Refuse($"A maximum of {PredicateTypes.MaxPerFile} attestations per file are supported");

        var identity = Identity(publisher);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var attestation in attestations)
        {
            string predicateType;
            try
            {
                var trust = options.AttestationTrust
                            ?? throw new AttestationException("the index has no trust root for attestation certificates (LocalIndexOptions.AttestationTrust)", AttestationProblem.Material);
                predicateType = PublisherVerification.Verify(attestation, trust, identity, publisher.Issuer, fileName, sha256);
            }
            catch (AttestationException e) when (e.Problem == AttestationProblem.Verification)
            {
                throw Refuse($"Could not verify the uploaded artifact using the included attestation: Verification failed: {e.Message}");
            }
            catch (AttestationException e)
            {
                throw Refuse($"Unknown error while trying to verify included attestations: {e.Message}");
            }

            if (!seen.Add(predicateType))
                throw Refuse($"Multiple attestations for the same file with the same predicate type ({predicateType}) are not supported");
        }

        return Provenance(identity, attestations);
    }

    /// <summary>The publisher as attestations name it: the repository, the workflow file, the environment (when the publisher has one).</summary>
    public static GitHubPublisherIdentity Identity(TrustedPublisherConfig publisher) =>
        new(publisher.Repository, publisher.WorkflowFile, string.IsNullOrEmpty(publisher.Environment) ? null : publisher.Environment);

    /// <summary>PEP 740's provenance object: one bundle, the publisher and the attestations as stored.</summary>
    public static JsonObject Provenance(GitHubPublisherIdentity publisher, IEnumerable<Attestation> attestations) => new()
    {
        ["version"] = 1,
        ["attestation_bundles"] = new JsonArray(new JsonObject
        {
            ["publisher"] = new JsonObject
            {
                ["kind"] = "GitHub",
                ["repository"] = publisher.Repository,
                ["workflow"] = publisher.Workflow,
                ["environment"] = publisher.Environment,
            },
            ["attestations"] = new JsonArray(attestations.Select(a => (JsonNode)a.ToJson()).ToArray()),
        }),
    };

    /// <summary>The field as pydantic's <c>TypeAdapter(list[Attestation]).validate_json</c> reads it; problems are "Malformed attestations: ...".</summary>
    private static List<Attestation> Parse(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw Refuse($"Malformed attestations: 1 validation error for list[Attestation]: Invalid JSON: {e.Message}");
        }

        if (root is not JsonArray array)
            throw Refuse("Malformed attestations: 1 validation error for list[Attestation]: Input should be a valid list");
        var attestations = new List<Attestation>();
        for (var i = 0; i < array.Count; i++)
        {
            try
            {
                attestations.Add(Attestation.Parse(array[i], i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            catch (AttestationException e)
            {
                throw Refuse($"Malformed attestations: 1 validation error for list[Attestation]: {e.Message}");
            }
        }

        return attestations;
    }

    private static UploadRefused Refuse(string message) => UploadRefused.BadRequest(Refusal + message);
}
