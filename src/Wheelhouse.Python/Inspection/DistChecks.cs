namespace Wheelhouse.Python.Inspection;

/// <summary>Checks on dist/ as a whole (D) and on the inspection's settings (C).</summary>
public static class DistChecks
{
    public const string DistLabel = "dist/";

    public static void Run(IReadOnlyList<string> fileNames, FindingSink sink)
    {
        var wheels = fileNames.Where(DistributionReader.IsWheel).ToList();
        var sdists = fileNames.Where(DistributionReader.IsSdist).ToList();
        foreach (var other in fileNames.Except(wheels).Except(sdists).Order(StringComparer.Ordinal))
        {
            var legacy = other.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) || other.EndsWith(".tar.bz2", StringComparison.OrdinalIgnoreCase) || other.EndsWith(".egg", StringComparison.OrdinalIgnoreCase);
            sink.Add(Checks.D001, legacy
                ? $"{other} is a distribution format PyPI no longer accepts (only .whl and .tar.gz); delete it from dist/."
                : $"{other} is neither a wheel nor an sdist; an upload of dist/* would send it too: delete it from dist/ (./build.sh Build starts from an empty dist/).");
        }

        var releases = wheels.Select(w => WheelFileName.TryParse(w) is { } n ? (n.Name, n.Version) : ((string, string)?)null)
            .Concat(sdists.Select(s => SdistFileName.TryParse(s) is { } n ? (n.Name, n.Version) : ((string, string)?)null))
            .OfType<(string Name, string Version)>()
            .Select(r => $"{ProjectName.Normalise(r.Name)} {DistributionNames.CanonicalVersion(r.Version) ?? r.Version}")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (releases.Count > 1)
            sink.Add(Checks.D002, $"dist/ holds {releases.Count} releases ({string.Join(", ", releases)}); an upload would publish all of them: run ./build.sh Build, which empties dist/ first.");

        if (wheels.Count == 0)
            sink.Add(Checks.D003, "dist/ has no wheel; users would build from the sdist on every install: run ./build.sh Build.");
        if (sdists.Count == 0)
            sink.Add(Checks.D004, "dist/ has no sdist; without one, nobody can rebuild the release from source and the X checks do not run: run ./build.sh Build.");
    }

    public static void Settings(IReadOnlyList<string> ignore, FindingSink sink)
    {
        foreach (var id in ignore)
        {
            var check = Checks.Find(id);
            if (check == null)
                sink.Add(Checks.C001, $"[{ProjectExpectations.SettingsTable}] ignore lists '{id}', which is not a check ID (A001-A006, D001-D004, C001, W001-W011, R001-R008, M001-M015, P001-P003, L001-L006, S001-S007, X001-X003); fix or remove it.");
            else if (!check.CanBeIgnored)
                sink.Add(Checks.C001, $"[{ProjectExpectations.SettingsTable}] ignore lists {check.Id}, an archive safety check that cannot be silenced; remove it.");
        }
    }
}
