using System.Net;
using System.Net.Http.Headers;
using Polly.Timeout;
using Serilog;
using Spectre.Console;
using Wheelhouse.Python;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Http;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.PyPI.Upload;

/// <summary>
/// Uploads distributions to a package index's legacy upload API, safely:
/// <list type="number">
/// <item>reads each file's own metadata and digests (sha256, blake2b-256) in one streaming pass, refusing what the index
/// would refuse (Metadata-Version 2.0, a name or version other than the file name's) before anything is sent;</item>
/// <item>asks the simple API which files the index has: identical ones are skipped, and a file name the index holds
/// with other content stops everything before the first byte is sent (an index never takes a file name twice);</item>
/// <item>uploads the wheels by name first and the sdist last (as uv does: a release cut short has its wheels, not an
/// sdist pip would build from), each streamed from disk, sending the fields twine sends;</item>
/// <item>asks its credential source before each request, so a token minted by trusted publishing is renewed before it
/// runs out, and renewed once when the index refuses it as expired;</item>
/// <item>retries 5xx, 429 (after its Retry-After), transport errors and timeouts through the one retry pipeline
/// (<see cref="RetryPolicy"/>: exponential backoff with jitter), and before each retry asks the simple API again, since
/// a failed request may have stored the file; never retries another 4xx;</item>
/// <item>follows a redirect only to the same scheme, host and port (credentials go nowhere else);</item>
/// <item>shows the warnings an index puts in the body of a 200;</item>
/// <item>ends with a table, which for a half release names the files the index lacks and how to complete it, and throws
/// <see cref="UploadException"/> (a <see cref="BuildException"/> that says what to do, carrying the report) when a file is
/// not on the index. A dry run does everything but the upload requests.</item>
/// </list>
/// The password never appears in a message, log line or URL.
/// </summary>
public sealed class Uploader(HttpClient? http = null)
{
    internal const string UserAgent = "wheelhouse-uploader/1.0";
    private const int MaxRedirects = 5;
    private const int MaxErrorBodyBytes = 64 << 10;

    /// <summary>The limit for reading a project's simple API page (a page, not an upload: it answers in seconds or not at all).</summary>
    private static readonly TimeSpan ListTimeout = TimeSpan.FromMinutes(1);

    private readonly HttpClient http = http ?? HttpClients.Shared;

    /// <param name="credentials">An API token (<see cref="UploadCredentials"/>) or a source that renews its tokens (trusted publishing).</param>
    public async Task<UploadReport> UploadAsync(PackageIndex index, IUploadCredentialSource credentials, IReadOnlyList<string> files, UploadOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (files.Count == 0)
            throw new BuildException($"There is nothing to upload to {index.Name}: no files were given. Run ./build.sh Build to fill dist/.");

        var run = new Run(this, index, credentials, options, ct);
        return await run.ExecuteAsync(files);
    }

    /// <summary>One call of <see cref="UploadAsync"/>: its settings, and the upload URL as redirects may have moved it.</summary>
    private sealed class Run(Uploader owner, PackageIndex index, IUploadCredentialSource credentials, UploadOptions options, CancellationToken ct)
    {
        private readonly SimpleApi simple = new(owner.http, options.TimeProvider, ListTimeout);
        private readonly IAnsiConsole console = options.Console ?? DefaultConsole();
        private readonly Random random = options.Random ?? Random.Shared;
        private readonly ILogger log = options.Logger ?? Log.Logger;
        private Uri uploadUrl = UploadUrls.Normalise(index.UploadUrl);

        private IUploadDisplay Display => options.ShowProgress ? new ProgressBarDisplay(console) : new LogLineDisplay(log);

        public async Task<UploadReport> ExecuteAsync(IReadOnlyList<string> paths)
        {
            if (index.UploadUrl.UserInfo.Length > 0)
                log.Warning("The upload URL {Url} carries a user name or password; it is ignored (the credentials given to the upload are used).", DisplaySafeUrl.Show(index.UploadUrl));
            if (uploadUrl.Scheme == Uri.UriSchemeHttp && !uploadUrl.IsLoopback)
                log.Warning("{Url} is plain http: the credentials cross the network unencrypted. Use https.", DisplaySafeUrl.Show(uploadUrl));

            var prepared = await PrepareAllAsync(paths);
            log.Information("{Doing} {Count} file(s) to {Index} ({Url}) as {User}", options.DryRun ? "Dry run: checking an upload of" : "Uploading",
                prepared.Count, index.Name, DisplaySafeUrl.Show(uploadUrl), credentials.Username);

            var results = new FileUploadResult?[prepared.Count];
            await CheckExistingAsync(prepared, results);
            if (options.DryRun)
                return await DryRunAsync(prepared, results);

            for (var i = 0; i < prepared.Count; i++)
            {
                if (results[i] != null)
                    continue; // already on the index
                results[i] = await UploadFileAsync(prepared[i]);
                if (results[i]!.Outcome != UploadOutcome.Failed)
                    continue;
                for (var j = i + 1; j < prepared.Count; j++)
                    results[j] ??= Result(prepared[j], UploadOutcome.Failed, 0, $"Not attempted: the upload stopped when {prepared[i].FileName} failed.");
                break;
            }

            var report = new UploadReport(results.Select(r => r!).ToList());
            Finish(report);
            if (report.Failed.FirstOrDefault() is { } failed)
                throw new UploadException(FailureMessage(report, failed), report);
            return report;
        }

        private static IAnsiConsole DefaultConsole()
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
            if (Console.IsOutputRedirected && console.Profile.Width < 160)
                console.Profile.Width = 160; // CI logs: do not wrap the table at 80 columns
            return console;
        }

        // ---- preparation ------------------------------------------------------------------------------------

        private async Task<List<PreparedFile>> PrepareAllAsync(IReadOnlyList<string> paths)
        {
            var prepared = new List<PreparedFile>();
            foreach (var path in paths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
                prepared.Add(await PreparedFile.ReadAsync(path, ct));
            var duplicate = prepared.GroupBy(p => p.FileName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            if (duplicate != null)
                throw new BuildException($"{duplicate.Key} is given twice ({string.Join(", ", duplicate.Select(d => d.Path))}); an index holds one file of a name. Upload one folder, such as dist/.");
            // PEP 740 attestations are checked here too, so a wrong one stops the upload before it starts.
            return UploadOrder(Attestations.UploadAttestations.Attach(prepared, options.Attestations, log));
        }

        /// <summary>
        /// The wheels by file name, then the sdist (uv's order): a release cut short lacks its sdist rather than its
        /// wheels, and pip never builds from source because the wheel was not there yet.
        /// </summary>
        internal static List<PreparedFile> UploadOrder(IEnumerable<PreparedFile> files) =>
            files.OrderBy(f => f.IsSdist ? 1 : 0).ThenBy(f => f.FileName, StringComparer.Ordinal).ToList();

        // ---- a dry run ----------------------------------------------------------------------------------------

        /// <summary>Everything but the upload requests: the files were read and checked, the index listed, and the credentials got (a mint for trusted publishing).</summary>
        private async Task<UploadReport> DryRunAsync(List<PreparedFile> files, FileUploadResult?[] results)
        {
            try
            {
                await credentials.CurrentAsync(ct);
            }
            catch (BuildException e)
            {
                throw new BuildException($"Dry run: the files and {index.Name}'s listing are fine, but no credentials could be had: {credentials.Scrub(e.Message)}");
            }

            if (!credentials.CanRenew)
                log.Information("Dry run: an API token is checked by the index only when a file is sent; it was not sent.");
            for (var i = 0; i < files.Count; i++)
                results[i] ??= Result(files[i], UploadOutcome.WouldUpload, 0, $"Dry run: not sent ({Texts.Bytes(files[i].Size)}).");
            var report = new UploadReport(results.Select(r => r!).ToList());
            Finish(report);
            return report;
        }

        // ---- the check before any upload ----------------------------------------------------------------------

        private async Task CheckExistingAsync(List<PreparedFile> files, FileUploadResult?[] results)
        {
            var conflicts = new List<(PreparedFile File, IndexedFile There)>();
            foreach (var project in files.GroupBy(f => ProjectName.Normalise(f.Project)))
            {
                var listing = await ListBeforeUploadAsync(project.First().Project);
                log.Debug("{Url}: {State}", DisplaySafeUrl.Show(listing.Url), listing.ProjectExists ? $"{listing.Files.Count} file(s) listed" : "no such project yet (404): a new project");
                foreach (var file in project)
                {
                    if (!listing.Files.TryGetValue(file.FileName, out var there))
                        continue;
                    if (there.Sha256 is null)
                    {
                        log.Warning("{Index} lists {File} without a sha256, so it cannot be compared; it is uploaded, and the index decides.", index.Name, file.FileName);
                        continue;
                    }

                    if (string.Equals(there.Sha256, file.Digests.Sha256, StringComparison.OrdinalIgnoreCase))
                    {
                        var i = files.IndexOf(file);
                        results[i] = Result(file, UploadOutcome.AlreadyPresent, 0, $"{index.Name} already has this exact file (same sha256){(there.Yanked ? "; it is yanked there" : "")}: skipped.");
                        log.Information("Skipping {File}: {Index} already has this exact file (sha256 {Sha256}){Yanked}", file.FileName, index.Name, UploadTable.ShortHash(file.Digests.Sha256), there.Yanked ? ", yanked there" : "");
                    }
                    else
                    {
                        conflicts.Add((file, there));
                    }
                }
            }

            if (conflicts.Count == 0)
                return;
            for (var i = 0; i < files.Count; i++)
            {
                var conflict = conflicts.FirstOrDefault(c => c.File == files[i]);
                results[i] ??= conflict.File != null
                    ? Result(files[i], UploadOutcome.Failed, 0, $"{index.Name} has this file name with other content (sha256 {UploadTable.ShortHash(conflict.There.Sha256!)} there).") with { Refusal = RefusalKind.NameReuse }
                    : Result(files[i], UploadOutcome.Failed, 0, "Not attempted: another file's name is taken on the index.");
            }

            var report = new UploadReport(results.Select(r => r!).ToList());
            Finish(report);
            throw new UploadException(Messages.NameTaken(index.Name, conflicts.Select(c => (c.File.FileName, c.There.Sha256!, c.File.Digests.Sha256)).ToList()), report);
        }

        /// <summary>The listing, retried like an upload when the index fails transiently; a listing that cannot be had stops the upload.</summary>
        private async Task<ProjectListing> ListBeforeUploadAsync(string project)
        {
            var attempt = 0;
            var pipeline = Retries.Pipeline<ProjectListing>(
                outcome => outcome.Exception is SimpleApiException { Transient: true } e && (e.RetryAfter ?? TimeSpan.Zero) <= options.MaxRetryAfter,
                outcome => (outcome.Exception as SimpleApiException)?.RetryAfter,
                notice => log.Warning("{Problem}; asking again in {Delay} (attempt {Attempt} of {Max})",
                    credentials.Scrub(notice.Outcome.Exception!.Message), Texts.Duration(notice.Delay), notice.FailedAttempt + 1, options.MaxAttempts));
            try
            {
                return await pipeline.ExecuteAsync(async token =>
                {
                    attempt++;
                    return await simple.ListAsync(index, project, credentials, uploadUrl, token);
                }, ct);
            }
            catch (SimpleApiException e)
            {
                throw new BuildException(Messages.ListingFailed(index.Name, project, credentials.Scrub(e.Message), e.Transient, attempt));
            }
        }

        /// <summary>The uploader's retries: <see cref="UploadOptions.MaxAttempts"/> tries, its backoff, clock and jitter; each request is timed by <see cref="SendAsync"/>.</summary>
        private RetryPolicy Retries => new()
        {
            MaxAttempts = options.MaxAttempts,
            Backoff = options.Backoff,
            AttemptTimeout = null,
            TimeProvider = options.TimeProvider,
            Random = random.NextDouble,
        };

        /// <summary>The file as the index lists it now, or null; unknown (null, with a debug line) when the index cannot be read.</summary>
        private async Task<(bool Known, IndexedFile? File)> FindAsync(PreparedFile file)
        {
            try
            {
                var listing = await simple.ListAsync(index, file.Project, credentials, uploadUrl, ct);
                return (true, listing.Files.GetValueOrDefault(file.FileName));
            }
            catch (SimpleApiException e)
            {
                log.Debug("Could not check whether {File} is on the index: {Problem}", file.FileName, credentials.Scrub(e.Message));
                return (false, null);
            }
        }

        // ---- one file -----------------------------------------------------------------------------------------

        /// <summary>
        /// One file through the retry pipeline. A try that fails transiently is retried after the backoff (or the
        /// index's Retry-After); the next try first asks the index whether the failed request stored the file, and
        /// after the last send that check is the final try. A token refused as expired is renewed once and sent again at once.
        /// </summary>
        private async Task<FileUploadResult> UploadFileAsync(PreparedFile file)
        {
            log.Information("Uploading {File} ({Size}, sha256 {Sha256})", file.FileName, Texts.Bytes(file.Size), UploadTable.ShortHash(file.Digests.Sha256));
            var renewedAfterExpiry = false;
            var attempt = 0;
            AttemptResult? waitedFor = null; // the transient failure the last wait was for
            var pipeline = (Retries with { MaxAttempts = options.MaxAttempts + 2 }).Pipeline<Step>(
                outcome => outcome.Result is { Final: null },
                outcome => outcome.Result is { Retry: { } retry } ? retry.RetryAfter : TimeSpan.Zero,
                notice =>
                {
                    waitedFor = notice.Outcome.Result!.Retry;
                    if (waitedFor is not { } outcome)
                        return;
                    log.Warning("Upload of {File} failed: {Problem}. Checking the index {Delay}{Retry}",
                        file.FileName, outcome.Problem,
                        notice.Delay > TimeSpan.Zero ? $"in {Texts.Duration(notice.Delay)}{(outcome.RetryAfter != null ? " (as its Retry-After asks)" : "")}" : "now",
                        attempt < options.MaxAttempts ? $", then attempt {attempt + 1} of {options.MaxAttempts}" : "; no attempts left");
                });

            var step = await pipeline.ExecuteAsync(async _ =>
            {
                if (waitedFor is { } failed)
                {
                    // Waiting first gave an upload that was still being processed time to show.
                    waitedFor = null;
                    var (isKnown, found) = await FindAsync(file);
                    if (isKnown && found != null)
                    {
                        if (Same(found, file))
                            return Step.Done(Landed(file, attempt, failed));
                        var taken = Messages.NameTaken(index.Name, [(file.FileName, found.Sha256 ?? "?", file.Digests.Sha256)]);
                        log.Error("{File} is now on {Index} with other content (sha256 {Theirs})", file.FileName, index.Name, UploadTable.ShortHash(found.Sha256 ?? "?"));
                        return Step.Done(Result(file, UploadOutcome.Failed, attempt, taken));
                    }

                    if (attempt >= options.MaxAttempts)
                    {
                        var message = Messages.GaveUp(index.Name, file.FileName, attempt, failed.Problem, isKnown);
                        log.Error("Upload of {File} failed {Attempts} times; giving up", file.FileName, attempt);
                        return Step.Done(Result(file, UploadOutcome.Failed, attempt, message));
                    }
                }

                attempt++;
                var outcome = await SendAsync(file);
                switch (outcome.Kind)
                {
                    case AttemptKind.Stored:
                        foreach (var warning in outcome.Warnings)
                            log.Warning("{Index} accepted {File} with a warning: {Warning}", index.Name, file.FileName, warning);
                        log.Information("Uploaded {File}{Attempt}", file.FileName, attempt > 1 ? $" (attempt {attempt})" : "");
                        return Step.Done(Result(file, UploadOutcome.Uploaded, attempt, attempt > 1 ? $"Uploaded on attempt {attempt}." : null, outcome.Warnings));

                    case AttemptKind.Refused:
                        if (outcome.Status is 400 or 409)
                        {
                            // PyPI answers 400 to a file it has; when that is our very file (a race, or a retry of an
                            // upload that landed), the release is fine.
                            var (known, there) = await FindAsync(file);
                            if (known && there?.Sha256 is { } sha && string.Equals(sha, file.Digests.Sha256, StringComparison.OrdinalIgnoreCase))
                            {
                                log.Information("{File}: {Index} answered {Status} but lists this exact file: already present", file.FileName, index.Name, outcome.Problem);
                                return Step.Done(Result(file, UploadOutcome.AlreadyPresent, attempt, $"{index.Name} answered {outcome.Problem} and lists this exact file."));
                            }
                        }

                        if (outcome.Refusal == RefusalKind.ExpiredToken && !renewedAfterExpiry && credentials.CanRenew && outcome.Credentials is { } refused)
                        {
                            renewedAfterExpiry = true;
                            UploadCredentials? fresh;
                            try
                            {
                                fresh = await credentials.RenewExpiredAsync(refused, ct);
                            }
                            catch (BuildException e)
                            {
                                log.Error("Upload of {File} failed: {Problem}, and no fresh token could be minted", file.FileName, outcome.Problem);
                                return Step.Done(Result(file, UploadOutcome.Failed, attempt, $"{outcome.Message} Minting a fresh token failed: {credentials.Scrub(e.Message)}"));
                            }

                            if (fresh != null)
                            {
                                log.Warning("Upload of {File} refused: {Problem}; sending it again with the fresh token", file.FileName, outcome.Problem);
                                return Step.Renewed;
                            }
                        }

                        log.Error("Upload of {File} failed: {Problem}", file.FileName, outcome.Problem);
                        return Step.Done(Result(file, UploadOutcome.Failed, attempt, outcome.Refusal == RefusalKind.ExpiredToken && renewedAfterExpiry
                            ? outcome.Message + " " + Messages.ExpiredAgain
                            : outcome.Message) with { Refusal = outcome.Refusal });

                    default:
                        if (outcome.RetryAfter is { } retryAfter && retryAfter > options.MaxRetryAfter)
                        {
                            var (knownNow, now) = await FindAsync(file);
                            if (knownNow && Same(now, file))
                                return Step.Done(Landed(file, attempt, outcome));
                            var message = Messages.WaitTooLong(index.Name, file.FileName, outcome.Problem, retryAfter, options.MaxRetryAfter, options.TimeProvider.GetUtcNow());
                            log.Error("Upload of {File} failed: {Problem}, and the index asks to wait {Wait}", file.FileName, outcome.Problem, Texts.Duration(retryAfter));
                            return Step.Done(Result(file, UploadOutcome.Failed, attempt, message));
                        }

                        return new Step(null, outcome);
                }
            }, ct);
            return step.Final ?? throw new InvalidOperationException($"The retries of {file.FileName} ended without an outcome.");
        }

        /// <summary>Where one try of a file left it: done (<see cref="Final"/>), worth another try after a wait (<see cref="Retry"/>), or to be sent again at once (a renewed token).</summary>
        private sealed record Step(FileUploadResult? Final, AttemptResult? Retry)
        {
            public static Step Renewed { get; } = new(null, null);

            public static Step Done(FileUploadResult result) => new(result, null);
        }

        private static bool Same(IndexedFile? there, PreparedFile file) =>
            there?.Sha256 is { } sha && string.Equals(sha, file.Digests.Sha256, StringComparison.OrdinalIgnoreCase);

        private FileUploadResult Landed(PreparedFile file, int attempt, AttemptResult outcome)
        {
            log.Information("{File} is on {Index} with our sha256: the request that ended with {Problem} stored it; not sent again", file.FileName, index.Name, outcome.Problem);
            return Result(file, UploadOutcome.Uploaded, attempt, $"Stored although the request ended with {outcome.Problem}; found on the index, not sent again.");
        }

        private enum AttemptKind
        {
            Stored,
            Retryable,
            Refused,
        }

        /// <summary>
        /// How one upload request ended. <see cref="Problem"/>: a short phrase for logs ("503 Service Unavailable"); <see cref="Message"/>: what to do, for refusals;
        /// <see cref="Credentials"/>: the ones the request carried; <see cref="Warnings"/>: what the index said in the body of its 200.
        /// </summary>
        private sealed record AttemptResult(AttemptKind Kind, int Status, string Problem, string? Message = null, TimeSpan? RetryAfter = null)
        {
            public RefusalKind Refusal { get; init; } = RefusalKind.Other;
            public UploadCredentials? Credentials { get; init; }
            public IReadOnlyList<string> Warnings { get; init; } = [];
        }

        /// <summary>One request, within <see cref="UploadOptions.RequestTimeout"/> (the retries are <see cref="UploadFileAsync"/>'s).</summary>
        private Polly.ResiliencePipeline<(HttpResponseMessage, string)> OneRequest =>
            (Retries with { MaxAttempts = 1, AttemptTimeout = options.RequestTimeout }).Pipeline<(HttpResponseMessage, string)>(_ => false);

        /// <summary>One upload request, following same-origin redirects, with the credentials the source gives for it.</summary>
        private async Task<AttemptResult> SendAsync(PreparedFile file)
        {
            var url = uploadUrl;
            for (var hop = 0; ; hop++)
            {
                UploadCredentials current;
                try
                {
                    current = await credentials.CurrentAsync(ct);
                }
                catch (BuildException e)
                {
                    return new AttemptResult(AttemptKind.Refused, 0, "no credentials", $"{file.FileName} was not sent: no upload token could be had. {credentials.Scrub(e.Message)}");
                }

                using var request = new HttpRequestMessage(HttpMethod.Post, url);
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", current.BasicParameter);
                request.Headers.UserAgent.ParseAdd(UserAgent);
                request.Headers.ExpectContinue = false;

                var content = new MultipartUploadContent(file.Fields, file.Path, file.FileName, file.Size);
                request.Content = content;
                HttpResponseMessage response;
                string body;
                try
                {
                    (response, body) = await OneRequest.ExecuteAsync(async token => await Display.TrackAsync(file.FileName, content.Length, async progress =>
                    {
                        content.Progress = progress;
                        var answer = await owner.http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
                        try
                        {
                            // The body of a refusal says why; the body of a 200 is warehouse's channel for warnings.
                            var text = (int)answer.StatusCode is >= 300 and < 400 ? "" : await ReadBodyAsync(answer, token);
                            return (answer, text);
                        }
                        catch
                        {
                            answer.Dispose();
                            throw;
                        }
                    }), ct);
                }
                catch (TimeoutRejectedException)
                {
                    return new AttemptResult(AttemptKind.Retryable, 0, $"no answer within {Texts.Duration(options.RequestTimeout)}");
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    return new AttemptResult(AttemptKind.Retryable, 0,
                        $"the HTTP client's own timeout ({Texts.Duration(owner.http.Timeout)}) ended the request; give the uploader a client without one (Timeout.InfiniteTimeSpan), it times each request itself");
                }
                catch (Exception e) when (Find<DistributionChangedException>(e) is { } changed)
                {
                    return new AttemptResult(AttemptKind.Refused, 0, "the file changed", changed.Message);
                }
                catch (Exception e) when (e is HttpRequestException or IOException)
                {
                    return new AttemptResult(AttemptKind.Retryable, 0, credentials.Scrub(Texts.ExceptionText(e)));
                }

                using (response)
                {
                    var status = (int)response.StatusCode;
                    var statusText = Texts.Status(response);
                    var server = credentials.Scrub(Texts.ServerMessage(response.ReasonPhrase, body));

                    // A caller's client that follows redirects by itself: .NET drops the Authorization header on the way,
                    // but the file did not reach the index we were told.
                    if (response.RequestMessage?.RequestUri is { } final && !DisplaySafeUrl.SameOrigin(final, url))
                        return new AttemptResult(AttemptKind.Refused, status, "a redirect to another host", Messages.OtherHost(file.FileName, url, final));

                    if (status is >= 200 and < 300)
                        return new AttemptResult(AttemptKind.Stored, status, statusText) { Warnings = Texts.Warnings(credentials.Scrub(body)) };

                    if (status is 301 or 302 or 307 or 308)
                    {
                        if (response.Headers.Location is not { } location)
                            return new AttemptResult(AttemptKind.Refused, status, statusText, $"{index.Name} answered the upload of {file.FileName} with {statusText} but named no new location. Check the upload URL ({DisplaySafeUrl.Show(uploadUrl)}).");
                        var target = new Uri(url, location);
                        if (!DisplaySafeUrl.SameOrigin(target, url))
                            return new AttemptResult(AttemptKind.Refused, status, statusText, Messages.OtherHost(file.FileName, url, target));
                        if (hop >= MaxRedirects)
                            return new AttemptResult(AttemptKind.Refused, status, statusText, $"The upload of {file.FileName} was redirected more than {MaxRedirects} times, last to {DisplaySafeUrl.Show(target)}. Check the upload URL.");
                        log.Debug("{From} redirects the upload ({Status}) to {To}; same host, following", DisplaySafeUrl.Show(url), statusText, DisplaySafeUrl.Show(target));
                        url = DisplaySafeUrl.WithoutUserInfo(target);
                        if (status is 301 or 308)
                            uploadUrl = url; // permanent: the next files go there directly
                        continue;
                    }

                    var problem = server.Length > 0 && !server.StartsWith(statusText, StringComparison.OrdinalIgnoreCase) ? $"{status} {server}" : statusText;
                    if (status is 429 or >= 500)
                        return new AttemptResult(AttemptKind.Retryable, status, problem.Length > 200 ? problem[..200] + "…" : problem, null, TransientHttp.RetryAfter(response, options.TimeProvider));
                    var refusal = UploadRefusal.Classify(status, server);
                    return new AttemptResult(AttemptKind.Refused, status, statusText, Messages.Refused(refusal, index, file, status, statusText, server, credentials.IsToken, credentials.CanRenew, uploadUrl))
                    {
                        Refusal = refusal,
                        Credentials = current,
                    };
                }
            }
        }

        private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken token)
        {
            await using var stream = await response.Content.ReadAsStreamAsync(token);
            var buffer = new byte[MaxErrorBodyBytes];
            var filled = 0;
            int read;
            while (filled < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(filled), token)) > 0)
                filled += read;
            return System.Text.Encoding.UTF8.GetString(buffer, 0, filled);
        }

        private static T? Find<T>(Exception e) where T : Exception
        {
            for (Exception? current = e; current != null; current = current.InnerException)
            {
                if (current is T match)
                    return match;
            }

            return null;
        }

        // ---- the end ------------------------------------------------------------------------------------------

        private static FileUploadResult Result(PreparedFile file, UploadOutcome outcome, int attempts, string? message, IReadOnlyList<string>? warnings = null) =>
            new(file.FileName, file.Size, file.Digests.Sha256, outcome, attempts, message, warnings ?? []);

        private void Finish(UploadReport report)
        {
            foreach (var line in UploadTable.PlainLines(report))
                log.Debug("{Line}", line);
            var half = HalfRelease(report);
            UploadTable.Write(console, options.DryRun ? $"Dry run: upload to {index.Name}" : $"Upload to {index.Name}", report, half);
            log.Information("{What} to {Index}: {Summary}", options.DryRun ? "Dry run of the upload" : "Upload", index.Name, UploadTable.Summary(report));
            if (half != null)
                log.Warning("{HalfRelease}", half);
        }

        /// <summary>What a half release lacks and how to complete it: null unless the index has some files of the release and lacks others.</summary>
        private string? HalfRelease(UploadReport report)
        {
            // An sdist refused because the release has one already is not lacking.
            var lacking = report.Failed.Where(f => f.Refusal != RefusalKind.SecondSdist).ToList();
            if (!report.IsHalfRelease || lacking.Count == 0)
                return null;
            var completable = !report.Failed.Any(f => f.Refusal is RefusalKind.ReleaseClosed or RefusalKind.NameReuse);
            return credentials.Scrub(Messages.HalfRelease(index.Name, report.OnIndex.ToList(), lacking, completable, options.CompleteCommand));
        }

        private string FailureMessage(UploadReport report, FileUploadResult failed)
        {
            var uploaded = report.Uploaded.Select(f => f.FileName).ToList();
            var present = report.AlreadyPresent.Select(f => f.FileName).ToList();
            var notAttempted = report.Failed.Where(f => f.Attempts == 0 && f != failed).Select(f => f.FileName).ToList();
            var parts = new List<string> { failed.Message ?? $"{failed.FileName} was not uploaded." };
            if (uploaded.Count > 0)
                parts.Add($"Uploaded before that: {string.Join(", ", uploaded)}.");
            if (present.Count > 0)
                parts.Add($"Already on {index.Name}: {string.Join(", ", present)}.");
            if (notAttempted.Count > 0)
                parts.Add($"Not attempted: {string.Join(", ", notAttempted)}.");
            if (HalfRelease(report) is { } half)
                parts.Add(half);
            else if (!report.OnIndex.Any())
                parts.Add($"Nothing of this release is on {index.Name} yet; once the cause is fixed, {Messages.Complete(options.CompleteCommand)}.");
            return credentials.Scrub(string.Join(" ", parts));
        }
    }
}
