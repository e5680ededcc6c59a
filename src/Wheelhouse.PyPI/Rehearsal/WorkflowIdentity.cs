using Wheelhouse.Engine;

namespace Wheelhouse.PyPI.Rehearsal;

/// <summary>
/// Who a GitHub Actions job is, as its OIDC token says: the repository, the workflow file that runs, the
/// environment of the job and the ref it runs for. The rehearsal's local index trusts exactly this publisher.
/// </summary>
/// <param name="Repository">owner/name.</param>
/// <param name="WorkflowFile">The file name under .github/workflows/ (release.yml).</param>
/// <param name="Environment">The job's environment (pypi); empty for a job without one.</param>
/// <param name="Ref">The git ref of the run: refs/tags/v1.2.0.</param>
public sealed record WorkflowIdentity(string Repository, string WorkflowFile, string Environment, string Ref)
{
    /// <summary>The commit of the run (the sha claim); by default a stable made-up one derived from the ref.</summary>
    public string Sha { get; init; } = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes("commit:" + Ref)));

    public const string DefaultWorkflowFile = "release.yml";
    public const string DefaultEnvironment = "pypi";

    public string Owner => Repository.Split('/')[0];

    /// <summary>owner/name/.github/workflows/release.yml@refs/tags/v1.2.0, as in workflow_ref and job_workflow_ref.</summary>
    public string WorkflowRef => $"{Repository}/.github/workflows/{WorkflowFile}@{Ref}";

    /// <summary>GitHub's sub claim for a job with an environment: repo:owner/name:environment:pypi.</summary>
    public string Subject => Environment.Length > 0 ? $"repo:{Repository}:environment:{Environment}" : $"repo:{Repository}:ref:{Ref}";

    public string RefType => Ref.StartsWith("refs/tags/", StringComparison.Ordinal) ? "tag" : "branch";

    /// <summary>Stable made-up numeric ids (GitHub's are numbers too), so a rerun gives the same claims.</summary>
    public string RepositoryOwnerId => StableId("owner:" + Owner);
    public string RepositoryId => StableId("repository:" + Repository);

    /// <summary>Checks the parts a user can set; errors name the parameter.</summary>
    public WorkflowIdentity Validated()
    {
        var parts = Repository.Split('/');
        if (parts.Length != 2 || parts.Any(p => p.Length == 0 || p.Any(c => char.IsWhiteSpace(c) || c == ':')))
            throw new BuildException($"--rehearsal-repository got '{Repository}'; give the GitHub repository as owner/name, e.g. octo-org/pytest-example.");
        if (WorkflowFile.Length == 0 || WorkflowFile.Contains('/') || !(WorkflowFile.EndsWith(".yml", StringComparison.Ordinal) || WorkflowFile.EndsWith(".yaml", StringComparison.Ordinal)))
            throw new BuildException($"--rehearsal-workflow got '{WorkflowFile}'; give the workflow's file name under .github/workflows/, e.g. {DefaultWorkflowFile}.");
        if (Environment.Any(c => char.IsWhiteSpace(c) || c == ':'))
            throw new BuildException($"--rehearsal-environment got '{Environment}'; give a GitHub environment name such as {DefaultEnvironment}.");
        return this;
    }

    private static string StableId(string text)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text));
        return (BitConverter.ToUInt32(hash, 0) % 900_000_000 + 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
