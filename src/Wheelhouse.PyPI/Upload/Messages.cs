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
        $"The upload of {file} to {SafeUrl.Origin(from)} was redirected to another host, {SafeUrl.Origin(to)}. "
        + "Credentials are never sent to another host, so the redirect was not followed and nothing was uploaded there. "
        + $"If {SafeUrl.Origin(to)} really is the index's upload address, give its URL as the upload URL ({SafeUrl.Show(to)}).";

    public static string Refused(string index, string file, long size, int status, string statusText, string server, bool token, Uri uploadUrl)
    {
        var said = server.Length > 0 ? server : statusText;
        return status switch
        {
            401 or 403 => $"{index} refused the credentials for {file} ({said}). "
                          + (token
                              ? "The API token is wrong, revoked, or scoped to another project (a token of PyPI does not work on TestPyPI, nor the other way round). "
                                + "With trusted publishing, the minted token lasts about 15 minutes and is valid for its one project: mint a fresh one, "
                                + "and check that the trusted publisher on the index names the GitHub repository, workflow file and environment this job runs in."
                              : "The user name or password is wrong, or the account may not upload to this project. PyPI takes API tokens only: "
                                + "use __token__ as the user name and the token as the password."),
            400 or 409 when IsNameReuse(said) =>
                $"{index} refused {file}: {said}. The file name is taken on the index by other content, perhaps by a file deleted earlier "
                + $"(an index never frees a file name). {NewVersion}",
            413 => $"{index} refused {file} ({Texts.Bytes(size)}) as too large: {said}. PyPI's limit is 100 MiB per file unless raised for the project; "
                   + "ask for a larger limit (https://pypi.org/help/#file-size-limit) or make the distribution smaller.",
            404 or 405 => $"{index} has no upload API at {SafeUrl.Show(uploadUrl)} ({said}). Check the upload URL: PyPI's is https://upload.pypi.org/legacy/, "
                          + "TestPyPI's https://test.pypi.org/legacy/.",
            400 => $"{index} refused {file}: {said}. Fix what the message names (./build.sh InspectWheel finds most metadata problems before an upload), "
                   + "rebuild, and publish again.",
            _ => $"{index} refused {file}: {said}. A {status} answer means the request itself is wrong, so it is not retried.",
        };
    }

    public static bool IsNameReuse(string message) =>
        message.Contains("already exists", StringComparison.OrdinalIgnoreCase)
        || message.Contains("already been used", StringComparison.OrdinalIgnoreCase)
        || message.Contains("file-name-reuse", StringComparison.OrdinalIgnoreCase);
}
