using Spectre.Console;

namespace Wheelhouse.PyPI.Upload;

/// <summary>How <see cref="Uploader"/> retries, waits and reports.</summary>
public sealed record UploadOptions
{
    /// <summary>Requests per file at most (the first and the retries) for 5xx, 429, transport errors and timeouts.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The first wait; it doubles per retry up to <see cref="MaxBackoff"/>, and each wait is drawn at random within ±50 % of its step.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    internal Wheelhouse.Engine.Http.Backoff Backoff => new(InitialBackoff, 2, MaxBackoff, 0.5);

    /// <summary>
    /// The longest <c>Retry-After</c> that is waited for; an index asking for more ends the upload with a message
    /// saying when to run it again (PyPI's rate limits for new projects last hours, not seconds).
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The limit for one upload request, body and answer included.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Do everything but the upload requests: read and check the files, ask the index which it has, get the credentials
    /// (a mint for trusted publishing). Each file that would be sent is reported as <see cref="UploadOutcome.WouldUpload"/>.
    /// </summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// The command that uploads the same files again (./build.sh PublishPyPI --skip), named when a release is left half
    /// uploaded; null: "upload the same files again".
    /// </summary>
    public string? CompleteCommand { get; init; }

    /// <summary>
    /// Whether each file is uploaded with its PEP 740 attestations (<c>&lt;file&gt;.publish.attestation</c> beside it),
    /// checked before anything is uploaded. Off by default; publishing turns it on with trusted publishing (see
    /// <see cref="Attestations.AttestationPolicy"/>).
    /// </summary>
    public Attestations.AttestationMode Attestations { get; init; } = Wheelhouse.PyPI.Attestations.AttestationMode.Off;

    /// <summary>A live progress bar (an interactive terminal) rather than a plain log line every 10 % (CI, redirected output).</summary>
    public bool ShowProgress { get; init; } = DefaultShowProgress();

    /// <summary>Clock for waits and timeouts (tests use a fake one).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Source of the jitter; <see cref="System.Random.Shared"/> when null.</summary>
    public Random? Random { get; init; }

    /// <summary>Where the progress bar and the closing table go; standard output when null.</summary>
    public IAnsiConsole? Console { get; init; }

    /// <summary>Where log lines go; the build's logger (Serilog's <c>Log.Logger</c>) when null.</summary>
    public Serilog.ILogger? Logger { get; init; }

    internal static bool DefaultShowProgress()
    {
        if (System.Console.IsOutputRedirected || IsCi(Environment.GetEnvironmentVariable))
            return false;
        try
        {
            return AnsiConsole.Profile.Capabilities.Interactive;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            return false;
        }
    }

    internal static bool IsCi(Func<string, string?> environment) =>
        environment("GITHUB_ACTIONS") == "true" || !string.IsNullOrEmpty(environment("CI")) || !string.IsNullOrEmpty(environment("TF_BUILD"));

    internal void Validate()
    {
        if (MaxAttempts < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "At least one attempt is needed.");
        if (InitialBackoff < TimeSpan.Zero || MaxBackoff < TimeSpan.Zero || MaxRetryAfter < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(InitialBackoff), "Waits cannot be negative.");
        if (RequestTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "The request timeout must be positive.");
    }
}
