using System.Text;
using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Python.ApiGate;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Release;

/// <summary>What BumpVersion was asked to do: bumps or an explicit version (exactly one of them), and how.</summary>
public sealed record BumpRequest(
    IReadOnlyList<BumpKind> Bumps,
    string? NewVersion,
    bool AllowDirty = false,
    bool DryRun = false,
    string TagFormat = ReleaseTag.DefaultFormat,
    DateOnly? Today = null)
{
    /// <summary>
    /// The plugin API the release carries (the source tree's, the last release's): needed by <c>--bump auto</c>; when given,
    /// plugin-api.json is written and committed with the release and the changelog is checked for its breaking changes.
    /// </summary>
    public ReleasePluginApi? PluginApi { get; init; }
}

/// <summary>Everything a release will change, computed before anything is written.</summary>
/// <param name="From">The current version: pyproject.toml's, or the last release tag's (0.0.0 when there is none) for a tag-versioned project.</param>
/// <param name="Source">Where the project's version comes from; for <see cref="VersionOrigin.VcsTag"/> the tag is the version and no version file changes.</param>
public sealed record ReleasePlan(
    Pep440Version From,
    Pep440Version To,
    string Tag,
    string CommitSubject,
    string CommitBody,
    IReadOnlyList<FileChange> Changes,
    IReadOnlyList<string> Warnings,
    VersionSource Source)
{
    /// <summary>What the plan decided that the user should read but need not act on: the plugin API's changes, what --bump auto picked.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The changes as one unified diff (a/ and b/ prefixes, as git prints them).</summary>
    public string Diff()
    {
        var diff = new StringBuilder();
        foreach (var change in Changes)
        {
            var path = change.RelativePath.Replace('\\', '/');
            diff.Append(UnifiedDiff.Create(Text(change.Before), Text(change.After), $"a/{path}", $"b/{path}"));
        }

        return diff.ToString();
    }

    private static string Text(byte[] bytes) => new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF');
}

/// <summary>
/// BumpVersion: computes the new version (uv's bump rules or an explicit version), the new pyproject.toml,
/// __init__.py and CHANGELOG.md, then commits exactly those files and makes an annotated tag, undoing
/// everything if a step fails. A dry run prints the diff and writes nothing. When the version comes from git
/// tags (setuptools-scm, hatch-vcs, …), the new version counts from the last release tag, only the changelog
/// is committed, and the tag is the release (see <see cref="TagVersionRelease"/>).
/// </summary>
public static class VersionRelease
{
    public const string PyProjectFile = "pyproject.toml";

    /// <summary>
    /// Reads the project and computes every change; writes nothing. User errors are <see cref="BuildException"/>s.
    /// <paramref name="tags"/> is needed only when the version comes from git tags (<see cref="PlanAsync"/> reads it).
    /// </summary>
    public static ReleasePlan Plan(string root, BumpRequest request, ReleaseTagHistory? tags = null)
    {
        CheckRequest(request);
        var source = VersionSourceDetection.Read(root);
        if (!source.IsVcsTag)
            return PlanFileVersion(root, request, source);
        return TagVersionRelease.Plan(root, request, source,
            tags ?? throw new InvalidOperationException($"The version of {root} comes from {source.Description}: pass the repository's tags (ReleaseGit.TagHistoryAsync), or call PlanAsync."));
    }

    /// <summary><see cref="Plan"/>, reading the tags with git first when the version comes from them.</summary>
    public static async Task<ReleasePlan> PlanAsync(string root, BumpRequest request, CancellationToken cancellationToken = default)
    {
        CheckRequest(request);
        var source = VersionSourceDetection.Read(root);
        if (!source.IsVcsTag)
            return PlanFileVersion(root, request, source);
        var tags = await ReleaseGit.TagHistoryAsync(root, cancellationToken)
            ?? throw new BuildException(
                $"{root} is not in a git repository, but the version of this project comes from {source.Description}, declared by {source.Evidence}. " +
                "BumpVersion counts from the last release tag, so it needs the repository: run 'git init' and commit the project (and tag its last release, e.g. git tag -a v0.1.0 -m 'Release 0.1.0', if it has one).");
        return TagVersionRelease.Plan(root, request, source, tags);
    }

    /// <summary>
    /// The version a bump counts from: the static version where the backend reads it (pyproject.toml, setup.cfg), or for a tag-versioned project the highest release tag reachable
    /// from HEAD (0.0.0 when there is none, or outside git: the plan then says what is wrong).
    /// </summary>
    public static async Task<Pep440Version> CurrentVersionAsync(string root, string tagFormat, CancellationToken cancellationToken = default)
    {
        var source = VersionSourceDetection.Read(root);
        if (!source.IsVcsTag)
            return VersionFile.Read(root, source).Version;

        var tags = await ReleaseGit.TagHistoryAsync(root, cancellationToken);
        return (tags is null ? null : ReleaseTag.Latest(tagFormat, tags.Reachable)?.Version) ?? new Pep440Version(0, [0, 0, 0]);
    }

    private static void CheckRequest(BumpRequest request)
    {
        var hasBumps = request.Bumps.Count > 0;
        var hasNew = !string.IsNullOrWhiteSpace(request.NewVersion);
        if (hasBumps == hasNew)
        {
            throw new BuildException(hasBumps
                ? $"Pass either --bump or --new-version, not both (got --bump {string.Join(" --bump ", request.Bumps.Select(VersionBump.Name))} and --new-version {request.NewVersion})."
                : "BumpVersion needs --bump KIND (major, minor, patch, stable, alpha, beta, rc, post, dev; several like --bump major --bump rc) or --new-version X.Y.Z.");
        }

        ReleaseTag.Validate(request.TagFormat);
        if (request.Bumps.Contains(BumpKind.Auto) && request.PluginApi is null)
            throw new BuildException("--bump auto needs the plugin API of the source tree and of the last release, which the build reads when it has the CheckPluginApi component. Pass --bump major, minor or patch instead.");
    }

    /// <summary>The bumped or explicit version, with the warnings of an explicit one; --bump auto becomes the release bump the plugin API needs.</summary>
    internal static Pep440Version NextVersion(Pep440Version from, BumpRequest request, List<string> warnings, List<string> notes)
    {
        if (request.Bumps.Contains(BumpKind.Auto))
        {
            if (VersionBump.CombinationError(request.Bumps) is { } error)
                throw new BuildException(error);
            var others = request.Bumps.Where(b => b != BumpKind.Auto).ToList();
            var kind = request.PluginApi!.AutoBump(from, others);
            var next = VersionBump.Apply(from, [kind, .. others]);
            var verdict = request.PluginApi.Verdict(next)!;
            notes.Add($"--bump auto is --bump {VersionBump.Name(kind)}: against {request.PluginApi.BaselineDescription}, {ApiGateReport.Why(verdict, request.PluginApi.Settings)} ({from} → {next}).");
            return next;
        }

        if (request.Bumps.Count > 0)
            return VersionBump.Apply(from, request.Bumps);
        var to = VersionBump.SetExplicit(from, request.NewVersion!, out var explicitWarnings);
        warnings.AddRange(explicitWarnings);
        return to;
    }

    /// <summary>CHANGELOG.md with its Unreleased section promoted to <paramref name="to"/>; null when it does not change (a missing file is a warning).</summary>
    internal static FileChange? ChangelogChange(string root, BumpRequest request, Pep440Version to, List<string> warnings)
    {
        var changelogPath = Path.Combine(root, Changelog.FileName);
        if (!File.Exists(changelogPath))
        {
            warnings.Add($"There is no {Changelog.FileName}, so no release notes were written. Keep one (https://keepachangelog.com) to have BumpVersion promote its Unreleased section.");
            return null;
        }

        var bytes = File.ReadAllBytes(changelogPath);
        var content = EncodedText.Decode(changelogPath, bytes);
        var today = request.Today ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var promotion = Changelog.Promote(content.Text, to, today, request.TagFormat);
        warnings.AddRange(promotion.Warnings);
        return promotion.Text == content.Text ? null : new FileChange(Changelog.FileName, bytes, content.WithText(promotion.Text).Encode());
    }

    /// <summary>
    /// What the plugin API adds to the release: plugin-api.json with the new version (like PublicAPI.Shipped.txt), the
    /// changes as notes, a warning when the version bumps less than they need (CheckPluginApi would refuse to publish it),
    /// and one for each breaking change the changelog's Unreleased section does not name under Removed or Changed.
    /// </summary>
    internal static void AddPluginApi(string root, BumpRequest request, Pep440Version to, List<FileChange> changes, List<string> warnings, List<string> notes)
    {
        if (request.PluginApi is not { } api)
            return;
        if (api.Verdict(to) is { } verdict)
        {
            notes.AddRange(ApiGateReport.LogLines(verdict, api.Settings, api.BaselineDescription));
            if (!verdict.Passes)
                warnings.Add($"{ApiGateReport.Made(verdict)}, but against {api.BaselineDescription} {ApiGateReport.Why(verdict, api.Settings)}: " +
                    $"CheckPluginApi will refuse to publish {to}. The smallest right version is {verdict.SmallestRight} (--bump auto picks it).");
        }
        else
        {
            notes.Add($"The plugin API has nothing to be compared with ({api.BaselineDescription}): {to} is its first release on record.");
        }

        var changelog = Path.Combine(root, Changelog.FileName);
        if (File.Exists(changelog))
        {
            var text = EncodedText.Decode(changelog, File.ReadAllBytes(changelog)).Text;
            foreach (var missing in UnreleasedMentions.Missing(text, api.Changes))
                warnings.Add($"The breaking plugin API change {missing.Id} ({missing.Text}) is not mentioned in {Changelog.FileName}: name '{missing.Item}' under " +
                    $"### Removed or ### Changed of ## [Unreleased], so users learn about it before they upgrade.");
        }

        var path = Path.Combine(root, CommittedApi.FileName);
        var exists = File.Exists(path);
        var before = exists ? File.ReadAllBytes(path) : [];
        var after = api.Document(to);
        if (!exists || !before.AsSpan().SequenceEqual(after))
            changes.Add(new FileChange(CommittedApi.FileName, before, after) { IsNew = !exists });
    }

    /// <summary>
    /// A static version: the file that holds it (pyproject.toml's project.version or tool.poetry.version, or setup.cfg's
    /// [metadata] version), __version__ and the changelog change.
    /// </summary>
    private static ReleasePlan PlanFileVersion(string root, BumpRequest request, VersionSource source)
    {
        var versionFile = VersionFile.Read(root, source);
        var from = versionFile.Version;

        var warnings = new List<string>();
        var notes = new List<string>();
        var to = NextVersion(from, request, warnings, notes);
        var changes = new List<FileChange> { new(versionFile.RelativePath, versionFile.Bytes, versionFile.WithVersion(to)) };

        if (InitVersionFile.Locate(root, versionFile.Name) is { } initPath)
        {
            var bytes = File.ReadAllBytes(initPath);
            var content = EncodedText.Decode(initPath, bytes);
            var relative = Path.GetRelativePath(root, initPath);
            if (InitVersionFile.Read(content.Text) is { } stated)
            {
                if (!Pep440Version.TryParse(stated, out var statedVersion) || statedVersion != from)
                    warnings.Add($"{relative} said __version__ = \"{stated}\" while {versionFile.RelativePath} said {versionFile.VersionText}; both now say {to}.");
                changes.Add(new FileChange(relative, bytes, content.WithText(InitVersionFile.WithVersion(content.Text, to)!).Encode()));
            }
        }

        var tag = ReleaseTag.Format(request.TagFormat, to);
        if (ChangelogChange(root, request, to, warnings) is { } changelog)
            changes.Add(changelog);
        AddPluginApi(root, request, to, changes, warnings, notes);

        return new ReleasePlan(from, to, tag, $"Release {to}", $"Bump version: {from} → {to}", changes, warnings, source) { Notes = notes };
    }

    /// <summary>Plans, checks git, then (unless a dry run) writes, commits and tags. Returns the plan that was carried out (or shown).</summary>
    public static async Task<ReleasePlan> RunAsync(string root, BumpRequest request, CancellationToken cancellationToken = default)
    {
        var plan = await PlanAsync(root, request, cancellationToken);
        foreach (var note in plan.Notes)
            Log.Information("{Note}", note);
        foreach (var warning in plan.Warnings)
            Log.Warning("{Warning}", warning);

        IReadOnlyList<string> problems;
        try
        {
            problems = await ReleaseGit.ProblemsAsync(root, plan.Tag, request.AllowDirty, cancellationToken);
        }
        catch (BuildException e) when (request.DryRun)
        {
            problems = [e.Message]; // git missing: a dry run still shows the diff
        }

        var files = plan.Changes.Count == 0 ? "no file" : string.Join(", ", plan.Changes.Select(c => c.RelativePath));
        var tagNote = plan.Source.IsVcsTag ? $" (the tag is the version: {plan.Source.Tool} reads it; no version file changes)" : "";
        if (request.DryRun)
        {
            Log.Information("Dry run: {From} → {To}; a real run would change {Files}, {Commit} and tag {Tag}{TagNote}. Nothing was written.",
                plan.From.ToString(), plan.To.ToString(), files, plan.Changes.Count == 0 ? "make no commit" : $"commit them as \"{plan.CommitSubject}\"", plan.Tag, tagNote);
            if (plan.Changes.Count > 0)
                Log.Information("{Diff}", plan.Diff().TrimEnd('\n'));
            foreach (var problem in problems)
                Log.Warning("A real run would stop here: {Problem}", problem);
            return plan;
        }

        if (problems.Count > 0)
            throw new BuildException(string.Join(" ", problems));

        var commit = await ReleaseGit.CommitAndTagAsync(root, plan.Changes, plan.CommitSubject, plan.CommitBody, plan.Tag, $"Release {plan.To}", cancellationToken);
        Log.Information("Released {From} → {To}: {Commit}; annotated tag {Tag}{TagNote}. Publish with: git push --follow-tags",
            plan.From.ToString(), plan.To.ToString(), plan.Changes.Count == 0 ? $"no file changed, HEAD {commit} is tagged" : $"commit {commit} changes {files}", plan.Tag, tagNote);
        return plan;
    }

    /// <summary>The file that holds a static version, read; what PlanFileVersion edits.</summary>
    private sealed record VersionFile(string RelativePath, byte[] Bytes, string? Name, Pep440Version Version, string VersionText, Func<Pep440Version, byte[]> WithVersion)
    {
        public static VersionFile Read(string root, VersionSource source)
        {
            if (source.Origin == VersionOrigin.SetupCfg)
            {
                var setupCfgPath = Path.Combine(root, SetupCfgVersionFile.FileName);
                var setupCfgBytes = File.ReadAllBytes(setupCfgPath);
                var setupCfg = SetupCfgVersionFile.Parse(setupCfgPath, setupCfgBytes);
                return new VersionFile(SetupCfgVersionFile.FileName, setupCfgBytes, setupCfg.Name, setupCfg.Version, setupCfg.VersionText, setupCfg.WithVersion);
            }

            var pyprojectPath = Path.Combine(root, PyProjectFile);
            if (!File.Exists(pyprojectPath))
                throw new BuildException($"{pyprojectPath} does not exist. BumpVersion edits the version in the project's pyproject.toml (or setup.cfg's [metadata]).");
            var bytes = File.ReadAllBytes(pyprojectPath);
            var pyproject = PyProjectVersionFile.Parse(pyprojectPath, bytes);
            return new VersionFile(PyProjectFile, bytes, pyproject.Name, pyproject.Version, pyproject.VersionText, pyproject.WithVersion);
        }
    }
}
