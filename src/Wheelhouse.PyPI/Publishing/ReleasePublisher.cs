using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Http;
using Wheelhouse.PyPI.Attestations;
using Wheelhouse.PyPI.TrustedPublishing;
using Wheelhouse.PyPI.Upload;
using Wheelhouse.Python;
using Wheelhouse.Python.Release;
using Wheelhouse.Python.Verification;

namespace Wheelhouse.PyPI.Publishing;

/// <summary>How the install is verified after the upload (VerifyInstall's parameters, from that index).</summary>
public sealed record PublishVerification
{
    /// <summary>Where VerifyInstall keeps its per-interpreter folders (.nuke/temp/verify).</summary>
    public required AbsolutePath WorkRoot { get; init; }

    public IReadOnlyList<string>? Pythons { get; init; }

    /// <summary>The extra index for dependencies; default: PyPI next to TestPyPI, none otherwise.</summary>
    public string? ExtraIndexUrl { get; init; }

    public int? TimeoutSeconds { get; init; }
    public bool? SystemSitePackages { get; init; }

    /// <summary>The build's temporary folder, to install what verifying needs when no interpreter can (see VerifyInstallParameters).</summary>
    public AbsolutePath? ProvisioningDirectory { get; init; }
}

/// <summary>Everything one publish needs. Secrets (the API token, the GitHub request token) are only ever held here, never put on a command line.</summary>
public sealed record PublishRequest
{
    public required PackageIndex Index { get; init; }
    public required AbsolutePath RootDirectory { get; init; }
    public required AbsolutePath DistDirectory { get; init; }

    /// <summary>CI (not by hand): the tag is checked instead of the work tree.</summary>
    public required bool IsServerBuild { get; init; }

    /// <summary>Inside GitHub Actions: trusted publishing unless an API token is given.</summary>
    public required bool IsGitHubActions { get; init; }

    /// <summary>GITHUB_REF of the run, or null.</summary>
    public string? GitRef { get; init; }

    public string TagFormat { get; init; } = ReleaseTag.DefaultFormat;

    public string? ApiToken { get; init; }
    public ApiTokenParameter TokenParameter { get; init; } = ApiTokenParameter.PyPI;

    /// <summary>The OIDC values of the job; null reads them from the process environment.</summary>
    public GitHubOidcEnvironment? GitHub { get; init; }

    /// <summary>Registers secrets learned while publishing (OIDC and minted tokens) with the host and the log masker.</summary>
    public Action<string> ProtectSecret { get; init; } = SecretProtection.None;

    public UploadOptions? Upload { get; init; }

    /// <summary>--attestations: null decides by the credentials (required with trusted publishing), false turns them off.</summary>
    public bool? Attestations { get; init; }

    public PollOptions? Poll { get; init; }

    /// <summary>
    /// Null: do not verify the install here. The publish targets leave it null: they trigger VerifyInstall, a step of its own
    /// (<see cref="VerifyAfterPublish"/>); the rehearsal sets it, since its local index lives only while it runs.
    /// </summary>
    public PublishVerification? Verification { get; init; }

    public TrustedPublishingOptions? TrustedPublishing { get; init; }

    /// <summary>
    /// Everything but the upload requests: the guards, the index's listing (a file name taken with other content
    /// still stops it), the credentials (a mint for trusted publishing); no upload, no waiting for the JSON API, no VerifyInstall.
    /// </summary>
    public bool DryRun { get; init; }

    /// <summary>The command that uploads the same dist/ again (./build.sh PublishPyPI --skip), named when a release is left half uploaded.</summary>
    public string? CompleteCommand { get; init; }
}

/// <summary>
/// A release from dist/ to an index: the guards before the first byte, the credentials (trusted publishing inside
/// GitHub Actions, else an API token), the upload, the JSON API polled until every file is listed with our sha256,
/// then VerifyInstall from that index.
/// </summary>
public static class ReleasePublisher
{
    public static async Task<UploadReport> PublishAsync(PublishRequest request, CancellationToken cancellationToken = default)
    {
        var index = request.Index;
        var set = await PublishGuards.CheckAsync(
            new GuardContext(request.RootDirectory, request.DistDirectory, request.IsServerBuild, request.GitRef, request.TagFormat, VersionSourceDetection.Read(request.RootDirectory)),
            cancellationToken);
        var kind = PublishCredentials.Choose(index, request.IsGitHubActions, request.ApiToken, request.TokenParameter);
        if (request.ApiToken is { Length: > 0 } token)
            request.ProtectSecret(token);
        Log.Information("Publishing {Name} {Version} to {Index} ({UploadUrl}) with {Credentials}: {Files}",
            set.Name, set.Version, index.Name, index.UploadUrl.ToString(),
            kind == CredentialKind.TrustedPublishing ? "trusted publishing" : $"an API token ({request.TokenParameter.Name})",
            string.Join(", ", set.Files.Select(f => f.FileName)));

        var client = new TrustedPublishingClient(HttpClients.Shared, request.ProtectSecret,
            (request.TrustedPublishing ?? new TrustedPublishingOptions()) with { ApiTokenVariable = request.TokenParameter.Variable });
        var attestations = AttestationPolicy.Decide(request.Attestations, kind == CredentialKind.TrustedPublishing, Log.Logger);
        var upload = (request.Upload ?? new UploadOptions()) with { DryRun = request.DryRun, Attestations = attestations };
        upload = upload with { CompleteCommand = upload.CompleteCommand ?? request.CompleteCommand };
        var credentials = await PublishCredentials.ResolveAsync(kind, index, request.ApiToken, request.GitHub, client, cancellationToken, upload.TimeProvider, set.Name);

        var report = await new Uploader().UploadAsync(index, credentials, set.UploadOrder, upload, cancellationToken);
        if (request.DryRun)
        {
            Log.Information("Dry run: {Name} {Version} passed every check for {Index}, whose listing and credentials were checked; nothing was uploaded. " +
                            "Without --dry-run the build would upload {Count} file(s), wait for the JSON API and verify the install", set.Name, set.Version, index.Name,
                report.Files.Count(f => f.Outcome == UploadOutcome.WouldUpload));
            return report;
        }

        if (!report.Succeeded)
            throw new BuildException($"The upload to {index.Name} did not complete: {string.Join("; ", report.Failed.Select(f => $"{f.FileName}: {f.Message}"))}. Run the target again: files already there are skipped.");

        var expected = set.Files.Select(f => new ExpectedFile(f.FileName, f.Sha256())).ToList();
        await ReleaseJsonPoller.WaitAsync(HttpClients.Shared, index, set.Name, set.Version, expected, request.Poll, cancellationToken);

        if (request.Verification is { } verification)
            await VerifyFromIndexAsync(request, set, verification, cancellationToken);
        return report;
    }

    /// <summary>VerifyInstall, as the target runs it, from the index just published to (TestPyPI with PyPI as the extra index).</summary>
    public static Task VerifyFromIndexAsync(PublishRequest request, DistributionSet set, PublishVerification verification, CancellationToken cancellationToken)
    {
        var extra = VerifyAfterPublish.ExtraIndexFor(request.Index, verification.ExtraIndexUrl);
        Log.Information("Verifying the install of {Name}=={Version} from {Index}{Extra}", set.Name, set.Version, request.Index.SimpleUrl.ToString(), extra is null ? "" : $" (extra index {extra})");
        return InstallVerification.RunAsync(new VerifyInstallParameters(
            request.RootDirectory,
            request.DistDirectory,
            verification.WorkRoot,
            set.Version,
            verification.Pythons,
            request.Index.SimpleUrl.ToString(),
            extra,
            verification.TimeoutSeconds,
            verification.SystemSitePackages) { ProvisioningDirectory = verification.ProvisioningDirectory }, cancellationToken);
    }
}
