using Wheelhouse.Engine;

namespace Wheelhouse.PyPI.Upload;

public enum UploadOutcome
{
    /// <summary>This run put the file on the index (also when the answer was lost but the index lists the file afterwards).</summary>
    Uploaded,

    /// <summary>The index already had this exact file (same name, same sha256): nothing was sent.</summary>
    AlreadyPresent,

    /// <summary>The file is not on the index: refused, given up after retries, or not attempted because an earlier file failed.</summary>
    Failed,

    /// <summary>A dry run: every check passed and the file would be uploaded; nothing was sent.</summary>
    WouldUpload,
}

/// <summary>
/// What happened to one file. <paramref name="Attempts"/> counts upload requests (0: none was sent);
/// <paramref name="Warnings"/>: what the index said in the body of the 200 that accepted it.
/// </summary>
public sealed record FileUploadResult(string FileName, long Size, string Sha256, UploadOutcome Outcome, int Attempts, string? Message, IReadOnlyList<string>? Warnings = null)
{
    /// <summary>Why the index refused the file, when it did.</summary>
    internal RefusalKind Refusal { get; init; } = RefusalKind.Other;
}

/// <summary>Every file of an upload run, in upload order (wheels by name, then the sdist).</summary>
public sealed record UploadReport(IReadOnlyList<FileUploadResult> Files)
{
    public bool Succeeded => Files.All(f => f.Outcome != UploadOutcome.Failed);

    /// <summary>The index has some files of the release (uploaded now or before) and lacks others: pip sees an incomplete release.</summary>
    public bool IsHalfRelease => Failed.Any() && Files.Any(f => f.Outcome is UploadOutcome.Uploaded or UploadOutcome.AlreadyPresent);

    /// <summary>The files the index has now, uploaded by this run or before it.</summary>
    public IEnumerable<FileUploadResult> OnIndex => Files.Where(f => f.Outcome is UploadOutcome.Uploaded or UploadOutcome.AlreadyPresent);

    public IEnumerable<FileUploadResult> Uploaded => Files.Where(f => f.Outcome == UploadOutcome.Uploaded);

    public IEnumerable<FileUploadResult> AlreadyPresent => Files.Where(f => f.Outcome == UploadOutcome.AlreadyPresent);

    public IEnumerable<FileUploadResult> Failed => Files.Where(f => f.Outcome == UploadOutcome.Failed);
}

/// <summary>An upload that did not complete: the message says what to do; <see cref="Report"/> says which files are on the index.</summary>
public sealed class UploadException(string message, UploadReport report) : BuildException(message)
{
    public UploadReport Report { get; } = report;
}
