using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Serilog;
using Wheelhouse.PyPI.LocalIndex.Faults;
using Wheelhouse.Python;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.PyPI.LocalIndex;

/// <summary>
/// <c>POST /legacy/</c>: PyPI's upload API. The file part is streamed to a temp file in the storage folder while
/// its md5, sha256 and blake2b-256 are computed; the form is checked as warehouse checks it; a new file is moved into
/// place and the project's JSON index rewritten atomically.
/// </summary>
internal sealed class UploadEndpoint(IndexStore store, Credentials credentials, LocalIndexOptions options, FaultPlan faults, TimeProvider time) : IAsyncDisposable
{
    /// <summary>readme_renderer, started with the index so that rendering a README costs an upload milliseconds, not an interpreter start.</summary>
    private readonly Python.Inspection.Readme.WarehouseRenderer readme = new(options.ReadmeInterpreters);

    public ValueTask DisposeAsync() => readme.DisposeAsync();

    /// <summary>The HttpContext item where the fault middleware names a fault it applied around this request.</summary>
    public const string FaultItem = "wheelhouse.local-index.fault";

    private const int ChunkSize = 1024 * 1024;
    private const int MaxFieldLength = 8 * 1024 * 1024;
    private const long MaxFieldsTotal = 32L * 1024 * 1024;

    private readonly object recordGate = new();
    private readonly List<RecordedUpload> uploads = [];

    public IReadOnlyList<RecordedUpload> Uploads
    {
        get
        {
            lock (recordGate)
                return uploads.ToList();
        }
    }

    public void Record(RecordedUpload upload)
    {
        lock (recordGate)
            uploads.Add(upload);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var ct = context.RequestAborted;
        var fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        ReceivedFile? received = null;
        string? credential = null;
        var stored = false;
        var warnings = new List<string>();
        var fault = context.Items.TryGetValue(FaultItem, out var applied) ? applied as string : null;
        int status;
        string message;
        try
        {
            (credential, var authError) = credentials.Authenticate(context.Request.Headers.Authorization);
            if (authError != null)
            {
                // Read the request (the file is not kept) so the client gets the 403 rather than a broken pipe, and the fields are recorded.
                try
                {
                    (fields, received) = await ReceiveAsync(context.Request, keepFile: false, ct);
                }
                catch (UploadRefused)
                {
                }

                throw new UploadRefused(403, authError);
            }

            (fields, received) = await ReceiveAsync(context.Request, keepFile: true, ct);
            var action = UploadRules.First(fields, ":action");
            if (action is "submit" or "submit_pkg_info")
                throw new UploadRefused(410, "Project pre-registration is no longer required or supported, upload your files instead.");
            if (action == "doc_upload")
                throw new UploadRefused(410, "Uploading documentation is no longer supported, we recommend using https://readthedocs.org/.");
            if (action != "file_upload")
                throw UploadRefused.BadRequest($"Invalid value for :action. Error: {(action == null ? "This field is required." : $"{UploadRules.PyRepr(action)} is not an action this index knows; use 'file_upload'.")}");
            // Once the body is in, the index finishes what it started even when the client gives up (as a real index does).
            stored = await StoreAsync(fields, received, credential, warnings, CancellationToken.None);
            (status, message) = (200, "OK");
            if (faults.Take(context.Request.Path.Value ?? "", FaultKind.AcceptThenFail) is { } acceptThenFail)
            {
                fault = acceptThenFail.Describe();
                (status, message) = (acceptThenFail.StatusCode, ReasonPhrases.GetReasonPhrase(acceptThenFail.StatusCode));
            }
        }
        catch (UploadRefused refused)
        {
            (status, message) = (refused.StatusCode, refused.Message);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && ct.IsCancellationRequested)
        {
            // The client went away (or a fault reset the connection): nothing to answer.
            Record(Recorded(fields, received, 0, "connection closed", credential, fault, stored));
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A fault of the index itself (disk full, an unreadable file): a 500 as PyPI would give, and a line in the build log.
            Log.Warning(e, "Local index: the upload of {File} failed inside the index: {Message}", received?.FileName ?? "(no file)", e.Message);
            (status, message) = (500, ReasonPhrases.GetReasonPhrase(500));
        }
        finally
        {
            if (received != null)
                IndexStore.TryDelete(received.TempPath);
            if (received?.MetadataPath != null)
                IndexStore.TryDelete(received.MetadataPath);
        }

        // warehouse's warning channel: the body of a 200, a line per warning (none for a file it already had).
        var body = status == 200 && stored && warnings.Count > 0 ? string.Join("\n", warnings) : null;
        Record(Recorded(fields, received, status, message, credential, fault, stored) with { Warnings = body == null ? [] : warnings });
        Log.Debug("Local index: upload of {File} answered {Status} {Message}", received?.FileName ?? "(no file)", status, message);
        await Responses.WriteStatusAsync(context, status, message, body: body);
    }

    /// <summary>Checks and stores one received file; false when an identical file was already there.</summary>
    private async Task<bool> StoreAsync(Dictionary<string, List<string>> fields, ReceivedFile? received, string? credential, List<string> warnings, CancellationToken ct)
    {
        WarehouseRefusals.CheckAccount(credential, options.Account);
        UploadRules.CheckForm(fields);
        // warehouse's Python (a process) renders the README and judges classifiers the embedded list does not know, before
        // the store is locked; the classifiers' verdicts go into the metadata check, the README's is applied in warehouse's order below.
        var warehouse = await AskWarehouseAsync(fields, warnings, ct);
        var version = UploadRules.CheckMetadata(fields, warehouse.Classifiers);
        if (received == null)
            throw UploadRefused.BadRequest("Upload payload does not have a file.");
        if (received.TooLarge)
            throw UploadRefused.BadRequest(UploadRules.TooLarge(NameField(fields), options.MaxFileSize));
        var filetype = UploadRules.First(fields, "filetype")!;
        UploadRules.CheckFileName(received.FileName, filetype);
        if (string.IsNullOrEmpty(received.ContentType) || received.ContentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
            throw UploadRefused.BadRequest("Invalid distribution file.");
        UploadRules.CheckDigests(fields, received.Md5, received.Sha256, received.Blake2b256);

        using var _ = await store.LockAsync(ct);
        var projectName = NameField(fields);
        var knownProject = store.Find(ProjectName.Normalise(projectName));
        WarehouseRefusals.CheckProject(knownProject?.Name ?? projectName, knownProject != null, credential, options);
        WarehouseRefusals.CheckDescription(fields, warehouse);
        if (store.FindFile(received.FileName, received.Blake2b256) is var (_, existing))
        {
            if (existing.Filename == received.FileName && existing.Sha256 == received.Sha256 && existing.Blake2b256 == received.Blake2b256)
                return false;
            throw UploadRefused.BadRequest(UploadRules.FileExists(received.FileName, received.Blake2b256));
        }

        var project = store.Find(ProjectName.Normalise(projectName));
        var releaseFiles = project?.Files.Where(f => Python.Versioning.Pep440Version.TryParse(f.Version, out var v) && v == version).ToList() ?? [];
        WarehouseRefusals.CheckReleaseOpen(releaseFiles, time.GetUtcNow());
        if (filetype == "sdist" && releaseFiles.Any(f => f.PackageType == "sdist"))
            throw UploadRefused.BadRequest("Only one sdist may be uploaded per release.");

        WarehouseRefusals.CheckDistributionFile(received.TempPath, received.FileName);
        var metadata = UploadRules.CheckDistribution(received.TempPath, received.FileName, filetype, project?.Name ?? projectName, version);
        WarehouseRefusals.CheckLicenseFiles(fields, received.TempPath, received.FileName);
        if (filetype == "bdist_wheel")
            WarehouseRefusals.CheckWheelContents(received.TempPath, received.FileName);
        warnings.AddRange(options.UploadWarnings);
        // Last of warehouse's checks before the file is stored (a wrong attestation stores nothing).
        var provenance = AttestationUploads.Verify(fields, credential, options, received.FileName, received.Sha256);
        string? metadataSha256 = null;
        if (metadata != null)
        {
            received.MetadataPath = received.TempPath + ".metadata";
            await File.WriteAllBytesAsync(received.MetadataPath, metadata, ct);
            metadataSha256 = Convert.ToHexStringLower(SHA256.HashData(metadata));
        }

        var file = new StoredFile
        {
            Filename = received.FileName,
            Version = releaseFiles.FirstOrDefault()?.Version ?? version.ToString(),
            PackageType = filetype,
            PythonVersion = UploadRules.First(fields, "pyversion") is { Length: > 0 } pyversion ? pyversion : "source",
            Size = received.Size,
            Sha256 = received.Sha256,
            Blake2b256 = received.Blake2b256,
            Md5 = received.Md5,
            UploadTime = time.GetUtcNow(),
            RequiresPython = UploadRules.First(fields, "requires_python") is { Length: > 0 } requires ? requires : null,
            MetadataSha256 = metadataSha256,
            Metadata = UploadRules.MetadataOf(fields),
            Provenance = provenance?.ToJsonString(),
        };
        store.Add(projectName, file, received.TempPath, received.MetadataPath);
        received.MetadataPath = null;
        Log.Debug("Local index: stored {File} ({Size} bytes)", file.Filename, file.Size);
        return true;
    }

    /// <summary>
    /// Renders the upload's description as warehouse does, and asks a newer trove-classifiers installed there about the
    /// classifiers the embedded list does not know; without a renderer the upload goes on with a warning (this index cannot tell).
    /// </summary>
    private async Task<Python.Inspection.Readme.WarehouseAnswers> AskWarehouseAsync(Dictionary<string, List<string>> fields, List<string> warnings, CancellationToken ct)
    {
        var unknown = fields.GetValueOrDefault("classifiers")?.Where(c => c.Trim().Length > 0 && Python.Inspection.Vocabulary.TroveClassifiers.IsUnknown(c)).Distinct().ToList() ?? [];
        var declared = UploadRules.First(fields, "description_content_type") is { Length: > 0 } type ? type : null;
        // An invalid content type is refused with the metadata already: nothing to render.
        List<Python.Inspection.Readme.DescriptionToRender> descriptions =
            UploadRules.First(fields, "description") is { Length: > 0 } description && (declared == null || Python.Inspection.Readme.DescriptionContentType.Problem(declared) == null)
                ? [new(description, declared)]
                : [];
        if (options.ReadmeInterpreters.Count == 0 || descriptions.Count + unknown.Count == 0)
            return Python.Inspection.Readme.WarehouseAnswers.None;
        var answers = await readme.AskAsync(descriptions, unknown, ct);
        if (descriptions.Count > 0 && answers.RendererVersion == null)
        {
            Log.Warning("Local index: the README of {Name} could not be rendered as PyPI renders it ({Problem}); install python3-readme-renderer", NameField(fields), answers.RendererProblem);
            warnings.Add($"The local index could not render the description as PyPI does ({answers.RendererProblem}); PyPI refuses one that does not render.");
        }

        return answers;
    }

    private static RecordedUpload Recorded(
        Dictionary<string, List<string>> fields, ReceivedFile? received, int status, string message, string? credential, string? fault, bool stored) =>
        new(fields.ToDictionary(f => f.Key, f => (IReadOnlyList<string>)f.Value.AsReadOnly(), StringComparer.Ordinal),
            received?.FileName, status, message, credential,
            received is { TooLarge: false, Sha256.Length: > 0 } ? received.Sha256 : null,
            received?.Size, fault, stored);

    private static string NameField(Dictionary<string, List<string>> fields) => UploadRules.First(fields, "name") ?? "";

    /// <summary>Reads the multipart body: text fields into memory (bounded), the <c>content</c> file streamed to disk with its digests.</summary>
    private async Task<(Dictionary<string, List<string>> Fields, ReceivedFile? File)> ReceiveAsync(HttpRequest request, bool keepFile, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
            throw UploadRefused.BadRequest("Invalid request: an upload is a multipart/form-data POST.");

        var fields = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        ReceivedFile? file = null;
        long fieldsTotal = 0;
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    await section.Body.CopyToAsync(Stream.Null, ct);
                    continue;
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (name == "content" && disposition.IsFileDisposition())
                {
                    if (file != null)
                        throw UploadRefused.BadRequest("content: Should not be a tuple.");
                    var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "";
                    file = keepFile ? await ReceiveFileAsync(section, fileName, ct) : await DrainFileAsync(section, fileName, ct);
                    continue;
                }

                if (disposition.IsFileDisposition())
                {
                    // A file where a field belongs (gpg_signature, or a tuple in error): not kept.
                    await section.Body.CopyToAsync(Stream.Null, ct);
                    if (name is not ("gpg_signature" or "attestations"))
                        throw UploadRefused.BadRequest($"{name}: Should not be a tuple.");
                    continue;
                }

                var value = await ReadFieldAsync(section.Body, ct);
                fieldsTotal += value.Length;
                if (fieldsTotal > MaxFieldsTotal)
                    throw UploadRefused.BadRequest("Invalid request: the form fields are too large.");
                if (!fields.TryGetValue(name, out var values))
                    fields[name] = values = [];
                values.Add(value);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException && !ct.IsCancellationRequested && e is not UploadRefused)
        {
            if (file != null)
                IndexStore.TryDelete(file.TempPath);
            throw UploadRefused.BadRequest($"Invalid request: the multipart body could not be read ({e.Message}).");
        }

        return (fields, file);
    }

    /// <summary>
    /// Streams the file part to a temp file in 1 MiB chunks: sha256 and md5 are computed and the chunk written while
    /// blake2b-256 (the slowest) runs beside them; memory stays at one chunk whatever the file's size.
    /// </summary>
    private async Task<ReceivedFile> ReceiveFileAsync(MultipartSection section, string fileName, CancellationToken ct)
    {
        var temp = Path.Combine(store.IncomingDirectory, Guid.NewGuid().ToString("N") + ".part");
        var file = new ReceivedFile(fileName, section.ContentType, temp);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var blake2 = new Blake2b256();
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        long size = 0;
        try
        {
            await using var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            int filled;
            while ((filled = await FillAsync(section.Body, buffer, ct)) > 0)
            {
                size += filled;
                if (size > options.MaxFileSize)
                {
                    file.TooLarge = true;
                    continue; // read the rest of the part so the client gets the answer, keep nothing
                }

                var chunk = new ReadOnlyMemory<byte>(buffer, 0, filled);
                var beside = Task.Run(() => blake2.Append(chunk.Span), ct);
                sha256.AppendData(chunk.Span);
                md5.AppendData(chunk.Span);
                await output.WriteAsync(chunk, ct);
                await beside;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        file.Size = size;
        file.Sha256 = Convert.ToHexStringLower(sha256.GetHashAndReset());
        file.Md5 = Convert.ToHexStringLower(md5.GetHashAndReset());
        file.Blake2b256 = Convert.ToHexStringLower(blake2.Finish());
        return file;
    }

    private static async Task<int> FillAsync(Stream body, byte[] buffer, CancellationToken ct)
    {
        var filled = 0;
        int read;
        while (filled < ChunkSize && (read = await body.ReadAsync(buffer.AsMemory(filled, ChunkSize - filled), ct)) > 0)
            filled += read;
        return filled;
    }

    private static async Task<ReceivedFile> DrainFileAsync(MultipartSection section, string fileName, CancellationToken ct)
    {
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await section.Body.ReadAsync(buffer, ct)) > 0)
            size += read;
        return new ReceivedFile(fileName, section.ContentType, "") { Size = size };
    }

    private static async Task<string> ReadFieldAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxFieldLength)
                throw UploadRefused.BadRequest("Invalid request: a form field is too large.");
            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private sealed class ReceivedFile(string fileName, string? contentType, string tempPath)
    {
        public string FileName { get; } = fileName;
        public string? ContentType { get; } = contentType;
        public string TempPath { get; } = tempPath;
        public string? MetadataPath { get; set; }
        public bool TooLarge { get; set; }
        public long Size { get; set; }
        public string Sha256 { get; set; } = "";
        public string Md5 { get; set; } = "";
        public string Blake2b256 { get; set; } = "";
    }
}
