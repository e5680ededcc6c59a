using System.Text.Json;
using Wheelhouse.Python.Inspection;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.PyPI.ApiBaseline;

/// <summary>A released wheel the API of the last release is read from: its version, file, URL and the index's sha256.</summary>
public sealed record ReleasedWheel(string Version, string FileName, Uri Url, string Sha256);

/// <summary>
/// Picks, from a project's JSON API document (<c>/pypi/&lt;name&gt;/json</c>, its <c>releases</c>), the release the
/// gate compares with: the newest final release below the one being built that is not yanked and has a wheel (a
/// pure-Python one preferred); the newest pre-release below it only when there is no final one. Pure.
/// </summary>
public static class PreviousRelease
{
    public static ReleasedWheel? Choose(string projectJson, Pep440Version building, Uri documentUrl)
    {
        using var document = JsonDocument.Parse(projectJson);
        if (!document.RootElement.TryGetProperty("releases", out var releases) || releases.ValueKind != JsonValueKind.Object)
            return null;

        var candidates = new List<(Pep440Version Version, ReleasedWheel Wheel)>();
        foreach (var release in releases.EnumerateObject())
        {
            if (!Pep440Version.TryParse(release.Name, out var version) || version.CompareTo(building) >= 0 || release.Value.ValueKind != JsonValueKind.Array)
                continue;
            var wheels = release.Value.EnumerateArray()
                .Where(f => !(f.TryGetProperty("yanked", out var y) && y.ValueKind == JsonValueKind.True))
                .Select(f => (Name: Text(f, "filename"), Url: Text(f, "url"), Sha: f.TryGetProperty("digests", out var d) ? Text(d, "sha256") : null))
                .Where(f => f.Name != null && f.Url != null && f.Sha != null && WheelFileName.TryParse(f.Name) != null)
                .OrderByDescending(f => f.Name!.EndsWith("-none-any.whl", StringComparison.Ordinal))
                .ThenBy(f => f.Name, StringComparer.Ordinal)
                .ToList();
            if (wheels.Count > 0)
                candidates.Add((version, new ReleasedWheel(release.Name, wheels[0].Name!, new Uri(documentUrl, wheels[0].Url!), wheels[0].Sha!.ToLowerInvariant())));
        }

        var finals = candidates.Where(c => !c.Version.IsPreRelease).ToList();
        return (finals.Count > 0 ? finals : candidates).OrderByDescending(c => c.Version).Select(c => c.Wheel).FirstOrDefault();
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
