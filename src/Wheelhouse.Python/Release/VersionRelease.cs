using System.Text;
using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Release;

/// <summary>What BumpVersion was asked to do: bumps or an explicit version (exactly one of them), and how.</summary>
public sealed record BumpRequest(
    IReadOnlyList<BumpKind> Bumps,
    string? NewVersion,
    bool AllowDirty = false,
    bool DryRun = false,
    string TagFormat = ReleaseTag.DefaultFormat,
    DateOnly? Today = null);

/// <summary>Everything a release will change, computed before anything is written.</summary>
public sealed record ReleasePlan(
    Pep440Version From,
    Pep440Version To,
    string Tag,
    string CommitSubject,
    string CommitBody,
    IReadOnlyList<FileChange> Changes,
    IReadOnlyList<string> Warnings)
{
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
/// everything if a step fails. A dry run prints the diff and writes nothing.
/// </summary>
public static class VersionRelease
{
    public const string PyProjectFile = "pyproject.toml";

    /// <summary>Reads the project and computes every change; writes nothing. User errors are <see cref="BuildException"/>s.</summary>
    public static ReleasePlan Plan(string root, BumpRequest request)
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
        var pyprojectPath = Path.Combine(root, PyProjectFile);
        if (!File.Exists(pyprojectPath))
            throw new BuildException($"{pyprojectPath} does not exist. BumpVersion edits the version in the project's pyproject.toml.");
        var pyprojectBytes = File.ReadAllBytes(pyprojectPath);
        var pyproject = PyProjectVersionFile.Parse(pyprojectPath, pyprojectBytes);
        var from = pyproject.Version;

        var warnings = new List<string>();
        Pep440Version to;
        if (hasBumps)
        {
            to = VersionBump.Apply(from, request.Bumps);
        }
        else
        {
            to = VersionBump.SetExplicit(from, request.NewVersion!, out var explicitWarnings);
            warnings.AddRange(explicitWarnings);
        }

        var changes = new List<FileChange> { new(PyProjectFile, pyprojectBytes, pyproject.WithVersion(to)) };

        if (InitVersionFile.Locate(root, pyproject.Name) is { } initPath)
        {
            var bytes = File.ReadAllBytes(initPath);
            var content = EncodedText.Decode(initPath, bytes);
            var relative = Path.GetRelativePath(root, initPath);
            if (InitVersionFile.Read(content.Text) is { } stated)
            {
                if (!Pep440Version.TryParse(stated, out var statedVersion) || statedVersion != from)
                    warnings.Add($"{relative} said __version__ = \"{stated}\" while {PyProjectFile} said {pyproject.VersionText}; both now say {to}.");
                changes.Add(new FileChange(relative, bytes, content.WithText(InitVersionFile.WithVersion(content.Text, to)!).Encode()));
            }
        }

        var tag = ReleaseTag.Format(request.TagFormat, to);
        var changelogPath = Path.Combine(root, Changelog.FileName);
        if (File.Exists(changelogPath))
        {
            var bytes = File.ReadAllBytes(changelogPath);
            var content = EncodedText.Decode(changelogPath, bytes);
            var today = request.Today ?? DateOnly.FromDateTime(DateTime.UtcNow);
            var promotion = Changelog.Promote(content.Text, to, today, request.TagFormat);
            warnings.AddRange(promotion.Warnings);
            if (promotion.Text != content.Text)
                changes.Add(new FileChange(Changelog.FileName, bytes, content.WithText(promotion.Text).Encode()));
        }
        else
        {
            warnings.Add($"There is no {Changelog.FileName}, so no release notes were written. Keep one (https://keepachangelog.com) to have BumpVersion promote its Unreleased section.");
        }

        return new ReleasePlan(from, to, tag, $"Release {to}", $"Bump version: {from} → {to}", changes, warnings);
    }

    /// <summary>Plans, checks git, then (unless a dry run) writes, commits and tags. Returns the plan that was carried out (or shown).</summary>
    public static async Task<ReleasePlan> RunAsync(string root, BumpRequest request, CancellationToken cancellationToken = default)
    {
        var plan = Plan(root, request);
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

        if (request.DryRun)
        {
            Log.Information("Dry run: {From} → {To}; a real run would change {Files}, commit them as \"{Subject}\" and tag {Tag}. Nothing was written.",
                plan.From.ToString(), plan.To.ToString(), string.Join(", ", plan.Changes.Select(c => c.RelativePath)), plan.CommitSubject, plan.Tag);
            Log.Information("{Diff}", plan.Diff().TrimEnd('\n'));
            foreach (var problem in problems)
                Log.Warning("A real run would stop here: {Problem}", problem);
            return plan;
        }

        if (problems.Count > 0)
            throw new BuildException(string.Join(" ", problems));

        var commit = await ReleaseGit.CommitAndTagAsync(root, plan.Changes, plan.CommitSubject, plan.CommitBody, plan.Tag, $"Release {plan.To}", cancellationToken);
        Log.Information("Released {From} → {To}: commit {Commit} changes {Files}; annotated tag {Tag}. Publish with: git push --follow-tags",
            plan.From.ToString(), plan.To.ToString(), commit, string.Join(", ", plan.Changes.Select(c => c.RelativePath)), plan.Tag);
        return plan;
    }
}
