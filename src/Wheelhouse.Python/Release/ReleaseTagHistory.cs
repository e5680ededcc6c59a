namespace Wheelhouse.Python.Release;

/// <summary>The tags of a repository as BumpVersion needs them for a tag-versioned project.</summary>
/// <param name="All">Every tag (git tag --list).</param>
/// <param name="Reachable">The tags reachable from HEAD (git tag --merged HEAD): the releases this work descends from.</param>
/// <param name="AtHead">The tags on HEAD itself (git tag --points-at HEAD).</param>
public sealed record ReleaseTagHistory(IReadOnlyList<string> All, IReadOnlyList<string> Reachable, IReadOnlyList<string> AtHead);
