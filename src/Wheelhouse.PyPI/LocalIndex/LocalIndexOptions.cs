using Microsoft.IdentityModel.Tokens;

namespace Wheelhouse.PyPI.LocalIndex;

/// <summary>
/// The one trusted publisher the local index accepts, as a project on PyPI would configure it: the OIDC issuer
/// and its signing key, the GitHub repository (<c>owner/name</c>), the workflow file (<c>release.yml</c>) and,
/// when set, the deployment environment (<c>pypi</c>).
/// </summary>
public sealed record TrustedPublisherConfig(string Issuer, SecurityKey IssuerKey, string Repository, string WorkflowFile, string? Environment)
{
    /// <summary>
    /// The project this publisher is for, as PyPI binds every publisher to one: while that project does not exist the
    /// publisher is "pending" and its token may create it, and no other. A trusted-publishing upload of another new
    /// project is refused ("Non-user identities cannot create new projects"), one to another existing project is
    /// refused with 403. Null: not bound to a project, so it may create any (laxer than PyPI).
    /// </summary>
    public string? Project { get; init; }
}

/// <summary>
/// The account behind the API tokens (a user identity on PyPI), whose standing warehouse checks before anything else:
/// a verified primary email and two-factor authentication are required to upload.
/// </summary>
public sealed record UploaderAccount(string Username = "wheelhouse", bool EmailVerified = true, bool TwoFactorEnabled = true)
{
    public static UploaderAccount Default { get; } = new();
}

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

    /// <summary>The clock: minted tokens expire and releases close (14 days after their first file) by it; tests move it.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The user the API tokens belong to, and its standing (an unverified email or no 2FA: every upload is refused, 403).</summary>
    public UploaderAccount Account { get; init; } = UploaderAccount.Default;

    /// <summary>Projects (any spelling of the name) archived by their owners: no upload is allowed (403).</summary>
    public IReadOnlySet<string> ArchivedProjects { get; init; } = new HashSet<string>();

    /// <summary>Projects owned by an organization that is not in good standing: uploads are refused (400).</summary>
    public IReadOnlySet<string> InactiveOrganizationProjects { get; init; } = new HashSet<string>();

    /// <summary>Warnings a successful upload answers with in its 200 body, as warehouse does (each a line).</summary>
    public IReadOnlyList<string> UploadWarnings { get; init; } = [];

    /// <summary>Interpreters to render READMEs in with readme_renderer, as warehouse renders them (first that has it); empty: not rendered.</summary>
    public IReadOnlyList<string> ReadmeInterpreters { get; init; } = Python.Inspection.WheelInspection.DefaultReadmeInterpreters;
}
