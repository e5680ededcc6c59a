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
}

/// <summary>What happened to one file. <paramref name="Attempts"/> counts upload requests (0: none was sent).</summary>
public sealed record FileUploadResult(string FileName, long Size, string Sha256, UploadOutcome Outcome, int Attempts, string? Message);

/// <summary>Every file of an upload run, in upload order (sdist first, then wheels by name).</summary>
public sealed record UploadReport(IReadOnlyList<FileUploadResult> Files)
{
    public bool Succeeded => Files.All(f => f.Outcome != UploadOutcome.Failed);

    public IEnumerable<FileUploadResult> Uploaded => Files.Where(f => f.Outcome == UploadOutcome.Uploaded);

    public IEnumerable<FileUploadResult> AlreadyPresent => Files.Where(f => f.Outcome == UploadOutcome.AlreadyPresent);

    public IEnumerable<FileUploadResult> Failed => Files.Where(f => f.Outcome == UploadOutcome.Failed);
}

/// <summary>An upload that did not complete: the message says what to do; <see cref="Report"/> says which files are on the index.</summary>
public sealed class UploadException(string message, UploadReport report) : BuildException(message)
{
    public UploadReport Report { get; } = report;
}
