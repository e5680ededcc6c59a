using Wheelhouse.Engine;

namespace Wheelhouse.Python.Inspection;

/// <summary>
/// Sdist (S) checks: the PEP 625 name, the top folder, what pip needs to build from it, and none of the release build's
/// own files. What a project chooses to ship beside its package (tests, docs, CI settings, tox.ini) is its business:
/// PyPI takes it and packagers often want it, so it is not a finding.
/// </summary>
public static class SdistChecks
{
    /// <summary>
    /// Folders at the sdist's root that are local state, never meant for anyone: version control, virtual environments,
    /// tool caches, distributions of an earlier build, IDE settings. PyPI takes them, so they are a warning (S007).
    /// </summary>
    public static IReadOnlyDictionary<string, string> LocalStateFolders { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".git"] = "version-control data",
        [".hg"] = "version-control data",
        [".svn"] = "version-control data",
        [".venv"] = "a virtual environment",
        ["venv"] = "a virtual environment",
        [".tox"] = "tox's environments",
        [".nox"] = "nox's environments",
        ["node_modules"] = "installed npm packages",
        [".pytest_cache"] = "a tool cache",
        [".mypy_cache"] = "a tool cache",
        [".ruff_cache"] = "a tool cache",
        ["dist"] = "the distributions of an earlier build",
        [".idea"] = "IDE settings",
        [".vs"] = "IDE settings",
    };

    /// <summary>Compiled Python, which goes stale and which pip never needs (pip compiles on install).</summary>
    public static IReadOnlyList<string> CompiledExtensions { get; } = [".pyc", ".pyo"];

    public static void Run(SdistModel sdist, FindingSink sink, ProjectExpectations? expectations = null)
    {
        var name = sdist.FileName;
        if (name == null)
        {
            sink.Add(Checks.S001, $"'{sdist.Name}' is not {{name}}-{{version}}.tar.gz; PEP 625 requires that form and PyPI refuses others: rebuild with ./build.sh Build.");
        }
        else
        {
            var canonicalName = ProjectName.FileNameFormOf(name.Name);
            var canonicalVersion = DistributionNames.CanonicalVersion(name.Version);
            if (canonicalVersion == null)
                sink.Add(Checks.S001, $"'{name.Version}' in the file name is not a PEP 440 version; fix the project's version and rebuild.");
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
            sink.Skip([Checks.S003, Checks.S004, Checks.S005, Checks.S007], "no top folder to look in (S002)");
        }
        else
        {
            // pyproject.toml is optional: pip builds a setup.py project's sdist with setuptools' legacy backend. Without either it refuses
            // ("does not appear to be a Python project: neither 'setup.py' nor 'pyproject.toml' found").
            if (sdist.PkgInfoEntry == null)
                sink.Add(Checks.S003, $"{sdist.Top}/PKG-INFO is missing; an sdist's metadata is PKG-INFO, and pip and PyPI read it: rebuild with ./build.sh Build.");
            if (sdist.PyProjectEntry == null && !sdist.ByPath.ContainsKey("setup.py"))
                sink.Add(Checks.S003, $"{sdist.Top}/ has neither pyproject.toml nor setup.py, so pip cannot build from it (\"does not appear to be a Python project\"): rebuild with ./build.sh Build.");
            PyProject(sdist, sink);
            Unneeded(sdist, sink, expectations ?? ProjectExpectations.None);
        }

        foreach (var duplicate in sdist.Archive.Entries.Where(e => !e.IsDirectory).GroupBy(e => e.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var same = duplicate.All(e => e.SameContentAs(duplicate.First()));
            sink.Add(Checks.S006, $"'{duplicate.Key}' is in the sdist {duplicate.Count()} times{(same ? " (same content)" : " with different contents, so what unpacks depends on the tool")}; a file listed twice in the build configuration: list it once and rebuild.");
        }
    }

    private static void PyProject(SdistModel sdist, FindingSink sink)
    {
        if (sdist.PkgInfo is not { } pkgInfo)
        {
            sink.Skip(Checks.S004, "no PKG-INFO (S003)");
            return;
        }

        if (sdist.PyProjectEntry?.Text is not { } toml)
        {
            sink.Skip(Checks.S004, "the sdist has no pyproject.toml (a setup.py project)");
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
        if (inner.Name != null && name != null && !ProjectName.Same(inner.Name, name))
            sink.Add(Checks.S004, $"{sdist.Top}/pyproject.toml says name '{inner.Name}' but PKG-INFO says '{name}'; the sdist mixes two builds: rebuild with ./build.sh Build.");
        if (!inner.VersionIsDynamic && inner.Version != null && version != null && !WheelModel.SameVersionText(inner.Version, version))
            sink.Add(Checks.S004, $"{sdist.Top}/pyproject.toml says version {inner.Version} but PKG-INFO says {version}; a wheel built from this sdist would get another version: rebuild with ./build.sh Build.");
    }

    private static void Unneeded(SdistModel sdist, FindingSink sink, ProjectExpectations expectations)
    {
        var build = expectations.BuildFiles;
        var offenders = new SortedDictionary<string, (Offence Offence, List<string> Paths)>(StringComparer.Ordinal);
        foreach (var path in sdist.ByPath.Keys)
        {
            if (Classify(path, build) is not { } offence)
                continue;
            var key = offence.Check.Id + "\0" + offence.Key;
            if (!offenders.TryGetValue(key, out var found))
                offenders[key] = found = (offence, []);
            found.Paths.Add(path);
        }

        foreach (var (offence, paths) in offenders.Values)
        {
            paths.Sort(StringComparer.Ordinal);
            var example = paths.Count == 1 && paths[0] == offence.Key ? "" : $" ({paths.Count} file{(paths.Count == 1 ? "" : "s")}, e.g. {paths[0]})";
            var advice = SdistExclusion.For(expectations.BuildBackend, offence.Path).Text;
            sink.Add(offence.Check, $"{sdist.Top}/{offence.Key}{example} {offence.What}; {advice}, and rebuild.");
        }
    }

    /// <summary>Why <paramref name="path"/> (below the top folder) does not belong, under which key it is reported; null when it may be there.</summary>
    private static Offence? Classify(string path, BuildOwnFiles build)
    {
        const string BuildFile = "belongs to the C# build that makes the release, not to the package";
        if (build.Folders.FirstOrDefault(f => path.StartsWith(f + "/", StringComparison.Ordinal)) is { } folder)
            return new(Checks.S005, folder + "/", new ExcludedPath(ExcludedKind.Folder, folder), BuildFile);
        if (build.RootFiles.Contains(path, StringComparer.Ordinal))
            return new(Checks.S005, path, new ExcludedPath(ExcludedKind.RootFile, path), BuildFile);

        var top = EntryPath.TopLevel(path);
        const string Compiled = "is compiled Python, which goes stale and which pip does not need (it compiles on install)";
        if (path.Split('/').Contains("__pycache__"))
            return new(Checks.S005, top + "/**/__pycache__/", new ExcludedPath(ExcludedKind.Compiled, ""), Compiled);
        if (CompiledExtensions.FirstOrDefault(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)) is { } compiled)
            return new(Checks.S005, path.Contains('/') ? $"{top}/**/*{compiled}" : path, new ExcludedPath(ExcludedKind.Compiled, ""), Compiled);
        if (build.Extensions.FirstOrDefault(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase)) is { } extension)
            return new(Checks.S005, path.Contains('/') ? $"{top}/**/*{extension}" : path, new ExcludedPath(ExcludedKind.Extension, extension), BuildFile);

        if (path.Length > top.Length && LocalStateFolders.TryGetValue(top, out var what))
            return new(Checks.S007, top + "/", new ExcludedPath(ExcludedKind.Folder, top), $"is {what}, which nobody installing or building the package needs (PyPI takes it, so this is a warning)");
        return null;
    }

    private sealed record Offence(CheckInfo Check, string Key, ExcludedPath Path, string What);
}
