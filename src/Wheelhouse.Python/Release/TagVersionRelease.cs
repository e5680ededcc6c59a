using Wheelhouse.Engine;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Release;

/// <summary>
/// The release plan of a project whose version is the last git tag (setuptools-scm, hatch-vcs, versioningit, …):
/// the current version is the highest release tag reachable from HEAD (0.0.0 when there is none), the next one
/// follows the same bump rules, and the release is the changelog's commit (when there is one) plus the tag.
/// pyproject.toml and __version__ are left alone: no file holds the version, so none can disagree with the tag.
/// </summary>
internal static class TagVersionRelease
{
    public static ReleasePlan Plan(string root, BumpRequest request, VersionSource source, ReleaseTagHistory tags)
    {
        var format = request.TagFormat;
        var warnings = new List<string>();
        var last = ReleaseTag.Latest(format, tags.Reachable);
        var from = last?.Version ?? new Pep440Version(0, [0, 0, 0]);
        if (last is null)
        {
            var others = tags.Reachable.Take(5).ToList();
            var hint = others.Count == 0 ? ""
                : $" The tags reachable from HEAD ({string.Join(", ", others)}{(tags.Reachable.Count > 5 ? ", …" : "")}) do not have that form: if they are the releases, pass --tag-format to match them.";
            warnings.Add($"No release tag of the form {format} is reachable from HEAD, so the version counts from 0.0.0.{hint}");
        }

        // A higher release on another branch is not where this work comes from, but the user should know of it.
        var elsewhere = ReleaseTag.Latest(format, tags.All.Except(tags.Reachable, StringComparer.Ordinal));
        if (elsewhere is { } other && other.Version > from)
            warnings.Add($"The tag {other.Tag} names a higher version than {last?.Tag ?? "any tag reachable from HEAD"}, but HEAD does not descend from it (it is on another branch), so the version counts from {from}.");

        var notes = new List<string>();
        var to = VersionRelease.NextVersion(from, request, warnings, notes);
        var tag = ReleaseTag.Format(format, to);
        var changes = new List<FileChange>();
        if (VersionRelease.ChangelogChange(root, request, to, warnings) is { } changelog)
            changes.Add(changelog);
        VersionRelease.AddPluginApi(root, request, to, changes, warnings, notes);

        if (changes.Count == 0 && tags.AtHead.FirstOrDefault(t => ReleaseTag.TryParse(format, t, out _)) is { } headTag)
        {
            throw new BuildException(
                $"HEAD is already the release {headTag}, and releasing {to} would change no file (there is no {Changelog.FileName} to promote), so {tag} would tag the same commit and one build would carry two versions. " +
                "Commit what the new release should hold first, then run BumpVersion again.");
        }

        if (StaleVersionLiteral(root, source) is { } stale)
            warnings.Add(stale);

        var previous = last is null ? "no earlier release tag" : $"the last release tag was {last.Value.Tag}";
        return new ReleasePlan(from, to, tag, $"Release {to}",
            $"Bump version: {from} → {to} (the tag {tag} is the version, read by {source.Tool}; {previous})", changes, warnings, source) { Notes = notes };
    }

    /// <summary>A literal __version__ in the package cannot follow the tag: say so, since BumpVersion leaves it alone.</summary>
    private static string? StaleVersionLiteral(string root, VersionSource source)
    {
        var pyproject = Path.Combine(root, VersionRelease.PyProjectFile);
        var name = File.Exists(pyproject) ? PyProject.Load(pyproject).Name : null;
        if (InitVersionFile.Locate(root, name) is not { } init || InitVersionFile.Read(File.ReadAllText(init)) is not { } stated)
            return null;
        return $"{Path.GetRelativePath(root, init)} says __version__ = \"{stated}\", which BumpVersion leaves alone: the version comes from {source.Description}, so that literal will not follow the releases. " +
               $"Read it from the installed metadata instead: __version__ = importlib.metadata.version(\"{name}\").";
    }
}
