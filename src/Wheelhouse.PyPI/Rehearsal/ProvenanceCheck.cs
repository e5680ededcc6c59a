using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Wheelhouse.Python;
using Wheelhouse.Engine;
using Wheelhouse.PyPI.Attestations;
using Wheelhouse.PyPI.Publishing;

namespace Wheelhouse.PyPI.Rehearsal;

/// <summary>
/// After a rehearsed upload with attestations: the index serves each file's provenance as PyPI does, read as a
/// client reads it: the simple API's JSON names a <c>provenance</c> URL for the file, the integrity API answers it with
/// <c>application/vnd.pypi.integrity.v1+json</c>, and the provenance names the publisher and holds a publish
/// attestation for exactly that file (name and sha256).
/// </summary>
public static class ProvenanceCheck
{
    public static async Task CheckAsync(HttpClient http, PackageIndex index, DistributionSet set, GitHubPublisherIdentity publisher, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(index.SimpleUrl, ProjectName.Normalise(set.Name) + "/"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.pypi.simple.v1+json"));
        using var response = await http.SendAsync(request, cancellationToken);
        var listing = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var problems = new List<string>();
        foreach (var file in set.Files)
        {
            var entry = (listing?["files"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(f => f["filename"]?.GetValue<string>() == file.FileName);
            if (entry?["provenance"]?.GetValue<string>() is not { } url)
            {
                problems.Add($"{file.FileName}: the simple API names no provenance URL");
                continue;
            }

            using var answer = await http.GetAsync(url, cancellationToken);
            if (!answer.IsSuccessStatusCode || answer.Content.Headers.ContentType?.MediaType != "application/vnd.pypi.integrity.v1+json")
            {
                problems.Add($"{file.FileName}: {url} answered {(int)answer.StatusCode} {answer.Content.Headers.ContentType}");
                continue;
            }

            var bundle = (JsonNode.Parse(await answer.Content.ReadAsStringAsync(cancellationToken))?["attestation_bundles"] as JsonArray)?.FirstOrDefault();
            var named = bundle?["publisher"];
            if (named?["repository"]?.GetValue<string>() != publisher.Repository || named?["workflow"]?.GetValue<string>() != publisher.Workflow)
            {
                problems.Add($"{file.FileName}: the provenance names the publisher {named?.ToJsonString()}, not {publisher.Repository} {publisher.Workflow}");
                continue;
            }

            var sha256 = file.Sha256();
            var attests = (bundle?["attestations"] as JsonArray ?? []).Any(a => IsPublishAttestation(a, file.FileName, sha256));
            if (!attests)
                problems.Add($"{file.FileName}: the provenance holds no publish attestation for it");
        }

        if (problems.Count > 0)
            throw new BuildException($"The local index took the attestations but does not serve them as PyPI does: {string.Join("; ", problems)}. This is a fault in the build.");
    }

    private static bool IsPublishAttestation(JsonNode? node, string fileName, string sha256)
    {
        try
        {
            return AttestationCheck.Statement(Attestation.Parse(node), fileName, sha256).PredicateType == PredicateTypes.Publish;
        }
        catch (AttestationException)
        {
            return false;
        }
    }
}
