using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Wheelhouse.PyPI.TrustedPublishing;

/// <summary>
/// The claims of a GitHub OIDC token that a trusted publisher on PyPI is matched against, read from the token's
/// payload without verifying it (only the index can verify it; these are shown to explain a refusal). Claims are not
/// secret; the token itself is, and nothing here keeps or prints it.
/// </summary>
public sealed partial class TokenClaims
{
    /// <summary>The claims that must match the publisher, in the order they are shown.</summary>
    public static readonly string[] PublisherClaims =
        ["sub", "repository", "repository_owner", "repository_owner_id", "workflow_ref", "job_workflow_ref", "ref", "environment"];

    private readonly IReadOnlyDictionary<string, string?> values;

    private TokenClaims(IReadOnlyDictionary<string, string?> values, DateTimeOffset? expires)
    {
        this.values = values;
        Expires = expires;
    }

    public static TokenClaims Empty { get; } = new(new Dictionary<string, string?>(), null);

    /// <summary>The value of a claim as text; null when the token does not have it.</summary>
    public string? this[string claim] => values.GetValueOrDefault(claim);

    public DateTimeOffset? Expires { get; }

    public string? Audience => this["aud"];
    public string? Issuer => this["iss"];
    public string? Repository => this["repository"];
    public string? Environment => this["environment"];
    public string? WorkflowRef => this["workflow_ref"];
    public string? JobWorkflowRef => this["job_workflow_ref"];

    /// <summary>The event that started the run (push, release, pull_request_target, ...).</summary>
    public string? EventName => this["event_name"];

    /// <summary>
    /// The workflow file that holds the publishing job: release.yml in owner/name/.github/workflows/release.yml@refs/tags/v1,
    /// read from job_workflow_ref. This is the file PyPI matches its trusted publisher against.
    /// </summary>
    public string? WorkflowFile => FileOf(JobWorkflowRef);

    /// <summary>The workflow file the run was started from (workflow_ref); another file than <see cref="WorkflowFile"/> in a reusable workflow.</summary>
    public string? CallingWorkflowFile => FileOf(WorkflowRef);

    /// <summary>The repository (owner/name) that holds the publishing job's workflow file; another repository for a reusable workflow called from elsewhere.</summary>
    public string? JobWorkflowRepository => RepositoryOf(JobWorkflowRef);

    /// <summary>
    /// A reusable workflow runs the job when the workflow that started the run (workflow_ref) is not the one that
    /// holds the job (job_workflow_ref). PyPI matches the publisher against job_workflow_ref's file, but PEP 740
    /// attestations are checked against the calling workflow, so a publisher cannot satisfy both.
    /// </summary>
    public bool IsReusableWorkflow =>
        WorkflowRef is not null && JobWorkflowRef is not null
        && !string.Equals(WorkflowRef.Split('@')[0], JobWorkflowRef.Split('@')[0], StringComparison.Ordinal);

    /// <summary>The run was started by pull_request_target, which PyPI refuses to trust (it runs with the base repository's rights on a pull request).</summary>
    public bool IsPullRequestTarget => EventName == PullRequestTarget;

    public const string PullRequestTarget = "pull_request_target";

    /// <summary>Reads the payload of a compact JWT; a token that cannot be read gives <see cref="Empty"/> (never an exception that could quote it).</summary>
    public static TokenClaims Read(string jwt)
    {
        JsonWebToken token;
        try
        {
            token = new JsonWebTokenHandler().ReadJsonWebToken(jwt);
        }
        catch (Exception)
        {
            return Empty;
        }

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var claim in token.Claims)
        {
            // aud can be an array: keep every value.
            values[claim.Type] = values.TryGetValue(claim.Type, out var earlier) && earlier is not null ? earlier + ", " + claim.Value : claim.Value;
        }

        DateTimeOffset? expires = token.TryGetPayloadValue<long>("exp", out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : null;
        return new TokenClaims(values, expires);
    }

    /// <summary>One claim per line, "  name: value", the ones a publisher is matched on, then any <paramref name="extra"/> ones.</summary>
    public string Describe(params string[] extra)
    {
        var text = new StringBuilder();
        foreach (var claim in PublisherClaims.Concat(extra))
        {
            var value = claim == "exp" && Expires is { } e
                ? e.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)
                : this[claim];
            text.Append("  ").Append(claim).Append(": ").AppendLine(value ?? "(not in the token)");
        }

        return text.ToString().TrimEnd();
    }

    public string ToJson() => JsonSerializer.Serialize(values);

    /// <summary>The workflow file of a workflow ref, as warehouse extracts it: the last path segment ending in .yml or .yaml before the '@'.</summary>
    internal static string? FileOf(string? workflowRef)
    {
        if (workflowRef is null)
            return null;
        var match = WorkflowFileName().Match(workflowRef);
        if (match.Success)
            return match.Value;
        var path = workflowRef.Split('@')[0];
        var slash = path.LastIndexOf('/');
        return slash >= 0 ? path[(slash + 1)..] : path;
    }

    private static string? RepositoryOf(string? workflowRef)
    {
        var parts = workflowRef?.Split('/');
        return parts is { Length: >= 3 } ? $"{parts[0]}/{parts[1]}" : null;
    }

    [GeneratedRegex(@"[^/]+\.(yml|yaml)(?=@)")]
    private static partial Regex WorkflowFileName();
}
