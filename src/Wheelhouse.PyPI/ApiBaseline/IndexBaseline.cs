using System.Net;
using System.Security.Cryptography;
using Wheelhouse.Engine;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.PyPI.ApiBaseline;

/// <summary>What the index said about the project's last release.</summary>
public abstract record IndexBaselineAnswer
{
    /// <summary>The wheel of the last release, downloaded and checked against the index's sha256.</summary>
    public sealed record Found(ReleasedWheel Wheel, AbsolutePath File) : IndexBaselineAnswer;

    /// <summary>The index has the project but no earlier release with a wheel, or does not know the project at all.</summary>
    public sealed record NeverReleased(string Why) : IndexBaselineAnswer;

    /// <summary>The index could not be asked (offline, an error): the committed snapshot is the baseline.</summary>
    public sealed record Unreachable(string Why) : IndexBaselineAnswer;
}

/// <summary>
/// The effects of finding the last release on the index the release goes to: its JSON API, then the wheel, whose sha256
/// must be the one the index lists (a wheel that differs is refused: the gate must not compare with a file nobody published).
/// </summary>
public static class IndexBaseline
{
    public static async Task<IndexBaselineAnswer> FetchAsync(
        HttpClient http, PackageIndex index, string project, Pep440Version building, AbsolutePath folder, CancellationToken cancellationToken = default)
    {
        var url = index.ProjectJsonUrl(project);
        string json;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            using var response = await http.GetAsync(url, timeout.Token);
            if (response.StatusCode == HttpStatusCode.NotFound)
                return new IndexBaselineAnswer.NeverReleased($"{index.Name} does not know {project} ({url} answered 404)");
            if (!response.IsSuccessStatusCode)
                return new IndexBaselineAnswer.Unreachable($"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            json = await response.Content.ReadAsStringAsync(timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new IndexBaselineAnswer.Unreachable($"{url} could not be reached ({e.Message})");
        }

        var wheel = PreviousRelease.Choose(json, building, url);
        if (wheel is null)
            return new IndexBaselineAnswer.NeverReleased($"{index.Name} lists no release of {project} below {building} with a wheel");
        return new IndexBaselineAnswer.Found(wheel, await DownloadAsync(http, wheel, folder, cancellationToken));
    }

    /// <summary>Downloads the wheel into <paramref name="folder"/>, checking its sha256 as it streams; a mismatch leaves nothing behind.</summary>
    public static async Task<AbsolutePath> DownloadAsync(HttpClient http, ReleasedWheel wheel, AbsolutePath folder, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        var target = folder / wheel.FileName;
        var partial = AbsolutePath.Create(target + ".partial");
        try
        {
            using var response = await http.GetAsync(wheel.Url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new BuildException($"Downloading {wheel.FileName} of release {wheel.Version} from {wheel.Url} failed: {(int)response.StatusCode} {response.ReasonPhrase}. Run again, or commit plugin-api.json to compare without the index.");
            await using (var file = File.Create(partial))
            await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
                if (sha256 != wheel.Sha256)
                    throw new BuildException(
                        $"{wheel.FileName} downloaded from {wheel.Url} has sha256 {sha256}, but the index lists {wheel.Sha256}: the file is not the one that was published, " +
                        "so it is not used as the API baseline. Check the index (or a proxy between), then run again.");
            }

            File.Move(partial, target, overwrite: true);
            return target;
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
