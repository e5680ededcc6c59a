using Microsoft.IdentityModel.Tokens;

namespace Wheelhouse.PyPI.LocalIndex;

/// <summary>
/// The one trusted publisher the local index accepts, as a project on PyPI would configure it: the OIDC issuer
/// and its signing key, the GitHub repository (<c>owner/name</c>), the workflow file (<c>release.yml</c>) and,
/// when set, the deployment environment (<c>pypi</c>).
/// </summary>
public sealed record TrustedPublisherConfig(string Issuer, SecurityKey IssuerKey, string Repository, string WorkflowFile, string? Environment);

/// <summary>How to run a <see cref="LocalIndexServer"/>.</summary>
public sealed record LocalIndexOptions
{
    /// <summary>The port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Where the files and the per-project JSON index live; a server started again on the same folder serves what was uploaded before.</summary>
    public required string StorageDirectory { get; init; }

    /// <summary>API tokens accepted as the password of Basic <c>__token__:&lt;token&gt;</c>.</summary>
    public IReadOnlyList<string> ApiTokens { get; init; } = [];

    /// <summary>The audience the mint-token endpoint requires in a JWT (PyPI: <c>pypi</c>, TestPyPI: <c>testpypi</c>).</summary>
    public string Audience { get; init; } = "pypi";

    /// <summary>When set, the trusted-publishing endpoints are served (<c>/_/oidc/audience</c>, <c>/_/oidc/mint-token</c>); else they answer 404.</summary>
    public TrustedPublisherConfig? TrustedPublisher { get; init; }

    /// <summary>
    /// The certificate authority attestation certificates must chain to (PyPI: Sigstore's Fulcio; the rehearsal: its own
    /// root). Without it, uploads with attestations are refused: nothing could verify them.
    /// </summary>
    public Attestations.AttestationTrustRoot? AttestationTrust { get; init; }

    /// <summary>The largest file an upload may carry; PyPI's default is 100 MiB.</summary>
    public long MaxFileSize { get; init; } = 100L * 1024 * 1024;

    /// <summary>The clock (tests move it to expire tokens).</summary>
    internal TimeProvider Time { get; init; } = TimeProvider.System;
}
