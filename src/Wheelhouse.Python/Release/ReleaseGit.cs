using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;

namespace Wheelhouse.Python.Release;

/// <summary>A file the release changes: its path relative to the repository root and its bytes before and after.</summary>
public sealed record FileChange(string RelativePath, byte[] Before, byte[] After)
{
    /// <summary>The release creates the file (plugin-api.json at the first release that records it): undoing removes it.</summary>
    public bool IsNew { get; init; }
}

/// <summary>
/// The git half of a release: checks that a commit and a tag can be made, then writes the files, commits
/// exactly them and makes an annotated tag. When a step fails, everything done so far is undone: the
/// commit is reset, the index entries of the files are restored, and the files get their old bytes back.
/// It also reads the tags, for projects whose version is the last release tag.
/// </summary>
public static class ReleaseGit
{
    private const string InstallHint = "BumpVersion commits and tags with git: install it (apt-get install git) and make sure it is on PATH.";

    /// <summary>Why a commit and tag cannot be made here; empty when they can. Only reads the repository.</summary>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(string root, string tag, bool allowDirty, CancellationToken cancellationToken = default)
    {
        if ((await GitAsync(root, ["rev-parse", "--show-toplevel"], cancellationToken, throwOnFailure: false)).ExitCode != 0)
            return [$"{root} is not in a git repository, so the release commit and tag cannot be made. Run 'git init' and commit the project first (--dry-run shows the changes without git)."];

        var problems = new List<string>();
        if ((await GitAsync(root, ["rev-parse", "--verify", "--quiet", "HEAD"], cancellationToken, throwOnFailure: false)).ExitCode != 0)
            problems.Add("The repository has no commit yet. Commit the project once before releasing it.");
        if ((await GitAsync(root, ["var", "GIT_COMMITTER_IDENT"], cancellationToken, throwOnFailure: false)).ExitCode != 0)
            problems.Add("git does not know who you are, so it cannot commit or tag. Set git config user.name and user.email.");
        if ((await GitAsync(root, ["check-ref-format", $"refs/tags/{tag}"], cancellationToken, throwOnFailure: false)).ExitCode != 0)
            problems.Add($"'{tag}' is not a valid git tag name. Change --tag-format.");
        else if ((await GitAsync(root, ["rev-parse", "--verify", "--quiet", $"refs/tags/{tag}"], cancellationToken, throwOnFailure: false)).ExitCode == 0)
            problems.Add($"The tag {tag} exists already. Bump to another version, or delete the tag (git tag -d {tag}) if it was made by mistake and never pushed.");

        if (!allowDirty)
        {
            var status = await GitAsync(root, ["status", "--porcelain", "--untracked-files=normal"], cancellationToken);
            var dirty = status.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(l => l.Length > 3)
                .Select(l => $"{l[..2].Trim()} {l[3..].TrimEnd('\r')}")
                .ToList();
            if (dirty.Count > 0)
            {
                var shown = string.Join(", ", dirty.Take(5));
                var more = dirty.Count > 5 ? $" and {dirty.Count - 5} more" : "";
                problems.Add($"The work tree has uncommitted changes ({shown}{more}). Commit or stash them first, so the release commit holds only the version change, or pass --allow-dirty to release anyway (only the version files are committed).");
            }
        }

        return problems;
    }

    /// <summary>Writes the files, commits them (and nothing else) and makes the annotated tag; on any failure undoes all of it and throws.</summary>
    public static async Task<string> CommitAndTagAsync(
        string root, IReadOnlyList<FileChange> changes, string commitSubject, string commitBody, string tag, string tagMessage, CancellationToken cancellationToken = default)
    {
        var head = (await GitAsync(root, ["rev-parse", "--verify", "HEAD"], cancellationToken)).StandardOutput.Trim();
        var paths = changes.Select(c => c.RelativePath.Replace('\\', '/')).ToList();
        var written = new List<FileChange>();
        var step = "writing the files";
        try
        {
            foreach (var change in changes)
            {
                written.Add(change);
                AtomicFile.WriteAllBytes(Path.Combine(root, change.RelativePath), change.After);
            }

            // A release that changes no file (a tag-versioned project without a changelog) only tags HEAD.
            if (paths.Count > 0)
            {
                step = "git add";
                await GitAsync(root, ["add", "--", .. paths], cancellationToken);
                step = "git commit";
                await GitAsync(root, ["commit", "--quiet", "-m", commitSubject, "-m", commitBody, "--only", "--", .. paths], cancellationToken);
            }

            step = "git tag";
            await GitAsync(root, ["tag", "--annotate", "-m", tagMessage, tag], cancellationToken);
        }
        catch (Exception e)
        {
            var undone = await RollBackAsync(root, head, paths, written);
            var reason = e is OperationCanceledException ? "it was cancelled" : e.Message;
            var outcome = undone
                ? "the files and the repository are as they were before"
                : "undoing it failed too (see the errors above), so check git status and git log";
            throw new BuildException($"The release stopped at {step}, and {outcome}. What failed: {reason}", e);
        }

        return (await GitAsync(root, ["rev-parse", "--short", "HEAD"], cancellationToken)).StandardOutput.Trim();
    }

    /// <summary>The repository's tags: all of them, those reachable from HEAD and those on HEAD; null when <paramref name="root"/> is not in a git repository.</summary>
    public static async Task<ReleaseTagHistory?> TagHistoryAsync(string root, CancellationToken cancellationToken = default)
    {
        if ((await GitAsync(root, ["rev-parse", "--show-toplevel"], cancellationToken, throwOnFailure: false)).ExitCode != 0)
            return null;
        var all = Lines(await GitAsync(root, ["tag", "--list"], cancellationToken));
        if ((await GitAsync(root, ["rev-parse", "--verify", "--quiet", "HEAD"], cancellationToken, throwOnFailure: false)).ExitCode != 0)
            return new ReleaseTagHistory(all, [], []); // no commit yet: nothing is reachable (ProblemsAsync says so)
        var reachable = Lines(await GitAsync(root, ["tag", "--merged", "HEAD"], cancellationToken));
        var atHead = Lines(await GitAsync(root, ["tag", "--points-at", "HEAD"], cancellationToken));
        return new ReleaseTagHistory(all, reachable, atHead);
    }

    private static List<string> Lines(ToolResult result) =>
        result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static async Task<bool> RollBackAsync(string root, string head, IReadOnlyList<string> paths, IReadOnlyList<FileChange> written)
    {
        var ok = true;
        try
        {
            var now = (await GitAsync(root, ["rev-parse", "--verify", "HEAD"], CancellationToken.None)).StandardOutput.Trim();
            if (now != head)
                await GitAsync(root, ["reset", "--quiet", "--soft", head], CancellationToken.None);
            await GitAsync(root, ["reset", "--quiet", head, "--", .. paths], CancellationToken.None, throwOnFailure: false);
        }
        catch (Exception e)
        {
            ok = false;
            Log.Error("Could not undo the release commit ({Error}); reset by hand: git reset --soft {Head}", e.Message, head);
        }

        foreach (var change in written)
        {
            try
            {
                if (change.IsNew)
                    File.Delete(Path.Combine(root, change.RelativePath));
                else
                    AtomicFile.WriteAllBytes(Path.Combine(root, change.RelativePath), change.Before);
            }
            catch (Exception e)
            {
                ok = false;
                Log.Error("Could not restore {File} ({Error}); restore it with git checkout {Head} -- {File}", change.RelativePath, e.Message, head, change.RelativePath);
            }
        }

        return ok;
    }

    private static Task<ToolResult> GitAsync(string root, IEnumerable<string> arguments, CancellationToken cancellationToken, bool throwOnFailure = true) =>
        Git.RunAsync(root, arguments, cancellationToken, throwOnFailure, InstallHint);
}
