using Wheelhouse.Engine;

namespace Wheelhouse.Python.Inspection;

/// <summary>Sdist (S) checks: the PEP 625 name, the top folder, and nothing the package does not need.</summary>
public static class SdistChecks
{
    private const string Configure = "exclude it from the sdist ([tool.hatch.build.targets.sdist] only-include or exclude in pyproject.toml) and rebuild";

    /// <summary>Folders at the sdist's root that hold this repository's build tooling, CI, benchmarks or build output.</summary>
    public static IReadOnlyList<string> ForbiddenRootFolders { get; } =
        ["build", "dist", "bench", "bin", "obj", ".nuke", ".github", ".ci", ".config", ".git", ".venv", "venv", ".tox", ".idea", ".vs", "node_modules", "TestResults"];

    /// <summary>Files at the sdist's root that belong to the C# build.</summary>
    public static IReadOnlyList<string> ForbiddenRootFiles { get; } = ["build.sh", "build.ps1", "global.json", "Directory.Build.props", "Directory.Build.targets", ".editorconfig"];

    /// <summary>Extensions that never belong in a Python sdist of this repository (C# sources and projects, compiled Python).</summary>
    public static IReadOnlyList<string> ForbiddenExtensions { get; } = [".cs", ".csproj", ".sln", ".props", ".targets", ".pyc", ".pyo"];

    public static void Run(SdistModel sdist, FindingSink sink, ProjectExpectations? expectations = null)
    {
        var name = sdist.FileName;
        if (name == null)
        {
            sink.Add(Checks.S001, $"'{sdist.Name}' is not {{name}}-{{version}}.tar.gz; PEP 625 requires that form and PyPI refuses others: rebuild with ./build.sh Build.");
        }
        else
        {
            var canonicalName = DistributionNames.FileNameForm(name.Name);
            var canonicalVersion = DistributionNames.CanonicalVersion(name.Version);
            if (canonicalVersion == null)
                sink.Add(Checks.S001, $"'{name.Version}' in the file name is not a PEP 440 version; fix [project] version and rebuild.");
            else if (name.Name != canonicalName || name.Version != canonicalVersion)
                sink.Add(Checks.S001, $"the file name is '{sdist.Name}', PEP 625 requires '{canonicalName}-{canonicalVersion}.tar.gz' (normalised name with '_'); PyPI refuses other names: " +
                    (SdistNaming.Advice(expectations?.Backend) ?? "upgrade the build backend") + ", and rebuild.");
        }

        var expectedTop = name?.Stem;
        if (sdist.TopFolders.Count != 1 || (expectedTop != null && sdist.TopFolders[0] != expectedTop))
        {
            sink.Add(Checks.S002, sdist.TopFolders.Count == 1
                ? $"everything is under '{sdist.TopFolders[0]}/', but an sdist named {sdist.Name} must unpack into '{expectedTop}/'; rebuild with ./build.sh Build."
                : $"the sdist has {sdist.TopFolders.Count} top-level entries ({LayoutChecks.List(sdist.TopFolders)}); it must unpack into one folder '{expectedTop ?? "{name}-{version}"}/': rebuild with ./build.sh Build.");
        }

        if (sdist.Top == null)
        {
            sink.Skip([Checks.S003, Checks.S004, Checks.S005], "no top folder to look in (S002)");
        }
        else
        {
            var missing = new[] { ("PKG-INFO", sdist.PkgInfoEntry), ("pyproject.toml", sdist.PyProjectEntry) }.Where(p => p.Item2 == null).Select(p => $"{sdist.Top}/{p.Item1}").ToList();
            if (missing.Count > 0)
                sink.Add(Checks.S003, $"{string.Join(" and ", missing)} missing; pip needs both to build from the sdist: rebuild with ./build.sh Build.");
            PyProject(sdist, sink);
            Unneeded(sdist, sink);
        }

        foreach (var duplicate in sdist.Archive.Entries.Where(e => !e.IsDirectory).GroupBy(e => e.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var same = duplicate.All(e => e.SameContentAs(duplicate.First()));
            sink.Add(Checks.S006, $"'{duplicate.Key}' is in the sdist {duplicate.Count()} times{(same ? " (same content)" : " with different contents, so what unpacks depends on the tool")}; a file listed twice in the build configuration: list it once and rebuild.");
        }
    }

    private static void PyProject(SdistModel sdist, FindingSink sink)
    {
        if (sdist.PyProjectEntry?.Text is not { } toml || sdist.PkgInfo is not { } pkgInfo)
        {
            sink.Skip(Checks.S004, "no pyproject.toml or PKG-INFO (S003)");
            return;
        }

        ProjectExpectations inner;
        try
        {
            inner = ProjectExpectations.Parse(toml, $"{sdist.Top}/pyproject.toml", null);
        }
        catch (BuildException e)
        {
            sink.Add(Checks.S004, $"{e.Message.TrimEnd('.')}; pip cannot build from this sdist: rebuild with ./build.sh Build.");
            return;
        }

        var name = pkgInfo["Name"];
        var version = pkgInfo["Version"];
        if (inner.Name != null && name != null && !DistributionNames.SameName(inner.Name, name))
            sink.Add(Checks.S004, $"{sdist.Top}/pyproject.toml says name '{inner.Name}' but PKG-INFO says '{name}'; the sdist mixes two builds: rebuild with ./build.sh Build.");
        if (!inner.VersionIsDynamic && inner.Version != null && version != null && !WheelModel.SameVersionText(inner.Version, version))
            sink.Add(Checks.S004, $"{sdist.Top}/pyproject.toml says version {inner.Version} but PKG-INFO says {version}; a wheel built from this sdist would get another version: rebuild with ./build.sh Build.");
    }

    private static void Unneeded(SdistModel sdist, FindingSink sink)
    {
        var offenders = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var path in sdist.ByPath.Keys)
        {
            if (Reason(path) is not { } key)
                continue;
            if (!offenders.TryGetValue(key, out var list))
                offenders[key] = list = [];
            list.Add(path);
        }

        foreach (var (key, paths) in offenders)
        {
            paths.Sort(StringComparer.Ordinal);
            var example = paths.Count == 1 && paths[0] == key ? "" : $" ({paths.Count} file{(paths.Count == 1 ? "" : "s")}, e.g. {paths[0]})";
            sink.Add(Checks.S005, $"{sdist.Top}/{key}{example} is not needed to build the package; {Configure}.");
        }
    }

    /// <summary>What to name in the finding when <paramref name="path"/> (below the top folder) does not belong: its root folder, or the file.</summary>
    private static string? Reason(string path)
    {
        var top = EntryPath.TopLevel(path);
        var isFolder = path.Length > top.Length;
        if (isFolder && ForbiddenRootFolders.Contains(top))
            return top + "/";
        if (!isFolder && ForbiddenRootFiles.Contains(top))
            return top;
        if (path.Split('/').Contains("__pycache__"))
            return top + "/**/__pycache__/";
        var extension = ForbiddenExtensions.FirstOrDefault(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));
        return extension == null ? null : isFolder ? $"{top}/**/*{extension}" : path;
    }
}
