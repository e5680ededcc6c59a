using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Http;
using Wheelhouse.PyPI.LocalIndex;
using Wheelhouse.PyPI.Publishing;
using Wheelhouse.PyPI.Rehearsal.StandIns;
using Wheelhouse.PyPI.TrustedPublishing;
using Wheelhouse.PyPI.Upload;
using Wheelhouse.Python.Release;

namespace Wheelhouse.PyPI.Rehearsal;

/// <summary>What a rehearsal needs: the project, where to keep its temporary index, and who the publisher is.</summary>
public sealed record RehearsalRequest
{
    public required AbsolutePath RootDirectory { get; init; }
    public required AbsolutePath DistDirectory { get; init; }

    /// <summary>The folder that holds one fresh subfolder per rehearsal (.nuke/temp/rehearsal); each is removed afterwards.</summary>
    public required AbsolutePath WorkDirectory { get; init; }

    /// <summary>Where VerifyInstall keeps its per-interpreter folders (kept after a failure, for the logs).</summary>
    public required AbsolutePath VerificationWorkRoot { get; init; }

    /// <summary>The repository the publisher runs in (--rehearsal-repository); null: <see cref="OriginRepository"/>, else one made from the project's name.</summary>
    public string? Repository { get; init; }

    /// <summary>owner/name of the project's origin remote, when it has one.</summary>
    public string? OriginRepository { get; init; }

    public string WorkflowFile { get; init; } = WorkflowIdentity.DefaultWorkflowFile;
    public string Environment { get; init; } = WorkflowIdentity.DefaultEnvironment;
    public string TagFormat { get; init; } = ReleaseTag.DefaultFormat;

    public IReadOnlyList<string>? Pythons { get; init; }
    public int? VerifyTimeoutSeconds { get; init; }

    /// <summary>The build's temporary folder, to install what verifying needs when no interpreter can; null: never install.</summary>
    public AbsolutePath? ProvisioningDirectory { get; init; }

    /// <summary>Registers the OIDC and minted tokens with the host and the log masker, as in CI.</summary>
    public Action<string> ProtectSecret { get; init; } = SecretProtection.None;

    public UploadOptions? Upload { get; init; }

    /// <summary>--attestations: false rehearses without signing (and the upload sends none); otherwise each file is signed and uploaded with its attestation.</summary>
    public bool? Attestations { get; init; }
}

/// <summary>
/// The whole release, rehearsed offline: a local index that trusts a key made for this rehearsal as GitHub's OIDC
/// issuer and a certificate authority made for it as Sigstore's, a stand-in for GitHub's token endpoint that signs
/// with that key, and the release job of CI run against them on a copy of dist/: the signing step (a
/// <c>&lt;file&gt;.publish.attestation</c> per distribution, <see cref="RehearsalSigner"/>), guards, audience, OIDC token,
/// mint, upload with <c>__token__</c> and the attestations (which the index verifies as PyPI does), the JSON API listing
/// every file with our sha256, the integrity API serving each file's provenance, and VerifyInstall from the local
/// index. The OIDC values reach the flow in-process; the process environment is never changed. Only 127.0.0.1 is
/// used. The index's folder (and the signed copy of dist/) is fresh for each rehearsal and removed afterwards.
/// </summary>
public static class ReleaseRehearsal
{
    public static async Task<UploadReport> RunAsync(RehearsalRequest request, CancellationToken cancellationToken = default)
    {
        var set = DistributionSet.Read(request.DistDirectory);
        var tag = Python.Versioning.Pep440Version.TryParse(set.Version, out var version)
            ? ReleaseTag.Format(request.TagFormat, version.Public)
            : request.TagFormat.Replace(ReleaseTag.Placeholder, set.Version, StringComparison.Ordinal);
        var repository = RehearsalRepository.Choose(request.Repository, request.OriginRepository, set.Name);
        var identity = new WorkflowIdentity(repository.Repository, request.WorkflowFile, request.Environment, "refs/tags/" + tag).Validated();
        Log.Information("Rehearsal: the publisher's repository is {Repository} ({Source})", repository.Repository, repository.Source);

        RemoveLeftovers(request.WorkDirectory);
        var folder = request.WorkDirectory / $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..8]}";
        Directory.CreateDirectory(folder);
        GitHubOidcStandIn? github = null;
        FulcioStandIn? fulcio = null;
        LocalIndexServer? server = null;
        var http = HttpClients.Shared;
        try
        {
            // The release job works on the artifact it downloaded: a copy, so dist/ never holds the rehearsal's attestations.
            var dist = folder / "dist";
            Directory.CreateDirectory(dist);
            foreach (var file in set.Files)
                File.Copy(file.Path, dist / file.FileName);

            github = await GitHubOidcStandIn.StartAsync(new OidcStandInOptions { Identity = identity }, cancellationToken);
            fulcio = FulcioStandIn.Create(github.IssuerKey);
            // A pending publisher for this project, as on PyPI: its token may create this project and no other.
            var publisher = new TrustedPublisherConfig(GitHubOidcStandIn.Issuer, github.IssuerKey, identity.Repository, identity.WorkflowFile,
                identity.Environment.Length > 0 ? identity.Environment : null) { Project = set.Name };
            server = await LocalIndexServer.StartAsync(new LocalIndexOptions
            {
                StorageDirectory = folder / "index",
                Audience = "pypi",
                TrustedPublisher = publisher,
                AttestationTrust = fulcio.TrustRoot,
            }, cancellationToken);
            Log.Information("Rehearsal: local index {Index} (files in {Folder}) trusts the publisher {Repository}, workflow {Workflow}, environment {Environment}; " +
                            "GitHub's OIDC token endpoint is played on {TokenEndpoint}, for the tag push {Ref}",
                server.BaseAddress.ToString(), folder.ToString(), identity.Repository, identity.WorkflowFile, identity.Environment.Length > 0 ? identity.Environment : "(none)",
                new Uri(github.RequestUrl).GetLeftPart(UriPartial.Authority), identity.Ref);

            var sign = request.Attestations != false;
            if (sign)
            {
                var signed = await RehearsalSigner.SignAsync(set.Files.Select(f => (string)(dist / f.FileName)).ToList(), github.Environment, fulcio, http, cancellationToken: cancellationToken);
                Log.Information("Rehearsal: signed {Count} publish attestation(s) as the release workflow's signing step does, with a certificate for {Workflow} " +
                                "from the rehearsal's certificate authority (standing in for Sigstore; no transparency log)",
                    signed.Count, $"https://github.com/{identity.WorkflowRef}");
            }

            var report = await ReleasePublisher.PublishAsync(new PublishRequest
            {
                Index = server.Index,
                RootDirectory = request.RootDirectory,
                DistDirectory = dist,
                Attestations = request.Attestations,
                IsServerBuild = true,
                IsGitHubActions = true,
                GitRef = identity.Ref,
                TagFormat = request.TagFormat,
                GitHub = github.Environment,
                ProtectSecret = request.ProtectSecret,
                Upload = request.Upload,
                Poll = new PollOptions
                {
                    Timeout = TimeSpan.FromSeconds(30),
                    Backoff = new Backoff(TimeSpan.FromMilliseconds(200), 2, TimeSpan.FromSeconds(2), 0.25),
                },
                Verification = new PublishVerification
                {
                    WorkRoot = request.VerificationWorkRoot,
                    Pythons = request.Pythons,
                    // Offline: the local index serves only this project; its dependencies (pytest) come from the interpreter.
                    SystemSitePackages = true,
                    TimeoutSeconds = request.VerifyTimeoutSeconds ?? 60,
                    ProvisioningDirectory = request.ProvisioningDirectory,
                },
            }, cancellationToken);

            if (github.TokensIssued == 0)
                throw new BuildException("The rehearsal uploaded without asking the stand-in for GitHub's OIDC token, so the trusted-publishing path was not rehearsed. This is a fault in the build.");
            if (sign)
                await ProvenanceCheck.CheckAsync(http, server.Index, DistributionSet.Read(dist), AttestationUploads.Identity(publisher), cancellationToken);
            Log.Information("Rehearsal passed: {Name} {Version} published through trusted publishing to the local index{Attestations}, listed by its JSON API with our sha256, and installed from it",
                set.Name, set.Version, sign ? ", each file with a PEP 740 attestation the index verified and serves as provenance" : " (without attestations)");
            return report;
        }
        finally
        {
            if (server is not null)
                await server.StopAsync();
            if (github is not null)
                await github.DisposeAsync();
            fulcio?.Dispose();
            Remove(folder);
            if (request.WorkDirectory.DirectoryExists() && !Directory.EnumerateFileSystemEntries(request.WorkDirectory).Any())
                Remove(request.WorkDirectory);
        }
    }

    /// <summary>Folders left by a rehearsal that was killed are removed when the next one starts.</summary>
    private static void RemoveLeftovers(AbsolutePath workDirectory)
    {
        if (!workDirectory.DirectoryExists())
            return;
        foreach (var earlier in Directory.GetDirectories(workDirectory))
            Remove(AbsolutePath.Create(earlier));
    }

    /// <summary>A folder another process may still hold for a moment (a server shutting down): a few tries, then left for the next rehearsal.</summary>
    private static readonly RetryPolicy Removal = new() { MaxAttempts = 5, Backoff = new(TimeSpan.FromMilliseconds(200), 2, TimeSpan.FromSeconds(2), 0.25), AttemptTimeout = null };

    private static void Remove(AbsolutePath folder)
    {
        try
        {
            Removal.Pipeline<bool>(outcome => outcome.Exception is IOException or UnauthorizedAccessException).Execute(() =>
            {
                if (folder.DirectoryExists())
                    Directory.Delete(folder, recursive: true);
                return true;
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning("Could not remove {Folder}: {Message}; the next rehearsal removes it", folder.ToString(), e.Message);
        }
    }
}
