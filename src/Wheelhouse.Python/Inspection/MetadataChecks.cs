namespace Wheelhouse.Python.Inspection;

/// <summary>
/// The core metadata of one distribution as the metadata checks see it: the file it came from (METADATA or
/// PKG-INFO, with its path), its parsed headers (null when missing), and the name and version the
/// distribution's file name states (null when that does not parse).
/// </summary>
public sealed record MetadataSubject(string Path, MetadataFile? Metadata, string? FileNameName, string? FileNameVersion, string MissingReason)
{
    /// <summary>Where PyPI looks for each License-File: this prefix and the path (wheel: {name}-{version}.dist-info/licenses/; sdist: its top folder).</summary>
    public string LicenseFilePrefix { get; init; } = "";

    /// <summary>Whether the distribution holds a file of this archive path; null: License-File is not checked.</summary>
    public Func<string, bool>? HasFile { get; init; }
}

/// <summary>Metadata (M) checks, for wheels and sdists alike.</summary>
public static class MetadataChecks
{
    /// <summary>The Metadata-Version values PyPI accepts (there never was a 2.0).</summary>
    public static IReadOnlyList<string> AcceptedMetadataVersions { get; } = ["1.0", "1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "2.5"];

    private static readonly CheckInfo[] All =
        [Checks.M001, Checks.M002, Checks.M003, Checks.M004, Checks.M005, Checks.M006, Checks.M007, Checks.M008, Checks.M009,
         Checks.M010, Checks.M011, Checks.M012, Checks.M013, Checks.M014, Checks.M015];

    /// <param name="warehouse">What PyPI's Python libraries said (README rendering); null: not asked, M014 and M015 do not run.</param>
    public static void Run(MetadataSubject subject, ProjectExpectations project, bool isPytestPlugin, FindingSink sink, Readme.WarehouseAnswers? warehouse = null)
    {
        if (subject.Metadata is not { } metadata)
        {
            sink.Skip(All, subject.MissingReason);
            return;
        }

        var path = subject.Path;
        foreach (var line in metadata.MalformedLines.Take(3))
            sink.Add(Checks.M001, $"{path} has a line that is not 'Key: value' ('{Shorten(line)}'); rebuild with ./build.sh Build.");
        var name = metadata["Name"];
        var version = metadata["Version"];
        var canonical = version == null ? null : DistributionNames.CanonicalVersion(version);
        if (string.IsNullOrWhiteSpace(name))
            sink.Add(Checks.M001, $"{path} has no Name; set the {MetadataDeclaration.Field(project.BuildBackend, "name")} and rebuild.");
        else if (!DistributionNames.IsValidName(name))
            sink.Add(Checks.M001, $"{path} has Name '{name}', which is not a valid project name (letters, digits, '-', '_', '.'); fix the {MetadataDeclaration.Field(project.BuildBackend, "name")} and rebuild.");
        if (string.IsNullOrWhiteSpace(version))
            sink.Add(Checks.M001, $"{path} has no Version; set the {MetadataDeclaration.Field(project.BuildBackend, "version")} (or tag a release, when the version comes from git) and rebuild.");
        else if (canonical == null)
            sink.Add(Checks.M001, $"{path} has Version '{version}', which is not a PEP 440 version (PyPI refuses it); fix the project's version and rebuild.");

        var metadataVersion = metadata["Metadata-Version"];
        if (metadataVersion == null)
            sink.Add(Checks.M002, $"{path} has no Metadata-Version; PyPI refuses it: rebuild with a current build backend.");
        else if (!AcceptedMetadataVersions.Contains(metadataVersion))
            sink.Add(Checks.M002, $"{path} says Metadata-Version {metadataVersion}; PyPI accepts {string.Join(", ", AcceptedMetadataVersions)}: use a build backend that writes one of those.");

        var nameOk = !string.IsNullOrWhiteSpace(name) && DistributionNames.IsValidName(name);
        if (subject.FileNameName == null || subject.FileNameVersion == null)
        {
            sink.Skip([Checks.M003, Checks.M004], "the file name does not parse");
        }
        else
        {
            if (!nameOk)
                sink.Skip(Checks.M003, "no valid Name (M001)");
            else if (!ProjectName.Same(name!, subject.FileNameName))
                sink.Add(Checks.M003, $"{path} says Name '{name}' but the file name says '{subject.FileNameName}'; the file was renamed or comes from another project: rebuild.");
            if (canonical == null)
                sink.Skip(Checks.M004, "no valid Version (M001)");
            else if (DistributionNames.CanonicalVersion(subject.FileNameVersion) != canonical)
                sink.Add(Checks.M004, $"{path} says Version {version} but the file name says {subject.FileNameVersion}; the file was renamed or is stale: rebuild with ./build.sh Build.");
        }

        Project(path, name, nameOk ? name : null, canonical, version, project, sink);
        Tag(path, version, canonical, project, sink);

        if (canonical != null && Versioning.Pep440Version.Parse(canonical).IsLocal)
            sink.Add(Checks.M007, $"{path} has the local version {version}; PyPI refuses local versions (+...): release a public version (./build.sh BumpVersion).");
        else if (canonical == null)
            sink.Skip(Checks.M007, "no valid Version (M001)");

        if (metadata.Has("License") && metadata.Has("License-Expression"))
            sink.Add(Checks.M008, $"{path} has both License and License-Expression; PEP 639 forbids the pair: keep only [project] license = \"<SPDX expression>\" in pyproject.toml (drop the table form) and rebuild.");

        PyPIMetadataChecks.Run(subject, metadata, project, sink, warehouse);

        if (!isPytestPlugin)
            sink.Skip(Checks.M009, "not a pytest plugin (no pytest11 entry point, classifier or pytest- name)");
        else if (!metadata.All("Classifier").Contains(ProjectExpectations.PytestClassifier, StringComparer.Ordinal))
            sink.Add(Checks.M009, $"{path} lacks the classifier '{ProjectExpectations.PytestClassifier}'; pytest's plugin list and PyPI searches find plugins by it: add it to the {MetadataDeclaration.Field(project.BuildBackend, "classifiers")}.");
    }

    private static void Project(string path, string? rawName, string? name, string? canonical, string? version, ProjectExpectations project, FindingSink sink)
    {
        if (!project.HasProject)
        {
            sink.Skip(Checks.M005, "no pyproject.toml to compare with");
            return;
        }

        if (name != null && project.Name != null && !ProjectName.Same(name, project.Name))
            sink.Add(Checks.M005, $"{path} says Name '{rawName}', {project.Source} says '{project.Name}'; the distribution is stale or from another project: run ./build.sh Build.");
        if (project.VersionIsDynamic || project.Version == null || canonical == null)
            return;
        var expected = DistributionNames.CanonicalVersion(project.Version);
        if (expected != canonical)
            sink.Add(Checks.M005, $"{path} says Version {version}, {project.Source} says {project.Version}; dist/ holds a stale build: run ./build.sh Build.");
    }

    private static void Tag(string path, string? version, string? canonical, ProjectExpectations project, FindingSink sink)
    {
        var tag = project.ReleaseTag;
        if (tag == null)
        {
            sink.Skip(Checks.M006, "not running for a release tag (--release-tag, or GITHUB_REF=refs/tags/...)");
            return;
        }

        if (canonical == null)
        {
            sink.Skip(Checks.M006, "no valid Version (M001)");
            return;
        }

        var format = project.TagFormat;
        var expected = format.Replace(ProjectExpectations.VersionPlaceholder, canonical, StringComparison.Ordinal);
        if (tag == expected)
            return;
        var at = format.IndexOf(ProjectExpectations.VersionPlaceholder, StringComparison.Ordinal);
        var (prefix, suffix) = at < 0 ? (format, "") : (format[..at], format[(at + ProjectExpectations.VersionPlaceholder.Length)..]);
        var fits = tag.Length > prefix.Length + suffix.Length && tag.StartsWith(prefix, StringComparison.Ordinal) && tag.EndsWith(suffix, StringComparison.Ordinal)
                   && DistributionNames.CanonicalVersion(tag[prefix.Length..^suffix.Length]) != null;
        sink.Add(Checks.M006, fits
            ? $"{path} says Version {version} but the release tag is {tag}; bump the version (./build.sh BumpVersion) or tag the commit that has it as {expected}."
            : $"the release tag '{tag}' does not have the form {format}; {path} says {version}, so the tag should be {expected}: fix the tag (or --tag-format).");
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..57] + "..." : text;
}
