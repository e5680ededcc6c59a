using System.Text;
using System.Text.Json;

namespace Wheelhouse.PyPI.TrustedPublishing;

/// <summary>One entry of a 422 answer of /_/oidc/mint-token: <c>{"code": "invalid-publisher", "description": "..."}</c>.</summary>
public sealed record MintError(string Code, string Description);

/// <summary>
/// Turns a refused mint (HTTP 422 with PyPI's error codes) into a message that says what to fix, followed by the
/// token's claims that the index compared with its trusted publisher.
/// </summary>
public static class MintRefusal
{
    public const string InvalidPayload = "invalid-payload";
    public const string NotEnabled = "not-enabled";
    public const string InvalidToken = "invalid-token";
    public const string InvalidPublisher = "invalid-publisher";
    public const string InvalidPendingPublisher = "invalid-pending-publisher";
    public const string InvalidReuseToken = "invalid-reuse-token";

    /// <summary>The errors of a 422 body: <c>{"message": "Token request failed", "errors": [{"code", "description"}]}</c>.</summary>
    public static IReadOnlyList<MintError> ReadErrors(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                var list = errors.EnumerateArray()
                    .Where(e => e.ValueKind == JsonValueKind.Object)
                    .Select(e => new MintError(Text(e, "code") ?? "unknown", Text(e, "description") ?? ""))
                    .ToList();
                if (list.Count > 0)
                    return list;
            }

            var message = document.RootElement.ValueKind == JsonValueKind.Object ? Text(document.RootElement, "message") : null;
            return [new MintError("unknown", message ?? TrustedPublishingClient.Excerpt(body))];
        }
        catch (JsonException)
        {
            return [new MintError("unknown", TrustedPublishingClient.Excerpt(body))];
        }
    }

    public static string Explain(PackageIndex index, IReadOnlyList<MintError> errors, TokenClaims claims, string? requestedAudience, string apiTokenVariable = "PYPI_TOKEN")
    {
        var text = new StringBuilder();
        var codes = string.Join("; ", errors.Select(e => e.Description.Length > 0 ? $"{e.Code}: {e.Description}" : e.Code));
        text.Append($"{index.Name} refused to exchange GitHub's OIDC token for an upload token (HTTP 422, {codes}).");

        var publisherProblem = false;
        foreach (var error in errors.DistinctBy(e => e.Code))
        {
            text.AppendLine().Append(error.Code switch
            {
                InvalidPublisher => PublisherMismatch(index, claims),
                InvalidPendingPublisher =>
                    $"The token matches a pending publisher on {index.Name} (one that creates the project on its first upload), but it cannot be used. If the project exists already, " +
                    "add the trusted publisher in the project's own settings (Settings → Publishing) instead of as a pending one; otherwise the pending publisher must match the claims below.",
                InvalidToken =>
                    $"{index.Name} could not accept the token itself: it is malformed, expired or not yet valid, signed by a key the index does not trust, or made for another audience. " +
                    $"The build asked GitHub for audience '{requestedAudience ?? "?"}'; the token says aud '{claims.Audience ?? "?"}', iss '{claims.Issuer ?? "?"}'" +
                    (claims.Expires is { } exp ? $", expires {exp.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC" : "") +
                    ". If this machine's clock is far off, fix it; otherwise rerun the job (every attempt asks GitHub for a fresh token).",
                InvalidReuseToken =>
                    $"This OIDC token was used for a mint already, and {index.Name} accepts each token once (its jti claim). The build asks GitHub for a fresh token for every mint, " +
                    "so something else in this job used the same token; rerun the job.",
                NotEnabled =>
                    $"Trusted publishing is turned off on {index.Name} by its operators. Publish with an API token for now (a repository secret given to the build as {apiTokenVariable}), " +
                    "and switch back once it is on again.",
                InvalidPayload =>
                    $"{index.Name} did not understand the mint request, whose body must be {{\"token\": \"<OIDC token>\"}}. This is a fault in the build, or something between the runner " +
                    "and the index changed the request.",
                _ => $"The error code '{error.Code}' is not one this build knows; the index's description is above.",
            });
            publisherProblem |= error.Code is InvalidPublisher or InvalidPendingPublisher;
        }

        text.AppendLine().AppendLine("The token's claims (read from it, not verified here):");
        text.Append(claims.Describe(errors.Any(e => e.Code == InvalidToken) ? ["aud", "iss", "exp"] : []));
        if (claims.IsReusableWorkflow)
            text.AppendLine().Append(ReusableWorkflowWarning(claims));
        if (publisherProblem)
            text.AppendLine().Append(CommonCauses(index, claims));
        return text.ToString();
    }

    public static string ReusableWorkflowWarning(TokenClaims claims) =>
        $"Warning: workflow_ref ({claims.WorkflowRef}) differs from job_workflow_ref ({claims.JobWorkflowRef}): the job runs in a reusable workflow. " +
        "PyPI does not accept a reusable workflow as the trusted publisher; the publisher must name the calling workflow file, and the publishing job is best placed in it directly.";

    private static string PublisherMismatch(PackageIndex index, TokenClaims claims) =>
        $"The token is valid, but no trusted publisher of this project on {index.Name} matches it. The publisher on {index.Name} (the project's Settings → Publishing: " +
        $"owner, repository name, workflow file name, environment name) must match these claims: repository {claims.Repository ?? "?"}, " +
        $"workflow file {claims.WorkflowFile ?? "?"}, environment {(claims.Environment is { Length: > 0 } environment ? environment : "(none: the job has no environment:)")}.";

    private static string CommonCauses(PackageIndex index, TokenClaims claims)
    {
        var causes = new List<string>
        {
            $"the workflow file was renamed (this run's workflow file is {claims.WorkflowFile ?? "?"}; the publisher must name exactly that file)",
            $"the environment name differs (this job runs in {(claims.Environment is { Length: > 0 } environment ? $"environment '{environment}'" : "no environment")}; the publisher's environment must be the same, or left empty)",
            index.UploadUrl.Host == PackageIndex.TestPyPI.UploadUrl.Host
                ? "TestPyPI has no publisher of its own: TestPyPI and PyPI are separate sites, and a publisher added on pypi.org does not exist on test.pypi.org; add it there too"
                : "publishing to TestPyPI needs a publisher added on test.pypi.org as well: it is a separate site from PyPI",
        };
        return "Common causes: " + string.Join("; ", causes) + ".";
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
