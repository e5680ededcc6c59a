namespace Wheelhouse.GitHub.Releases;

/// <summary>The release as it should be.</summary>
/// <param name="TargetCommitish">The commit GitHub tags when the tag does not exist there yet; null lets GitHub use the default branch.</param>
public sealed record DesiredRelease(string Tag, string Name, string Body, bool Prerelease, string? TargetCommitish = null);

/// <summary>The release as GitHub has it (the fields this target manages).</summary>
public sealed record ExistingRelease(long Id, string? Name, string? Body, bool Prerelease, string? HtmlUrl = null);

public enum ReleaseAction { Create, Update, Unchanged }

public enum AssetAction
{
    /// <summary>On the release with the same content: nothing to do.</summary>
    Keep,
    /// <summary>Not on the release yet.</summary>
    Upload,
    /// <summary>On the release under the same name with other content, or left unfinished: delete it, then upload.</summary>
    Replace,
    /// <summary>On the release but not in dist/: not ours to delete.</summary>
    LeaveAlone,
}

public sealed record AssetStep(AssetAction Action, string Name, LocalAsset? Local, RemoteAsset? Remote, string Reason);

/// <summary>Everything GitHubRelease will do, decided before it changes anything.</summary>
/// <param name="ReleaseChanges">For an update, what differs ("name", "notes", "pre-release flag").</param>
public sealed record ReleasePlan(ReleaseAction Release, IReadOnlyList<string> ReleaseChanges, IReadOnlyList<AssetStep> Assets, IReadOnlyList<string> Warnings)
{
    public IReadOnlyList<AssetStep> Transfers => Assets.Where(a => a.Action is AssetAction.Upload or AssetAction.Replace).ToList();
}

/// <summary>
/// Decides what to create, update, upload and delete from the desired release, the one GitHub has (if any),
/// the local files and the assets already attached. Pure: the caller fetches what it needs and carries the plan out.
/// An asset counts as the same when its name, size and SHA-256 match; the SHA-256 comes from the API's
/// <c>digest</c> field, or, where the API gives none, from the downloaded content the caller passes in.
/// </summary>
public static class ReleasePlanner
{
    /// <summary>The attached assets whose content must be downloaded to compare them: a local namesake of the same size, and no SHA-256 digest from the API.</summary>
    public static IReadOnlyList<RemoteAsset> ContentNeeded(IReadOnlyList<LocalAsset> local, IReadOnlyList<RemoteAsset> remote)
    {
        var sizes = local.ToDictionary(l => l.Name, l => l.Size, StringComparer.Ordinal);
        return remote
            .Where(r => r.IsUploaded && r.Sha256 is null && sizes.TryGetValue(r.Name, out var size) && size == r.Size)
            .ToList();
    }

    /// <param name="downloadedSha256">SHA-256 (lower-case hex) of downloaded assets, by asset id: what <see cref="ContentNeeded"/> asked for.</param>
    public static ReleasePlan Plan(
        DesiredRelease desired,
        ExistingRelease? existing,
        IReadOnlyList<LocalAsset> local,
        IReadOnlyList<RemoteAsset> remote,
        IReadOnlyDictionary<int, string>? downloadedSha256 = null)
    {
        downloadedSha256 ??= new Dictionary<int, string>();
        var warnings = new List<string>();

        var changes = new List<string>();
        if (existing is not null)
        {
            if (!string.Equals(existing.Name ?? "", desired.Name, StringComparison.Ordinal))
                changes.Add("name");
            if (Normalise(existing.Body) != Normalise(desired.Body))
                changes.Add("notes");
            if (existing.Prerelease != desired.Prerelease)
                changes.Add("pre-release flag");
        }

        var action = existing is null ? ReleaseAction.Create : changes.Count > 0 ? ReleaseAction.Update : ReleaseAction.Unchanged;

        var steps = new List<AssetStep>();
        var byName = remote.GroupBy(r => r.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var file in Ordered(local))
        {
            if (!byName.TryGetValue(file.Name, out var attached))
            {
                steps.Add(new AssetStep(AssetAction.Upload, file.Name, file, null, "new"));
                continue;
            }

            if (!attached.IsUploaded)
            {
                steps.Add(new AssetStep(AssetAction.Replace, file.Name, file, attached, $"left unfinished by an interrupted upload (state '{attached.State}')"));
                warnings.Add($"{file.Name} on the release was left unfinished by an interrupted upload (state '{attached.State}'); it is deleted and uploaded again.");
                continue;
            }

            var theirs = attached.Size != file.Size ? null : attached.Sha256 ?? downloadedSha256.GetValueOrDefault(attached.Id);
            if (attached.Size == file.Size && theirs is null)
                throw new InvalidOperationException($"The content of asset {attached.Name} (id {attached.Id}) is needed to compare it; download it first (ReleasePlanner.ContentNeeded).");
            if (attached.Size == file.Size && string.Equals(theirs, file.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                steps.Add(new AssetStep(AssetAction.Keep, file.Name, file, attached, "same content"));
                continue;
            }

            var difference = attached.Size != file.Size
                ? $"{attached.Size} bytes on the release, {file.Size} here"
                : $"sha256 {theirs} on the release, {file.Sha256} here";
            steps.Add(new AssetStep(AssetAction.Replace, file.Name, file, attached, $"different content ({difference})"));
            warnings.Add($"{file.Name} on the release has different content ({difference}); it is replaced by the file from dist/.");
        }

        var localNames = local.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var stranger in remote.Where(r => !localNames.Contains(r.Name)).OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            steps.Add(new AssetStep(AssetAction.LeaveAlone, stranger.Name, null, stranger, "not in dist/"));
            warnings.Add($"{stranger.Name} is attached to release {desired.Tag} but is not in dist/; it was left as it is. Delete it on GitHub if it does not belong to this release.");
        }

        return new ReleasePlan(action, changes, steps, warnings);
    }

    /// <summary>The distributions by name, then SHA256SUMS, so that it is attached after the files it lists.</summary>
    private static IEnumerable<LocalAsset> Ordered(IEnumerable<LocalAsset> local) =>
        local.OrderBy(l => l.Name == Sha256Sums.FileName).ThenBy(l => l.Name, StringComparer.Ordinal);

    private static string Normalise(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
}
