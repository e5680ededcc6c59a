using Octokit;
using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Python;
using Wheelhouse.Python.ApiGate;
using Wheelhouse.Python.Inspection;
using Wheelhouse.Python.PluginApi;
using Wheelhouse.Python.Release;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.GitHub.Releases;

/// <summary>What GitHubRelease needs: where the project is, the tag format, and how to reach GitHub.</summary>
/// <param name="Repository">owner/name; null takes it from the origin remote.</param>
/// <param name="ApiUrl">The REST API's base address; null is https://api.github.com/.</param>
public sealed record GitHubReleaseRequest(
    string RootDirectory,
    string DistDirectory,
    string TagFormat,
    string Token,
    string? Repository = null,
    string? ApiUrl = null)
{
    /// <summary>Told about every value that must never be shown: the token as sent, credentials found in the origin URL.</summary>
    public Action<string>? AddSecret { get; init; }

    /// <summary>
    /// Where CheckPluginApi left the release's API document (NAME-VERSION.json) and its changes (changes-VERSION.md):
    /// the changes become the notes' "Plugin API changes" part, the document an asset. Null: neither.
    /// </summary>
    public string? PluginApiDirectory { get; init; }

    public override string ToString() => $"GitHubReleaseRequest {{ RootDirectory = {RootDirectory}, Repository = {Repository}, ApiUrl = {ApiUrl} }}";
}

/// <summary>What a run did.</summary>
public sealed record GitHubReleaseOutcome(string Tag, GitHubRepositoryName Repository, string? HtmlUrl, ReleasePlan Plan);

/// <summary>
/// GitHubRelease: creates or updates the GitHub release of the version in pyproject.toml (tag from the tag format),
/// with that version's CHANGELOG.md section as notes, the files of dist/ and their SHA256SUMS as assets. Everything
/// is read and planned first (<see cref="ReleasePlanner"/>); then the release is created or updated and the assets
/// uploaded one by one, so a run that fails half-way is finished by running it again.
/// </summary>
public static class ReleasePublisher
{
    public const string DefaultApiUrl = "https://api.github.com/";
    public const string PyProjectFile = "pyproject.toml";

    public static Task<GitHubReleaseOutcome> RunAsync(GitHubReleaseRequest request, CancellationToken cancellationToken = default) =>
        RunAsync(request, Log.Logger, cancellationToken);

    public static async Task<GitHubReleaseOutcome> RunAsync(GitHubReleaseRequest request, ILogger log, CancellationToken cancellationToken = default)
    {
        var token = CheckToken(request);
        var apiUrl = ResolveApiUrl(request.ApiUrl);

        var version = ReadVersion(Path.Combine(request.RootDirectory, PyProjectFile));
        var tag = ReleaseTag.Format(request.TagFormat, version);
        var notes = ReadNotes(Path.Combine(request.RootDirectory, Changelog.FileName), version);
        if (notes.Length == 0)
            log.Warning("The {Version} section of {File} is empty, so release {Tag} gets no notes. Write them there and run GitHubRelease again to update the release.", version.ToString(), Changelog.FileName, tag);
        var local = ReadDist(request.DistDirectory, version, tag, log);
        if (request.PluginApiDirectory is { } apiDirectory)
        {
            notes = await WithPluginApiChangesAsync(notes, request.RootDirectory, apiDirectory, version, log, cancellationToken);
            if (PluginApiAsset(request.RootDirectory, apiDirectory, version, log) is { } apiAsset)
                local.Add(apiAsset);
        }

        local.Add(Sha256Sums.Asset(local));

        var repository = await ResolveRepositoryAsync(request, apiUrl, log, cancellationToken);
        var commit = await ReleaseGitQueries.TagCommitAsync(request.RootDirectory, tag, cancellationToken);
        if (commit is null)
        {
            log.Warning("Tag {Tag} does not exist in the local repository. If it does not exist on GitHub either, GitHub creates it at the head of the default branch, " +
                "which may not be the released commit: run BumpVersion and push the tag first.", tag);
        }

        var desired = new DesiredRelease(tag, tag, notes, version.IsPreRelease, commit);
        log.Information("Release {Tag} of {Repository} at {ApiUrl}: {Kind}, {Count} file(s) from dist/ and {Sums}",
            tag, repository.ToString(), apiUrl.ToString(), desired.Prerelease ? "a pre-release" : "a release", local.Count - 1, Sha256Sums.FileName);

        var github = new ReleaseApi(apiUrl, token, repository);
        string Failure(Exception e) => ReleaseApi.Describe(e, repository, apiUrl);

        var release = await Call(() => github.FindByTagAsync(tag), e => $"Looking up release {tag} of {repository} failed: {Failure(e)}.", cancellationToken);
        var remote = release is null
            ? []
            : await Call(() => github.ListAssetsAsync(release.Id), e => $"Listing the assets of release {tag} failed: {Failure(e)}.", cancellationToken);

        var downloaded = new Dictionary<int, string>();
        foreach (var asset in ReleasePlanner.ContentNeeded(local, remote))
        {
            log.Information("{Name}: GitHub reports no SHA-256 for it; downloading it to compare", asset.Name);
            downloaded[asset.Id] = await Call(() => github.DownloadSha256Async(asset, cancellationToken),
                e => $"Downloading {asset.Name} from release {tag} to compare it with dist/ failed: {Failure(e)}.", cancellationToken);
        }

        var existing = release is null ? null : new ExistingRelease(release.Id, release.Name, release.Body, release.Prerelease, release.HtmlUrl);
        var plan = ReleasePlanner.Plan(desired, existing, local, remote, downloaded);
        foreach (var warning in plan.Warnings)
            log.Warning("{Warning}", warning);

        switch (plan.Release)
        {
            case ReleaseAction.Create:
                log.Information("Creating release {Tag}{Target}", tag, commit is null ? "" : $" (tagging {commit[..Math.Min(12, commit.Length)]} if the tag is not on GitHub yet)");
                release = await Call(() => github.CreateAsync(desired), e => $"Creating release {tag} in {repository} failed: {Failure(e)}.", cancellationToken);
                break;
            case ReleaseAction.Update:
                log.Information("Updating release {Tag}: {Changes}", tag, string.Join(", ", plan.ReleaseChanges));
                release = await Call(() => github.UpdateAsync(release!.Id, desired), e => $"Updating release {tag} in {repository} failed: {Failure(e)}.", cancellationToken);
                break;
            default:
                log.Information("Release {Tag} is up to date (name, notes, pre-release flag)", tag);
                break;
        }

        await TransferAsync(plan, github, release!, tag, Failure, log, cancellationToken);

        log.Information("Release {Tag}: {Url} ({Uploaded} uploaded, {Replaced} replaced, {Kept} kept)", tag, release!.HtmlUrl ?? "",
            plan.Assets.Count(a => a.Action == AssetAction.Upload), plan.Assets.Count(a => a.Action == AssetAction.Replace), plan.Assets.Count(a => a.Action == AssetAction.Keep));
        return new GitHubReleaseOutcome(tag, repository, release.HtmlUrl, plan);
    }

    /// <summary>Carries out the plan's asset steps in order: delete what is replaced, upload what is missing.</summary>
    private static async Task TransferAsync(ReleasePlan plan, ReleaseApi github, Release release, string tag, Func<Exception, string> failure, ILogger log, CancellationToken cancellationToken)
    {
        var total = plan.Transfers.Count;
        var done = 0;
        foreach (var step in plan.Assets)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (step.Action)
            {
                case AssetAction.Keep:
                    log.Information("{Name}: already attached with the same content", step.Name);
                    continue;
                case AssetAction.LeaveAlone:
                    continue;
                case AssetAction.Replace:
                    log.Information("{Name}: deleting the attached copy ({Reason})", step.Name, step.Reason);
                    await Call(async () => { await github.DeleteAssetAsync(step.Remote!); return true; },
                        e => Interrupted($"Deleting the attached {step.Name} from release {tag} failed: {failure(e)}.", done, total), cancellationToken);
                    break;
            }

            log.Information("{Name}: uploading ({Size} bytes, {ContentType})", step.Name, step.Local!.Size, step.Local.ContentType);
            await Call(() => github.UploadAsync(release, step.Local, cancellationToken),
                e => Interrupted($"Uploading {step.Name} to release {tag} failed: {failure(e)}.", done, total), cancellationToken);
            done++;
        }
    }

    private static string Interrupted(string failure, int done, int total) =>
        $"{failure} {done} of {total} upload(s) had finished. Run GitHubRelease again: it keeps the assets already attached with the same content and uploads the rest.";

    /// <summary>Runs one API call; its failure becomes a <see cref="BuildException"/> worded by <paramref name="message"/>.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> action, Func<Exception, string> message, CancellationToken cancellationToken)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or InvalidOperationException or IOException
                                  || (e is TaskCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested))
        {
            throw new BuildException(message(e), e);
        }
    }

    private static string CheckToken(GitHubReleaseRequest request)
    {
        var token = request.Token.Trim();
        if (token.Length == 0)
            throw new BuildException("GitHubToken is empty. Set it to a token that may write the repository's releases (GITHUB_TOKEN inside GitHub Actions, with permissions: contents: write).");
        if (token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            throw new BuildException("GitHubToken has spaces or line breaks inside it, so it is not a GitHub token. Check how it is set (a secret pasted with extra text?).");
        if (token != request.Token)
            request.AddSecret?.Invoke(token);
        return token;
    }

    private static Uri ResolveApiUrl(string? given)
    {
        var text = string.IsNullOrWhiteSpace(given) ? DefaultApiUrl : given.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
            throw new BuildException($"GitHubApiUrl is '{text}', which is not the address of a GitHub API: give e.g. {DefaultApiUrl} or https://HOST/api/v3 for GitHub Enterprise Server.");
        if (uri.Scheme == "http" && !uri.IsLoopback)
            throw new BuildException($"GitHubApiUrl is '{text}': plain http would send the token unencrypted. Use https (http is accepted for localhost only).");
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/");
    }

    private static Pep440Version ReadVersion(string pyprojectPath)
    {
        var project = PyProject.Load(pyprojectPath);
        if (project.Version is null)
        {
            throw new BuildException(project.Dynamic.Contains("version")
                ? $"{pyprojectPath} declares the version dynamic, so GitHubRelease cannot tell which release to make. Give [project] a static version (BumpVersion keeps it)."
                : $"{pyprojectPath} has no version in [project], so GitHubRelease cannot tell which release to make.");
        }

        return Pep440Version.Parse(project.Version);
    }

    /// <summary>
    /// The notes with a "Plugin API changes" part: CheckPluginApi's changes-VERSION.md when it ran here; else, as in the
    /// release workflow's last job, which runs no plugin code, the committed records compared: plugin-api.json, which
    /// BumpVersion wrote for this release, against the record of the release before in git history. Unchanged, with a
    /// log line, when there is neither.
    /// </summary>
    private static async Task<string> WithPluginApiChangesAsync(string notes, string rootDirectory, string apiDirectory, Pep440Version version, ILogger log,
        CancellationToken cancellationToken)
    {
        var file = ApiGateReport.ChangesFile(AbsolutePath.Create(Path.GetFullPath(apiDirectory)), version.ToString());
        if (file.FileExists())
            return ReleaseNotes.WithPluginApiChanges(notes, File.ReadAllText(file));

        var root = AbsolutePath.Create(Path.GetFullPath(rootDirectory));
        var committed = root / CommittedApi.FileName;
        var recorded = committed.FileExists() ? PluginApiJson.ReadFile(committed) : null;
        if (recorded is null || !Pep440Version.TryParse(recorded.Version, out var recordedVersion) || recordedVersion != version)
        {
            log.Information("The notes get no \"Plugin API changes\" part: CheckPluginApi left no {File}, and {Committed} {Records} (BumpVersion writes it for each release)",
                file.ToString(), CommittedApi.FileName, recorded is null ? "does not exist" : $"records {recorded.Version}, not {version}");
            return notes;
        }

        var (previous, whyNone) = await CommittedSnapshot.FindAsync(root, recorded.Distribution, version, cancellationToken);
        if (previous is null || (Pep440Version.TryParse(previous.Api.Version, out var previousVersion) && previousVersion == version))
        {
            log.Information("{Committed} has no record of a release before {Version} in git history (a first release, or a shallow clone: check out with fetch-depth 0)", CommittedApi.FileName, version.ToString());
            return ReleaseNotes.WithPluginApiChanges(notes, ApiGateReport.FirstReleaseMarkdown(previous is null ? whyNone : $"{CommittedApi.FileName} has no earlier release in git history"));
        }

        var settings = ApiGateSettings.Load(root / PyProjectFile);
        var verdict = ApiGateVerdict.Decide(previousVersion!, version, PluginApiDiff.Compare(previous.Api, recorded), settings);
        log.Information("Plugin API changes for the notes: {Committed} against {Previous}", CommittedApi.FileName, previous.Where);
        return ReleaseNotes.WithPluginApiChanges(notes, ApiGateReport.Markdown(verdict, $"the committed snapshot {previous.Where}"));
    }

    /// <summary>
    /// The release's plugin API as an asset, NAME-VERSION.plugin-api.json: the document CheckPluginApi (or VerifyInstall)
    /// wrote, else the committed plugin-api.json when it records this version; null, with a log line, when neither does.
    /// </summary>
    private static LocalAsset? PluginApiAsset(string rootDirectory, string apiDirectory, Pep440Version version, ILogger log)
    {
        var name = PyProject.Load(Path.Combine(rootDirectory, PyProjectFile)).Name;
        var assetName = $"{ProjectName.Normalise(name ?? "plugin")}-{version}.plugin-api.json";
        var written = name is null ? null : PluginApiLocation.FileFor(AbsolutePath.Create(Path.GetFullPath(apiDirectory)), name, version.ToString());
        if (written is not null && written.FileExists())
            return LocalAsset.FromBytes(assetName, File.ReadAllBytes(written));
        var committed = Path.Combine(rootDirectory, CommittedApi.FileName);
        if (File.Exists(committed) && PluginApiJson.ReadFile(committed) is var api && Pep440Version.TryParse(api.Version, out var recorded) && recorded == version)
            return LocalAsset.FromBytes(assetName, File.ReadAllBytes(committed));
        log.Information("No plugin API document of {Version} (run CheckPluginApi first, or commit plugin-api.json with BumpVersion): the release gets no {Asset}", version.ToString(), assetName);
        return null;
    }

    private static string ReadNotes(string changelogPath, Pep440Version version)
    {
        if (!File.Exists(changelogPath))
        {
            throw new BuildException($"There is no {Changelog.FileName} at {changelogPath}, so release {version} would have no notes. " +
                $"Keep one (https://keepachangelog.com) with a '## [{version}] - YYYY-MM-DD' section; BumpVersion writes that heading.");
        }

        var text = EncodedText.Decode(changelogPath, File.ReadAllBytes(changelogPath)).Text;
        return ReleaseNotes.Extract(text, version, Changelog.FileName);
    }

    /// <summary>The top-level files of dist/ (hidden ones and a stray SHA256SUMS aside); refuses an empty dist/ and distributions of another version.</summary>
    private static List<LocalAsset> ReadDist(string distDirectory, Pep440Version version, string tag, ILogger log)
    {
        var files = Directory.Exists(distDirectory)
            ? Directory.EnumerateFiles(distDirectory).Where(f => !Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal).ToList()
            : [];
        if (files.RemoveAll(f => Path.GetFileName(f) == Sha256Sums.FileName) > 0)
            log.Warning("dist/{File} is ignored: GitHubRelease computes the {File} it attaches from the other files.", Sha256Sums.FileName, Sha256Sums.FileName);
        if (files.Count == 0)
            throw new BuildException($"{distDirectory} has no files to attach to release {tag}: run ./build.sh Build first (in the release workflow, download the build job's dist artifact into dist/).");

        var foreign = files.Select(Path.GetFileName)
            .Where(name => DistributionVersion(name!) is { } found && (!Pep440Version.TryParse(found, out var parsed) || parsed != version))
            .ToList();
        if (foreign.Count > 0)
        {
            throw new BuildException($"dist/ holds distributions that are not version {version}: {string.Join(", ", foreign)}. They do not belong to release {tag}. " +
                "Run ./build.sh Build (it empties dist/ first), or check the version in pyproject.toml.");
        }

        return files.Select(LocalAsset.FromFile).ToList();
    }

    private static string? DistributionVersion(string fileName) =>
        WheelFileName.TryParse(fileName)?.Version ?? SdistFileName.TryParse(fileName)?.Version;

    private static async Task<GitHubRepositoryName> ResolveRepositoryAsync(GitHubReleaseRequest request, Uri apiUrl, ILogger log, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(request.Repository))
            return GitHubRepositoryName.Parse(request.Repository, "GitHubRepository");

        var url = await ReleaseGitQueries.OriginUrlAsync(request.RootDirectory, cancellationToken)
            ?? throw new BuildException("GitHubRepository is not set, and there is no origin remote to take it from. Set it to owner/name " +
                "(--github-repository, or GITHUB_REPOSITORY, which GitHub Actions sets).");
        var remote = GitHubRepositoryName.FromRemoteUrl(url);
        foreach (var credential in remote?.Credentials ?? [])
            request.AddSecret?.Invoke(credential);
        if (remote is null)
        {
            // The URL itself is not shown: it may hold credentials.
            throw new BuildException("GitHubRepository is not set, and the origin remote's URL does not name a GitHub repository " +
                "(https://HOST/owner/name or git@HOST:owner/name.git). Set GitHubRepository to owner/name.");
        }

        log.Information("Repository {Repository} on {Host} (from the origin remote)", remote.Repository.ToString(), remote.Host);
        if (remote.Host != "github.com" && string.IsNullOrWhiteSpace(request.ApiUrl))
        {
            log.Warning("The origin remote is on {Host}, but the API address is {ApiUrl}. For GitHub Enterprise Server set GitHubApiUrl to https://{Host}/api/v3.",
                remote.Host, apiUrl.ToString(), remote.Host);
        }

        return remote.Repository;
    }
}
