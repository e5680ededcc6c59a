using System.Text;
using System.Text.Json;
using Wheelhouse.Python;

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

    /// <param name="project">The project being published (names the publisher form's page); null when not known.</param>
    public static string Explain(PackageIndex index, IReadOnlyList<MintError> errors, TokenClaims claims, string? requestedAudience, string apiTokenVariable = "PYPI_TOKEN", string? project = null)
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
        var extra = new List<string>();
        if (errors.Any(e => e.Code == InvalidToken))
            extra.AddRange(["aud", "iss", "exp"]);
        if (claims.IsPullRequestTarget)
            extra.Add("event_name");
        text.Append(claims.Describe([.. extra]));
        if (claims.IsPullRequestTarget)
            text.AppendLine().Append(PullRequestTargetRefusal(index.Name));
        if (claims.IsReusableWorkflow)
            text.AppendLine().Append(ReusableWorkflowAdvice(claims));
        if (publisherProblem)
        {
            text.AppendLine().Append(PublisherForm(index, claims, project));
            text.AppendLine().Append(CommonCauses(index, claims));
        }

        return text.ToString();
    }

    /// <summary>
    /// Why a publishing job inside a reusable workflow cannot work with PyPI, and what does: PyPI matches the publisher
    /// against job_workflow_ref (the reusable file, in the job's repository only), while PEP 740 attestations are
    /// verified against the calling workflow, so no one publisher satisfies both.
    /// </summary>
    public static string ReusableWorkflowAdvice(TokenClaims claims)
    {
        var otherRepository = claims.JobWorkflowRepository is { } jobRepository && claims.Repository is { } repository
                              && !string.Equals(jobRepository, repository, StringComparison.OrdinalIgnoreCase);
        return $"The publishing job runs in a reusable workflow: job_workflow_ref ({claims.JobWorkflowRef}) is not the workflow that started the run, workflow_ref ({claims.WorkflowRef}). " +
               (otherRepository
                   ? $"Its file lives in another repository ({claims.JobWorkflowRepository}), and PyPI only trusts a workflow file of the publishing repository ({claims.Repository}), so minting cannot work. "
                   : $"PyPI matches the publisher against job_workflow_ref's file ({claims.WorkflowFile}), so minting works when the publisher names that file, " +
                     $"but PyPI checks PEP 740 attestations against the calling workflow ({claims.CallingWorkflowFile}), so uploads with attestations are refused either way. ") +
               $"What works: put the publishing job in the top-level workflow {claims.CallingWorkflowFile ?? "(the one the event starts)"} (it may still call reusable workflows to build), " +
               "and name that file in the trusted publisher.";
    }

    /// <summary>PyPI refuses trusted publishing from pull_request_target runs; why, and where to publish from instead.</summary>
    public static string PullRequestTargetRefusal(string indexName) =>
        $"This run was started by pull_request_target, and {indexName} refuses to trust it: such a run has the base repository's permissions and secrets while it handles " +
        "a pull request that anyone can open, so a publisher reachable from it would let strangers publish. Publish from a run that only maintainers can start: " +
        "a pushed release tag (on: push: tags: ['v*']) or a published release (on: release: types: [published]), in a job with its own environment.";

    private static string PublisherMismatch(PackageIndex index, TokenClaims claims) =>
        $"The token is valid, but no trusted publisher of this project on {index.Name} matches it. {index.Name} looks the publisher up by the token's repository, " +
        $"the workflow file of job_workflow_ref and the environment: here repository {claims.Repository ?? "?"}, workflow file {claims.WorkflowFile ?? "?"}, " +
        $"environment {(claims.Environment is { Length: > 0 } environment ? environment : "(none: the job has no environment:)")}.";

    /// <summary>
    /// The four fields of the index's GitHub publisher form, filled from the claims, and the link to the form prefilled
    /// as the PyPA publish action makes it (provider, owner, repository, workflow_filename; the environment is typed by hand).
    /// </summary>
    public static string PublisherForm(PackageIndex index, TokenClaims claims, string? project)
    {
        var repository = claims.Repository ?? "";
        var slash = repository.IndexOf('/');
        var owner = claims["repository_owner"] ?? (slash > 0 ? repository[..slash] : "?");
        var name = slash > 0 ? repository[(slash + 1)..] : "?";
        // For a reusable workflow the working setup is the publishing job moved into the calling workflow.
        var workflow = (claims.IsReusableWorkflow ? claims.CallingWorkflowFile : claims.WorkflowFile) ?? "?";
        var environment = claims.Environment is { Length: > 0 } env ? env : null;
        var text = new StringBuilder();
        text.Append($"The trusted publisher on {index.Name} must contain (publisher GitHub):").AppendLine()
            .Append("    Owner:            ").AppendLine(owner)
            .Append("    Repository name:  ").AppendLine(name)
            .Append("    Workflow name:    ").AppendLine(workflow)
            .Append("    Environment name: ").Append(environment ?? "(empty: this job runs in no environment; better give the job one, such as pypi, and name it here)");
        if (FormBase(index) is { } site)
        {
            var query = $"provider=github&owner={Uri.EscapeDataString(owner)}&repository={Uri.EscapeDataString(name)}&workflow_filename={Uri.EscapeDataString(workflow)}";
            var projectName = project is { Length: > 0 } ? ProjectName.Normalise(project) : "<project>";
            text.AppendLine().Append($"Add it, logged in as an owner of the project, at {new Uri(site, $"manage/project/{projectName}/settings/publishing/")}?{query} ")
                .Append("(the link fills in all but the environment name). ")
                .Append($"For a project that does not exist on {index.Name} yet, add a pending publisher with the project name {project ?? "<project>"} at {new Uri(site, "manage/account/publishing/")}.");
        }

        return text.ToString();
    }

    /// <summary>The web site of PyPI or TestPyPI, whose publisher forms this build knows; null for any other index.</summary>
    private static Uri? FormBase(PackageIndex index) =>
        index.ApiBase.Host is "pypi.org" or "test.pypi.org" ? new Uri(index.ApiBase.GetLeftPart(UriPartial.Authority) + "/") : null;

    private static string CommonCauses(PackageIndex index, TokenClaims claims)
    {
        var causes = new List<string>
        {
            $"the workflow file was renamed (this job's workflow file is {claims.WorkflowFile ?? "?"}, from job_workflow_ref; the publisher must name exactly that file)",
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
