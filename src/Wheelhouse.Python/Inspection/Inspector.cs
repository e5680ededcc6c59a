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

    /// <param name="warehouse">What PyPI's Python libraries said about the READMEs; null: not asked (M014, M015 do not run).</param>
    public static InspectionReport Inspect(IReadOnlyList<DistributionInput> inputs, ProjectExpectations project, Readme.WarehouseAnswers? warehouse = null)
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
            MetadataChecks.Run(new MetadataSubject($"{wheel.DistInfo}/METADATA", wheel.Metadata, wheel.FileName?.Name, wheel.FileName?.Version, missing)
            {
                // warehouse looks in {name}-{version}.dist-info/licenses/ with name and version as the file name spells them.
                LicenseFilePrefix = (wheel.FileName is { } n ? $"{n.Name}-{n.Version}.dist-info" : wheel.DistInfo) + "/licenses/",
                HasFile = wheel.ByName.ContainsKey,
            }, project, isPlugin, sink, warehouse);
            PluginChecks.Run(wheel, project, isPlugin, sink);
            LayoutChecks.Run(wheel, sink, project.BuildBackend);
            CrossChecks.Run(wheel, MatchingSdist(wheel, sdists), sink);
        }

        foreach (var sdist in sdists)
        {
            var sink = sinks.First(s => s.File == sdist.Name);
            SdistChecks.Run(sdist, sink, project);
            var missing = sdist.Top == null ? "no top folder (S002)" : sdist.PkgInfoEntry == null ? "no PKG-INFO (S003)" : "PKG-INFO is too large to read";
            var sdistFiles = sdist.Archive.Files.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            MetadataChecks.Run(new MetadataSubject($"{sdist.Top}/PKG-INFO", sdist.PkgInfo, sdist.FileName?.Name, sdist.FileName?.Version, missing)
            {
                LicenseFilePrefix = $"{sdist.Top}/",
                HasFile = sdist.Top == null ? null : sdistFiles.Contains,
            }, project, isPlugin, sink, warehouse);
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

    /// <summary>
    /// What to ask PyPI's Python libraries about these distributions: every README (description and content type), and
    /// the classifiers and license expressions the embedded lists cannot vouch for (a newer list may).
    /// </summary>
    public static (List<Readme.DescriptionToRender> Descriptions, List<string> Classifiers, List<string> Licenses) Questions(IReadOnlyList<DistributionInput> inputs)
    {
        var descriptions = new List<Readme.DescriptionToRender>();
        var classifiers = new List<string>();
        var licenses = new List<string>();
        foreach (var input in inputs)
        {
            if (input.Archive is not { } archive)
                continue;
            // Only the metadata files were kept in memory: find them among the few kept entries, without building the models.
            var wanted = DistributionReader.IsWheel(input.FileName) ? ".dist-info/METADATA" : "/PKG-INFO";
            var text = archive.Entries.FirstOrDefault(e => e.Content != null && e.Name.EndsWith(wanted, StringComparison.Ordinal))?.Text;
            if (text == null)
                continue;
            var metadata = MetadataFile.Parse(text);
            if (PyPIMetadataChecks.DescriptionOf(metadata) is { } description)
            {
                var declared = metadata["Description-Content-Type"];
                if (declared == null || Readme.DescriptionContentType.Problem(declared) == null)
                    descriptions.Add(new Readme.DescriptionToRender(description, declared));
            }

            classifiers.AddRange(metadata.All("Classifier").Where(Vocabulary.TroveClassifiers.IsUnknown));
            if (metadata["License-Expression"] is { } expression && Vocabulary.LicenseExpressions.Canonicalize(expression).Error is { } error
                && error.StartsWith("Unknown license", StringComparison.Ordinal))
                licenses.Add(expression);
        }

        return (descriptions.Distinct().ToList(), classifiers.Distinct(StringComparer.Ordinal).ToList(), licenses.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>The sdist of the wheel's release: same normalised name and version in the file names.</summary>
    private static SdistModel? MatchingSdist(WheelModel wheel, IReadOnlyList<SdistModel> sdists)
    {
        if (wheel.FileName is not { } name)
            return sdists.Count == 1 ? sdists[0] : null;
        return sdists.FirstOrDefault(s => s.FileName is { } sdistName
                                          && ProjectName.Same(sdistName.Name, name.Name)
                                          && WheelModel.SameVersionText(sdistName.Version, name.Version));
    }
}
