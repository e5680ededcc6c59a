using Wheelhouse.Engine.Http;

namespace Wheelhouse.Python.Verification;

/// <summary>One pip run of the plan.</summary>
/// <param name="Purpose">What the step is for, in words (for logs and errors).</param>
/// <param name="Arguments">The arguments after the venv's python: <c>-m pip install ...</c>.</param>
/// <param name="Environment">Variables to set or (null) remove for this run.</param>
/// <param name="RetryWhileNotVisible">Whether a "version not found" outcome is retried with backoff (installs from an index).</param>
public sealed record PipStep(string Purpose, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string?> Environment, bool RetryWhileNotVisible);

/// <summary>
/// The commands that make the virtual environment and install the exact version into it. Pure: the same inputs give
/// the same commands, so the rules below are tested without running anything.
/// <list type="bullet">
/// <item>Every pip run has <c>--no-cache-dir</c> (nothing from an earlier download is reused), <c>--no-input</c> and
/// <c>--disable-pip-version-check</c>.</item>
/// <item>From a dist folder: first the package alone, with <c>--no-index --find-links DIST --no-deps --ignore-installed</c>,
/// so the files come from DIST and nowhere else (not from an index that may already have this version, not from a copy
/// in the system site-packages); then the same requirement again without <c>--no-deps</c>, which leaves the package as it
/// is and resolves its dependencies: from the index pip is configured with when the venv is clean, or (offline,
/// <c>--no-index</c>) from the system site-packages the venv can see.</item>
/// <item>From an index: one plain <c>pip install --index-url URL [--extra-index-url URL] NAME==VERSION</c>, as a user
/// would type it, retried while the version is not visible. A URL with credentials goes to pip in PIP_INDEX_URL /
/// PIP_EXTRA_INDEX_URL instead of the command line, so it never shows in process lists or logs.</item>
/// </list>
/// </summary>
public sealed record InstallPlan(IReadOnlyList<string> VenvArguments, IReadOnlyList<PipStep> Steps)
{
    public static readonly string[] CommonPipOptions = ["--no-cache-dir", "--no-input", "--disable-pip-version-check"];

    public static InstallPlan For(string packageName, string version, PackageSource source, bool systemSitePackages, string venvDirectory)
    {
        var requirement = $"{packageName}=={version}";
        var venv = new List<string> { "-m", "venv" };
        if (systemSitePackages)
            venv.Add("--system-site-packages");
        venv.Add(venvDirectory);

        var environment = VerificationEnvironment.ForPip(source);
        var steps = new List<PipStep>();
        switch (source)
        {
            case DistFolderSource dist:
                steps.Add(new PipStep($"install {requirement} from {dist.Folder} alone",
                    [.. Install, "--no-index", "--find-links", dist.Folder, "--no-deps", "--ignore-installed", requirement], environment, false));
                steps.Add(systemSitePackages
                    ? new PipStep("check its dependencies are met by the system site-packages (offline)",
                        [.. Install, "--no-index", "--find-links", dist.Folder, requirement], environment, false)
                    : new PipStep("install its dependencies from the package index",
                        [.. Install, requirement], environment, false));
                break;
            case PackageIndexSource index:
                var arguments = new List<string>(Install);
                var indexEnvironment = new Dictionary<string, string?>(environment);
                AddIndex(arguments, indexEnvironment, "--index-url", "PIP_INDEX_URL", index.IndexUrl);
                if (index.ExtraIndexUrl != null)
                    AddIndex(arguments, indexEnvironment, "--extra-index-url", "PIP_EXTRA_INDEX_URL", index.ExtraIndexUrl);
                arguments.Add(requirement);
                steps.Add(new PipStep($"install {requirement} from {index.Describe()}", arguments, indexEnvironment, true));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(source), source, "Unknown package source.");
        }

        return new InstallPlan(venv, steps);
    }

    private static string[] Install => ["-m", "pip", "install", .. CommonPipOptions];

    private static void AddIndex(List<string> arguments, Dictionary<string, string?> environment, string option, string variable, string url)
    {
        if (IndexUrls.HasCredentials(url))
            environment[variable] = url;
        else
            arguments.AddRange([option, url]);
    }

    /// <summary>A step's command line as a user could type it, with credentials hidden.</summary>
    public static string Display(string python, PipStep step) =>
        string.Join(' ', new[] { python }.Concat(step.Arguments.Select(DisplaySafeUrl.Show)).Select(a => a.Contains(' ') ? $"\"{a}\"" : a))
        + string.Concat(step.Environment.Where(e => e.Key is "PIP_INDEX_URL" or "PIP_EXTRA_INDEX_URL" && e.Value != null)
            .Select(e => $" (with {e.Key}={DisplaySafeUrl.Show(e.Value!)})"));
}
