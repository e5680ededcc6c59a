namespace Wheelhouse.Python.Inspection;

/// <summary>One file of dist/ as read: its archive, or why it was refused; neither for a file that is not a distribution.</summary>
public sealed record DistributionInput(string FileName, long Size, DistributionArchive? Archive = null, ArchiveRefusedException? Refusal = null);

/// <summary>Runs every check over distributions already read; no file system, no output.</summary>
public static class Inspector
{
    public const string SettingsLabel = "pyproject.toml";

    /// <summary>Which entries' contents the checks parse: a wheel's top-level .dist-info files; an sdist's PKG-INFO and pyproject.toml.</summary>
    public static Func<string, bool> ContentToKeep(string fileName) => DistributionReader.IsWheel(fileName)
        ? name => name.IndexOf('/') is var slash and > 0 && name.IndexOf('/', slash + 1) < 0 && name.AsSpan(0, slash).EndsWith(".dist-info", StringComparison.Ordinal)
        : name => name.IndexOf('/') is var slash and > 0 && name[(slash + 1)..] is "PKG-INFO" or "pyproject.toml";

    public static InspectionReport Inspect(IReadOnlyList<DistributionInput> inputs, ProjectExpectations project)
    {
        var sinks = new List<FindingSink>();
        var files = new List<InspectedFile>();
        var wheels = new List<(WheelModel Model, FindingSink Sink)>();
        var sdists = new List<SdistModel>();

        foreach (var input in inputs.OrderBy(i => i.FileName, StringComparer.Ordinal))
        {
            var isWheel = DistributionReader.IsWheel(input.FileName);
            var kind = isWheel ? "wheel" : DistributionReader.IsSdist(input.FileName) ? "sdist" : "other";
            files.Add(new InspectedFile(input.FileName, kind, input.Size, input.Archive?.Entries.Count ?? 0, input.Refusal?.Check.Id));
            if (kind == "other")
                continue;
            if (input.Archive is not { } archive)
            {
                // Only the refusal is known: nothing else was read, so nothing else is claimed.
                var refused = new FindingSink(input.FileName, []);
                refused.Add(input.Refusal?.Check ?? Checks.A001, input.Refusal?.Message ?? $"{input.FileName} could not be read.");
                sinks.Add(refused);
                continue;
            }

            var sink = new FindingSink(input.FileName, isWheel ? Checks.ForWheel : Checks.ForSdist);
            sinks.Add(sink);
            if (isWheel)
                wheels.Add((new WheelModel(archive), sink));
            else
                sdists.Add(new SdistModel(archive));
        }

        var isPlugin = project.DeclaresPytestPlugin || wheels.Any(w => PluginChecks.IsPytestPlugin(w.Model, project));
        foreach (var (wheel, sink) in wheels)
        {
            WheelChecks.Structure(wheel, sink);
            WheelChecks.Record(wheel, sink);
            var missing = wheel.DistInfo == null ? "no .dist-info folder (W003)" : wheel.MetadataEntry == null ? "no METADATA (W004)" : "METADATA is too large to read";
            MetadataChecks.Run(new MetadataSubject($"{wheel.DistInfo}/METADATA", wheel.Metadata, wheel.FileName?.Name, wheel.FileName?.Version, missing), project, isPlugin, sink);
            PluginChecks.Run(wheel, project, isPlugin, sink);
            LayoutChecks.Run(wheel, sink, project.BuildBackend);
            CrossChecks.Run(wheel, MatchingSdist(wheel, sdists), sink);
        }

        foreach (var sdist in sdists)
        {
            var sink = sinks.First(s => s.File == sdist.Name);
            SdistChecks.Run(sdist, sink, project);
            var missing = sdist.Top == null ? "no top folder (S002)" : sdist.PkgInfoEntry == null ? "no PKG-INFO (S003)" : "PKG-INFO is too large to read";
            MetadataChecks.Run(new MetadataSubject($"{sdist.Top}/PKG-INFO", sdist.PkgInfo, sdist.FileName?.Name, sdist.FileName?.Version, missing), project, isPlugin, sink);
        }

        var dist = new FindingSink(DistChecks.DistLabel, [Checks.D001, Checks.D002, Checks.D003, Checks.D004]);
        DistChecks.Run(inputs.Select(i => i.FileName).ToList(), dist);
        sinks.Add(dist);
        var settings = new FindingSink(SettingsLabel, [Checks.C001]);
        DistChecks.Settings(project.Ignore, settings);
        sinks.Add(settings);

        var ignored = project.Ignore.Select(i => i.Trim().ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        return new InspectionReport(files, sinks.SelectMany(s => s.Outcomes(ignored)).ToList(), project.ReleaseTag);
    }

    /// <summary>The sdist of the wheel's release: same normalised name and version in the file names.</summary>
    private static SdistModel? MatchingSdist(WheelModel wheel, IReadOnlyList<SdistModel> sdists)
    {
        if (wheel.FileName is not { } name)
            return sdists.Count == 1 ? sdists[0] : null;
        return sdists.FirstOrDefault(s => s.FileName is { } sdistName
                                          && DistributionNames.SameName(sdistName.Name, name.Name)
                                          && WheelModel.SameVersionText(sdistName.Version, name.Version));
    }
}
