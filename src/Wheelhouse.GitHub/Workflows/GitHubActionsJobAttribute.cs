namespace Wheelhouse.GitHub.Workflows;

/// <summary>
/// One job of the workflow <c>[GitHubActions(workflow, ...)]</c>: what NUKE's generator cannot write. Jobs hand
/// artifacts on, need each other, and each gets only the permissions it names.
/// <code>
/// [GitHubActionsJob("release", "publish-pypi", Needs = ["publish-testpypi"], InvokedTargets = ["PublishPyPI"], SkipDependencies = true,
///     ConsumesArtifact = "dist", EnvironmentName = "pypi", EnvironmentUrl = "https://pypi.org/p/pytest-example",
///     WritePermissions = [GitHubActionsPermissions.IdToken])]
/// </code>
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class GitHubActionsJobAttribute(string workflow, string jobId) : Attribute
{
    public string Workflow { get; } = workflow;
    public string JobId { get; } = jobId;

    /// <summary>Targets the job runs with <c>./build.sh</c> (<c>./build.ps1</c> on Windows).</summary>
    public string[] InvokedTargets { get; set; } = [];

    /// <summary>Run the targets with <c>--skip</c>: their dependencies (a rebuild) are skipped; a consumed artifact stands in for them.</summary>
    public bool SkipDependencies { get; set; }

    /// <summary>More arguments after the targets, e.g. <c>--verify-index-url https://pypi.org/simple/</c>. Constant text: no <c>${{ }}</c>.</summary>
    public string? Arguments { get; set; }

    /// <summary>Jobs that must succeed first.</summary>
    public string[] Needs { get; set; } = [];

    /// <summary>A condition (<c>if:</c>) for the whole job.</summary>
    public string? If { get; set; }

    public GitHubActionsPermissions[] ReadPermissions { get; set; } = [];
    public GitHubActionsPermissions[] WritePermissions { get; set; } = [];

    /// <summary>The deployment environment the job runs in; its protection rules gate the job.</summary>
    public string? EnvironmentName { get; set; }
    public string? EnvironmentUrl { get; set; }

    /// <summary>The runner; the workflow's first image when not set.</summary>
    public GitHubActionsImage Image { get => image ?? throw new NotSupportedException(); set => image = value; }
    internal GitHubActionsImage? ImageOrNull => image;
    private GitHubActionsImage? image;

    /// <summary>Run the job once per runner image in this list (and per <see cref="MatrixPython"/> version).</summary>
    public GitHubActionsImage[] MatrixOs { get; set; } = [];

    /// <summary>Run the job once per Python version in this list (actions/setup-python), e.g. <c>["3.10", "3.13"]</c>.</summary>
    public string[] MatrixPython { get; set; } = [];

    /// <summary>Set up this Python version (actions/setup-python) for the job.</summary>
    public string? PythonVersion { get; set; }

    /// <summary>The build parameter that gets the set-up Python's path (through its environment variable), e.g. <c>VerifyPython</c>.</summary>
    public string? PythonParameter { get; set; }

    /// <summary>Upload this artifact after the targets ran: <c>name</c> (the folder <c>name/</c>) or <c>name:path</c>.</summary>
    public string? ProducesArtifact { get; set; }

    /// <summary>Download this artifact, produced by a job this one needs, before the targets run: <c>name</c> or <c>name:path</c>.</summary>
    public string? ConsumesArtifact { get; set; }

    /// <summary>
    /// Attest the build provenance of the files of the job's artifact (actions/attest-build-provenance) in GitHub's own
    /// attestation store (<c>gh attestation verify</c>). One bundle for all files: PyPI cannot take it (see
    /// <see cref="SignAttestations"/>). The job needs <c>id-token: write</c> and <c>attestations: write</c>.
    /// </summary>
    public bool AttestBuildProvenance { get; set; }

    /// <summary>
    /// Sign each distribution of the consumed artifact with a PEP 740 publish attestation (astral-sh/attest-action, real
    /// Sigstore) right after downloading it, before the targets run: <c>&lt;file&gt;.publish.attestation</c> beside each
    /// file, which the upload sends to PyPI. For publish jobs; the certificate names this workflow, so PyPI accepts it
    /// only when the job runs in the workflow the Trusted Publisher names. Needs <c>id-token: write</c> and nothing more.
    /// </summary>
    public bool SignAttestations { get; set; }

    /// <summary>Secrets the targets get as environment variables of the same name: <c>GITHUB_TOKEN</c> is <c>${{ secrets.GITHUB_TOKEN }}</c>.</summary>
    public string[] ImportSecrets { get; set; } = [];

    /// <summary>Commands run before the targets (installing tools). Constant text: no <c>${{ }}</c>.</summary>
    public string[] SetupCommands { get; set; } = [];

    /// <summary>Minutes before the job is cancelled; the workflow's when 0.</summary>
    public int TimeoutMinutes { get; set; }
}
