using Tomlyn;
using Tomlyn.Model;
using Wheelhouse.Engine;

namespace Wheelhouse.Python.Inspection;

/// <summary>
/// What the distributions must agree with: pyproject.toml's name, version, pytest11 entry points and
/// classifiers, the release tag (when running for one), and the checks silenced in
/// <c>[tool.wheelhouse.inspect] ignore = ["L003"]</c>.
/// </summary>
public sealed record ProjectExpectations
{
    /// <summary>The table of pyproject.toml that holds the inspection's settings.</summary>
    public const string SettingsTable = "tool.wheelhouse.inspect";

    /// <summary>The placeholder of <see cref="TagFormat"/>.</summary>
    public const string VersionPlaceholder = "{version}";

    /// <summary>The default release tag format: the tag of version 1.2.0 is v1.2.0.</summary>
    public const string DefaultTagFormat = "v" + VersionPlaceholder;

    public string? Name { get; init; }
    public string? Version { get; init; }
    public bool VersionIsDynamic { get; init; }

    /// <summary>The [project.entry-points.pytest11] table; empty when there is none; null when entry points are dynamic.</summary>
    public IReadOnlyDictionary<string, string>? Pytest11 { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Classifiers { get; init; } = [];

    /// <summary>Check IDs as written in the ignore list.</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];

    /// <summary>The tag being released (v1.2.0), or null when not running for a tag.</summary>
    public string? ReleaseTag { get; init; }

    /// <summary>How a version's tag is spelled, with <see cref="VersionPlaceholder"/> for the canonical version.</summary>
    public string TagFormat { get; init; } = DefaultTagFormat;

    /// <summary>False when there was no pyproject.toml to compare with.</summary>
    public bool HasProject { get; init; }

    /// <summary>The backend that built dist/ and its installed version, when known (for S001's advice).</summary>
    public BuildBackendFacts? Backend { get; init; }

    /// <summary>The [build-system] build-backend (setuptools' legacy backend when a project names none), so advice fits the backend.</summary>
    public string? BuildBackend { get; init; }

    /// <summary>The files of the C# build that makes the release, which an sdist must not hold (S005).</summary>
    public BuildOwnFiles BuildFiles { get; init; } = BuildOwnFiles.Bootstrap;

    /// <summary>What the name, version and entry points come from, for messages: pyproject.toml, or the build backend.</summary>
    public string Source { get; init; } = "pyproject.toml";

    /// <summary>
    /// The same expectations with the name, version and entry points the build backend reports (for a project whose
    /// pyproject.toml does not state them: dynamic fields, setup.cfg, setup.py): compared with these, a build is stale only when it is.
    /// </summary>
    public ProjectExpectations WithMetadata(Metadata.ProjectMetadata metadata) => this with
    {
        HasProject = true,
        Name = metadata.Name,
        Version = metadata.Version,
        VersionIsDynamic = false,
        Pytest11 = metadata.Group("pytest11"),
        Source = metadata.Source,
    };

    public static ProjectExpectations None { get; } = new();

    /// <summary>True when pyproject.toml says the project is a pytest plugin (a pytest11 entry point, the classifier, or a pytest- name).</summary>
    public bool DeclaresPytestPlugin =>
        Pytest11 is { Count: > 0 }
        || Classifiers.Contains(PytestClassifier, StringComparer.Ordinal)
        || (Name != null && ProjectName.Normalise(Name).StartsWith("pytest-", StringComparison.Ordinal));

    public const string PytestClassifier = "Framework :: Pytest";

    /// <summary>Reads <paramref name="path"/>; a missing file gives expectations with nothing to compare.</summary>
    public static ProjectExpectations Load(string path, string? releaseTag, string tagFormat = DefaultTagFormat) =>
        (File.Exists(path) ? Parse(File.ReadAllText(path), path, releaseTag) : None with { ReleaseTag = releaseTag, BuildBackend = LegacyProjectBackend(path) }) with { TagFormat = tagFormat };

    /// <summary>A setup.py or setup.cfg project without pyproject.toml is built by setuptools' legacy backend; null when there is neither.</summary>
    private static string? LegacyProjectBackend(string pyProjectPath)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(pyProjectPath)) ?? ".";
        return File.Exists(Path.Combine(folder, "setup.py")) || File.Exists(Path.Combine(folder, "setup.cfg")) ? PyProject.LegacyBackend : null;
    }

    public static ProjectExpectations Parse(string toml, string source, string? releaseTag)
    {
        TomlTable document;
        try
        {
            document = TomlSerializer.Deserialize<TomlTable>(toml) ?? new TomlTable();
        }
        catch (Exception e) when (e is not BuildException)
        {
            throw new BuildException($"{source} is not valid TOML: {e.Message.Split('\n')[0]}. Fix the file.");
        }

        var project = Table(document, "project");
        var dynamic = project != null && project.TryGetValue("dynamic", out var d) && d is TomlArray array ? array.OfType<string>().ToList() : [];
        var entryPoints = Table(project, "entry-points");
        var pytest11 = Table(entryPoints, "pytest11");
        return new ProjectExpectations
        {
            HasProject = true,
            Name = String(project, "name"),
            Version = String(project, "version"),
            VersionIsDynamic = dynamic.Contains("version"),
            Pytest11 = dynamic.Contains("entry-points")
                ? null
                : pytest11?.Where(p => p.Value is string).ToDictionary(p => p.Key, p => EntryPointsFile.NormaliseValue((string)p.Value)) ?? new Dictionary<string, string>(),
            Classifiers = project != null && project.TryGetValue("classifiers", out var c) && c is TomlArray classifiers ? classifiers.OfType<string>().ToList() : [],
            Ignore = ReadIgnore(Table(Table(Table(document, "tool"), "wheelhouse"), "inspect"), source),
            BuildBackend = String(Table(document, "build-system"), "build-backend") ?? PyProject.LegacyBackend,
            ReleaseTag = releaseTag,
        };
    }

    /// <summary>The tag to check against: the parameter when given, else GITHUB_REF when it is refs/tags/...; null when neither.</summary>
    public static string? ResolveReleaseTag(string? parameter, string? githubRef)
    {
        const string prefix = "refs/tags/";
        var tag = !string.IsNullOrWhiteSpace(parameter) ? parameter.Trim()
            : githubRef != null && githubRef.StartsWith(prefix, StringComparison.Ordinal) ? githubRef
            : null;
        return tag != null && tag.StartsWith(prefix, StringComparison.Ordinal) ? tag[prefix.Length..] : tag;
    }

    private static IReadOnlyList<string> ReadIgnore(TomlTable? settings, string source)
    {
        if (settings == null || !settings.TryGetValue("ignore", out var value))
            return [];
        if (value is TomlArray array && array.All(v => v is string))
            return array.Cast<string>().ToList();
        throw new BuildException($"{source}: [{SettingsTable}] ignore must be a list of check IDs, for example ignore = [\"L003\"]. Fix the value.");
    }

    private static TomlTable? Table(TomlTable? parent, string key) =>
        parent != null && parent.TryGetValue(key, out var value) ? value as TomlTable : null;

    private static string? String(TomlTable? table, string key) =>
        table != null && table.TryGetValue(key, out var value) ? value as string : null;
}
