namespace Wheelhouse.GitHub.Workflows;

/// <summary>An action at one commit: written as <c>uses: owner/repo@sha # version</c>, so a moved tag cannot change what runs.</summary>
public sealed record PinnedAction(string Repository, string Version, string CommitSha)
{
    /// <summary>The value of <c>uses:</c>.</summary>
    public string Uses => $"{Repository}@{CommitSha}";
}

/// <summary>
/// The one table of the actions our workflows use, each pinned to the full commit SHA of its release tag. To move an
/// action on: read the tag's commit from the action's repository, change the line here, run GenerateWorkflows.
/// </summary>
public static class PinnedActions
{
    public static PinnedAction Checkout { get; } = new("actions/checkout", "v7.0.1", "3d3c42e5aac5ba805825da76410c181273ba90b1");
    public static PinnedAction SetupPython { get; } = new("actions/setup-python", "v7.0.0", "5fda3b95a4ea91299a34e894583c3862153e4b97");
    public static PinnedAction SetupDotnet { get; } = new("actions/setup-dotnet", "v6.0.0", "a98b56852c35b8e3190ac28c8c2271da59106c68");
    public static PinnedAction UploadArtifact { get; } = new("actions/upload-artifact", "v7.0.0", "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f");
    public static PinnedAction DownloadArtifact { get; } = new("actions/download-artifact", "v8.0.1", "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c");
    public static PinnedAction Cache { get; } = new("actions/cache", "v6.1.0", "55cc8345863c7cc4c66a329aec7e433d2d1c52a9");
    public static PinnedAction AttestBuildProvenance { get; } = new("actions/attest-build-provenance", "v4.1.0", "a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32");

    /// <summary>
    /// PEP 740 publish attestations, one <c>&lt;file&gt;.publish.attestation</c> per distribution, signed with the real
    /// Sigstore (sigstore-python, pypi-attestations) from the job's OIDC token; the signer uv's GitHub guide uses. Tag and
    /// commit as uv's guide (astral-sh/uv docs/guides/integration/github.md) pins them; the action's own README pins its
    /// first release v0.0.1 at c6ac02fbfa88e5521aca175a15fc2482b70e360c.
    /// </summary>
    public static PinnedAction AttestAction { get; } = new("astral-sh/attest-action", "v0.0.6", "f589a42a7efb6fe400b4f400de60b4bc90390027");

    public static IReadOnlyList<PinnedAction> All { get; } = [Checkout, SetupPython, SetupDotnet, UploadArtifact, DownloadArtifact, Cache, AttestBuildProvenance, AttestAction];
}
