namespace Wheelhouse.PyPI.Upload;

/// <summary>Why an index refused an upload, as far as its answer tells; each kind has its own advice (<see cref="Messages.Refused"/>).</summary>
internal enum RefusalKind
{
    /// <summary>Not refused, or a refusal this build has no specific advice for.</summary>
    Other,

    /// <summary>The file name is taken, now or by a deleted file: 400 "File already exists", "previously used".</summary>
    NameReuse,

    /// <summary>The release is older than 14 days and takes no new files (warehouse since July 2026).</summary>
    ReleaseClosed,

    /// <summary>The release has an sdist already (under another name): one per release.</summary>
    SecondSdist,

    /// <summary>The PEP 740 attestations sent with the file did not verify.</summary>
    InvalidAttestations,

    /// <summary>A trusted-publishing token for a project that does not exist (a pending publisher with another project name).</summary>
    ProjectNotCreated,

    /// <summary>The token's user has no verified primary email.</summary>
    UnverifiedEmail,

    /// <summary>The token's user has no two-factor authentication.</summary>
    NoTwoFactor,

    /// <summary>The organization owning the project is inactive.</summary>
    InactiveOrganization,

    /// <summary>The project is archived.</summary>
    ArchivedProject,

    /// <summary>The token expired (a token minted by trusted publishing lives 15 minutes).</summary>
    ExpiredToken,

    /// <summary>Other 401/403: wrong, revoked or foreign credentials.</summary>
    Credentials,

    /// <summary>The file, or the project's total, is over the index's limit.</summary>
    TooLarge,

    /// <summary>404/405: the upload URL has no upload API.</summary>
    NoUploadApi,

    /// <summary>Another 400: the form or the file is invalid (metadata, file name, ...).</summary>
    InvalidUpload,
}

/// <summary>
/// Reads a refusal's status and text (reason phrase and body, as <see cref="Texts.ServerMessage"/> joins them) into a
/// <see cref="RefusalKind"/>. The texts are warehouse's own (forklift/legacy.py, 2026): the status alone does not tell
/// them apart, since warehouse answers most refusals with 400 and some with 403.
/// </summary>
internal static partial class UploadRefusal
{
    public static RefusalKind Classify(int status, string message)
    {
        // warehouse quotes what the upload supplied ('name-1.0.tar.gz'): a file or user name must not pass for a keyword.
        var own = Quoted().Replace(message, "''");
        bool Says(string text) => own.Contains(text, StringComparison.OrdinalIgnoreCase);

        if (IsNameReuse(own))
            return RefusalKind.NameReuse;
        if (Says("releases older than") || Says("older than 14 days"))
            return RefusalKind.ReleaseClosed; // "Uploading new files to releases older than 14 days is not allowed."
        if (Says("only one sdist"))
            return RefusalKind.SecondSdist; // "Only one sdist may be uploaded per release."
        if (Says("invalid attestations"))
            return RefusalKind.InvalidAttestations; // "Invalid attestations supplied during upload: ..."
        if (Says("non-user identities cannot create new projects"))
            return RefusalKind.ProjectNotCreated;
        if (Says("verified primary email"))
            return RefusalKind.UnverifiedEmail; // "User 'x' does not have a verified primary email address. ..."
        if (Says("two-factor authentication enabled"))
            return RefusalKind.NoTwoFactor; // "User 'x' does not have two-factor authentication enabled. ..."
        if (Says("organization account owning this project is inactive"))
            return RefusalKind.InactiveOrganization;
        if (Says("archived"))
            return RefusalKind.ArchivedProject;
        if (status is 401 or 403 && Says("expired"))
            return RefusalKind.ExpiredToken; // "Invalid API Token: token is expired"
        if (status is 401 or 403)
            return RefusalKind.Credentials;
        if (status == 413 || Says("file too large") || Says("project size too large"))
            return RefusalKind.TooLarge;
        if (status is 404 or 405)
            return RefusalKind.NoUploadApi;
        return status == 400 ? RefusalKind.InvalidUpload : RefusalKind.Other;
    }

    /// <summary>A file name the index holds already, or held for a file since deleted.</summary>
    public static bool IsNameReuse(string message) =>
        message.Contains("already exists", StringComparison.OrdinalIgnoreCase)
        || message.Contains("already been used", StringComparison.OrdinalIgnoreCase)
        || message.Contains("previously used", StringComparison.OrdinalIgnoreCase)
        || message.Contains("file-name-reuse", StringComparison.OrdinalIgnoreCase);

    [System.Text.RegularExpressions.GeneratedRegex("'[^']*'")]
    private static partial System.Text.RegularExpressions.Regex Quoted();
}
