using Wheelhouse.Engine.Http;
using Wheelhouse.Python;

namespace Wheelhouse.PyPI.Upload;

/// <summary>The uploader's error messages: each says what happened and what to do about it.</summary>
internal static class Messages
{
    private const string NewVersion =
        "Release a new version: ./build.sh BumpVersion --bump post (the same code, packaged again) or --bump dev (a trial upload), then build and publish that.";

    public static string NameTaken(string index, IReadOnlyList<(string File, string Theirs, string Ours)> files)
    {
        var list = string.Join("; ", files.Select(f => $"{f.File} (sha256 {UploadTable.ShortHash(f.Theirs)} there, {UploadTable.ShortHash(f.Ours)} here)"));
        var (these, keep) = files.Count == 1
            ? ("this file name", "If the file on the index is the one you meant to release, keep it")
            : ("these file names", "If the files on the index are the ones you meant to release, keep them");
        return $"{index} already has {these} with other content: {list}. Nothing was uploaded. "
               + $"An index never accepts a file name a second time, not even after the file is deleted (PyPI keeps the names of deleted files), "
               + $"so this version cannot be published with these builds. {NewVersion} "
               + $"{keep}: a version that is out is not rebuilt.";
    }

    public static string ListingFailed(string index, string project, string problem, bool transient, int attempts) =>
        transient
            ? $"Could not learn which files {index} has for {project} ({problem}; {attempts} attempt{(attempts == 1 ? "" : "s")}). Nothing was uploaded: "
              + "the uploader checks first so that it never replaces or half-uploads a release. The index seems down or overloaded; publish again later."
            : $"Could not learn which files {index} has for {project}: {problem}. Nothing was uploaded. "
              + "Check the index URL (its simple API must answer for the project, or 404 for a new one).";

    public static string WaitTooLong(string index, string file, string problem, TimeSpan retryAfter, TimeSpan maxWait, DateTimeOffset now) =>
        $"{index} refused {file} for now ({problem}) and asks to wait {Texts.Duration(retryAfter)}, longer than the uploader waits ({Texts.Duration(maxWait)}). "
        + $"Publish again after {(now + retryAfter).UtcDateTime:yyyy-MM-dd HH:mm} UTC; files already on the index are skipped. "
        + "On PyPI a long wait usually means too many new projects or uploads in a short time.";

    public static string GaveUp(string index, string file, int attempts, string problem, bool indexReadable) =>
        $"{file} was not uploaded: {attempts} attempt{(attempts == 1 ? "" : "s")} failed, the last with {problem}, and "
        + (indexReadable ? $"{index} does not list the file. " : $"{index} could not be asked whether it has the file. ")
        + "The index seems down or overloaded (or something between here and there is); publish again later: files already on the index are skipped.";

    public static string OtherHost(string file, Uri from, Uri to) =>
        $"The upload of {file} to {DisplaySafeUrl.Origin(from)} was redirected to another host, {DisplaySafeUrl.Origin(to)}. "
        + "Credentials are never sent to another host, so the redirect was not followed and nothing was uploaded there. "
        + $"If {DisplaySafeUrl.Origin(to)} really is the index's upload address, give its URL as the upload URL ({DisplaySafeUrl.Show(to)}).";

    /// <summary>What to do about a refusal, by its kind; <paramref name="server"/> is what the index said (reason and body).</summary>
    public static string Refused(RefusalKind kind, PackageIndex index, PreparedFile file, int status, string statusText, string server, bool token, bool renewable, Uri uploadUrl)
    {
        var said = server.Length > 0 ? server : statusText;
        var name = index.Name;
        var refused = $"{name} refused {file.FileName}: {said.TrimEnd('.', ' ')}.";
        var site = Site(index);
        string At(string path) => site is null ? "" : $" ({new Uri(site, path)})";
        var project = file.Project.Length > 0 ? file.Project : "the project";
        return kind switch
        {
            RefusalKind.ReleaseClosed =>
                $"{refused} {name} closes a release to new files 14 days after it was created, so {project} {file.Version} can no longer get this file (or any other). {NewVersion}",
            RefusalKind.SecondSdist =>
                $"{refused} The release has an sdist already, under another file name (an older build may have named it the pre-PEP 625 way, such as {project}-{file.Version}.tar.gz), " +
                $"and a release holds one sdist. If the sdist there is the source you meant to release, nothing is missing: leave {file.FileName} out. Otherwise {NewVersionLower}",
            RefusalKind.InvalidAttestations =>
                $"{refused} Nothing of this file was stored. Its attestation must be made in the publishing job, for exactly this file (its name and sha256), by the workflow " +
                "the trusted publisher names; a job inside a reusable workflow is attested as the workflow that called it, which no publisher can match, so put the publishing " +
                "job in the top-level workflow. Fix the attestation step and publish again: the files already on the index are skipped.",
            RefusalKind.ProjectNotCreated =>
                $"{refused} The trusted-publishing token is valid, but {project} does not exist on {name}, and only a user can create a project. " +
                $"This happens when a pending publisher was added under another project name than {project}, the Name in the distribution's metadata: the pending publisher " +
                $"created a project of its own name instead. On {name}, delete that wrongly named empty project if there is one{At("manage/projects/")} (its publisher goes with it), " +
                $"add the pending publisher again with the project name exactly {project}{At("manage/account/publishing/")}, then publish again.",
            RefusalKind.UnverifiedEmail =>
                $"{refused} The account the API token belongs to has no verified primary email address, and {name} takes uploads only from accounts that have one. " +
                $"Verify it{At("manage/account/")}, then publish again.",
            RefusalKind.NoTwoFactor =>
                $"{refused} The account the API token belongs to has no two-factor authentication, and {name} takes uploads only from accounts that have it. " +
                $"Turn it on{At("manage/account/two-factor/")}, then publish again (or publish from GitHub Actions with trusted publishing, which needs no account token).",
            RefusalKind.InactiveOrganization =>
                $"{refused} The organization that owns {project} is inactive on {name} (unpaid billing of a company organization, or an administrator's decision), " +
                "and its projects take no uploads until an organization owner settles it with PyPI (support+orgs@pypi.org).",
            RefusalKind.ArchivedProject =>
                $"{refused} {project} is archived on {name}, and an archived project takes no uploads. If it should live again, an owner unarchives it in the project's " +
                $"settings{At($"manage/project/{ProjectName.Normalise(project)}/settings/")}; then publish again.",
            RefusalKind.ExpiredToken =>
                $"{refused} The upload token has expired. " + (renewable
                    ? "A token minted by trusted publishing lasts about 15 minutes; the build renews it before it runs out and once when the index says it expired."
                    : "The API token was made with an expiry date, or was revoked: make a new one for the project and give it to the build again."),
            RefusalKind.Credentials =>
                $"{name} refused the credentials for {file.FileName} ({said}). "
                + (token
                    ? "The API token is wrong, revoked, or scoped to another project (a token of PyPI does not work on TestPyPI, nor the other way round). "
                      + "With trusted publishing, the minted token lasts about 15 minutes and is valid for its one project: mint a fresh one, "
                      + "and check that the trusted publisher on the index names the GitHub repository, workflow file and environment this job runs in."
                    : "The user name or password is wrong, or the account may not upload to this project. PyPI takes API tokens only: "
                      + "use __token__ as the user name and the token as the password."),
            RefusalKind.NameReuse =>
                $"{refused} The file name is taken on the index by other content, perhaps by a file deleted earlier (an index never frees a file name). {NewVersion}",
            RefusalKind.TooLarge =>
                $"{name} refused {file.FileName} ({Texts.Bytes(file.Size)}) as too large: {said}. PyPI's limit is 100 MiB per file and 10 GiB per project unless raised; "
                + "ask for a larger limit (https://docs.pypi.org/project-management/storage-limits/) or make the distribution smaller.",
            RefusalKind.NoUploadApi =>
                $"{name} has no upload API at {DisplaySafeUrl.Show(uploadUrl)} ({said}). Check the upload URL: PyPI's is https://upload.pypi.org/legacy/, "
                + "TestPyPI's https://test.pypi.org/legacy/.",
            RefusalKind.InvalidUpload =>
                $"{refused} Fix what the message names (./build.sh InspectWheel finds most metadata problems before an upload), rebuild, and publish again.",
            _ => $"{refused} A {status} answer means the request itself is wrong, so it is not retried.",
        };
    }

    /// <summary>Said when a token minted because the index called the last one expired is refused as expired too.</summary>
    public const string ExpiredAgain =
        "A fresh token, minted when the index first said so, was refused as expired too: this machine's clock and the index's disagree by more than a token lives. " +
        "Set the clock right (on a GitHub runner: rerun the job), then publish again; the files already on the index are skipped.";

    /// <summary>
    /// A half release: the files the index has and those it lacks, what that means for pip, and how to complete it
    /// (or why it cannot be completed).
    /// </summary>
    public static string HalfRelease(string index, IReadOnlyList<FileUploadResult> onIndex, IReadOnlyList<FileUploadResult> missing, bool completable, string? completeCommand)
    {
        var lacking = missing.Select(f => f.FileName).ToList();
        var there = onIndex.Select(f => f.FileName).ToList();
        var sdistLacking = lacking.Any(f => f.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase));
        var text = $"Half release: {index} has {string.Join(", ", there)} but lacks {string.Join(", ", lacking)}. "
                   + (sdistLacking && lacking.Count == 1
                       ? "pip installs the wheels that are there; where none fits, it finds no source to build from. "
                       : "pip installs from what is there, so some platforms get no wheel or no source. ");
        return completable
            ? text + $"Complete it: {Complete(completeCommand)}; the files already there are skipped and only the missing ones are sent. "
                   + "Do it soon: PyPI takes new files for a release only in its first 14 days."
            : text + $"It cannot be completed: {index} takes none of the missing files for this version. {NewVersion}";
    }

    /// <summary>How to upload the same files again: the caller's command when it gave one.</summary>
    public static string Complete(string? completeCommand) =>
        completeCommand is { Length: > 0 } command ? $"run {command}" : "upload the same files again";

    private const string NewVersionLower =
        "release a new version: ./build.sh BumpVersion --bump post (the same code, packaged again) or --bump dev (a trial upload), then build and publish that.";

    /// <summary>The web site of PyPI or TestPyPI, for links to their account and project pages; null for other indexes.</summary>
    private static Uri? Site(PackageIndex index) =>
        index.ApiBase.Host is "pypi.org" or "test.pypi.org" ? new Uri(index.ApiBase.GetLeftPart(UriPartial.Authority) + "/") : null;
}
