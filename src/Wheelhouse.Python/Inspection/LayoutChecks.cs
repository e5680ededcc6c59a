namespace Wheelhouse.Python.Inspection;

/// <summary>Layout (L) checks on what a wheel installs, in the spirit of check-wheel-contents.</summary>
public static class LayoutChecks
{
    /// <summary>Top-level folder names that hold things which do not belong in site-packages, or that every project would collide on.</summary>
    public static IReadOnlyList<string> CommonTopLevelNames { get; } = ["build", "data", "dist", "doc", "docs", "example", "examples", "src", "test", "tests"];

    /// <summary>Files this small (empty files, a coding line, a one-line docstring) are often identical on purpose; L002 leaves them alone.</summary>
    public const int TrivialSize = 64;

    private const int MaxListed = 5;

    /// <param name="buildBackend">The project's [build-system] build-backend, so the advice names its package setting.</param>
    public static void Run(WheelModel wheel, FindingSink sink, string? buildBackend = null)
    {
        var compiled = wheel.Files.Where(f => IsCompiled(f.Name)).Select(f => f.Name).ToList();
        if (compiled.Count > 0)
            sink.Add(Checks.L001, $"{List(compiled)} {(compiled.Count == 1 ? "is" : "are")} compiled bytecode; pip compiles on install and these go stale: clean __pycache__ (./build.sh Clean) and exclude *.pyc, then rebuild.");

        foreach (var names in SameContent(wheel.Files, $"{wheel.DistInfo}/RECORD"))
            sink.Add(Checks.L002, $"{List(names)} have the same content; a copy left behind by a rename, or a stale build folder: delete the copy (or the build folder) and rebuild.");

        var (folders, topFiles, hasModule) = TopLevel(wheel.LibraryFiles);
        foreach (var common in folders.Where(f => CommonTopLevelNames.Contains(f)).Order(StringComparer.Ordinal))
        {
            sink.Add(Checks.L003, common == "src"
                ? $"the wheel installs a top-level 'src/' package: the src layout is not configured; point the build at src/<package> ({PackageSetting(buildBackend)}) and rebuild."
                : $"the wheel installs a top-level '{common}/' folder into site-packages, where it collides with every other project that does; exclude it from the wheel (or move it inside the package) and rebuild.");
        }

        if (!hasModule)
            sink.Add(Checks.L004, $"the wheel has no Python modules outside .dist-info, so installing it gives nothing to import; check the package list of the build backend ({PackageSetting(buildBackend)}) and rebuild.");

        if (topFiles.Contains("__init__.py"))
            sink.Add(Checks.L005, "__init__.py is at the top level of the wheel, outside any package; the package folder was flattened: fix the package list and rebuild.");

        var stray = topFiles.Where(p => !IsModule(p) && p != "__init__.py"
                                         && !p.EndsWith(".pth", StringComparison.Ordinal) && !p.EndsWith(".pyi", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (stray.Count > 0)
            sink.Add(Checks.L006, $"{List(stray)} would be installed loose into site-packages; move {(stray.Count == 1 ? "it" : "them")} into the package (or into .dist-info as license files) and rebuild.");
    }

    /// <summary>The top-level folders and files of the library part, and whether it has any module at all.</summary>
    private static (HashSet<string> Folders, List<string> Files, bool HasModule) TopLevel(IReadOnlyList<LibraryFile> library)
    {
        var folders = new HashSet<string>(StringComparer.Ordinal);
        var lookup = folders.GetAlternateLookup<ReadOnlySpan<char>>();
        var files = new List<string>();
        var hasModule = false;
        foreach (var file in library)
        {
            var path = file.Path;
            hasModule = hasModule || IsModule(path);
            var slash = path.IndexOf('/');
            if (slash < 0)
                files.Add(path);
            else if (!lookup.Contains(path.AsSpan(0, slash)))
                folders.Add(path[..slash]);
        }

        return (folders, files, hasModule);
    }

    /// <summary>Groups of two or more non-trivial files with the same size and sha256, names sorted.</summary>
    private static List<List<string>> SameContent(IReadOnlyList<ArchiveEntry> files, string record)
    {
        // The first file seen with each content, and lists only for contents seen twice.
        var first = new Dictionary<(long, long, long, long, long), string>();
        var groups = new Dictionary<(long, long, long, long, long), List<string>>();
        foreach (var file in files)
        {
            if (file.Size <= TrivialSize || file.Name == record)
                continue;
            var digest = file.Sha256.Span;
            var key = (file.Size, BitConverter.ToInt64(digest), BitConverter.ToInt64(digest[8..]), BitConverter.ToInt64(digest[16..]), BitConverter.ToInt64(digest[24..]));
            if (first.TryAdd(key, file.Name))
                continue;
            if (!groups.TryGetValue(key, out var names))
                groups[key] = names = [first[key]];
            names.Add(file.Name);
        }

        var result = new List<List<string>>(groups.Values);
        foreach (var names in result)
            names.Sort(StringComparer.Ordinal);
        result.Sort((a, b) => StringComparer.Ordinal.Compare(a[0], b[0]));
        return result;
    }

    public static bool IsModule(string path) =>
        path.EndsWith(".py", StringComparison.Ordinal) || path.EndsWith(".so", StringComparison.Ordinal) || path.EndsWith(".pyd", StringComparison.Ordinal);

    public static bool IsCompiled(string path) =>
        path.EndsWith(".pyc", StringComparison.Ordinal) || path.EndsWith(".pyo", StringComparison.Ordinal)
        || path.StartsWith("__pycache__/", StringComparison.Ordinal) || path.Contains("/__pycache__/", StringComparison.Ordinal);

    internal static string List(IReadOnlyList<string> names) =>
        names.Count <= MaxListed
            ? string.Join(", ", names)
            : $"{string.Join(", ", names.Take(MaxListed))} and {names.Count - MaxListed} more";

    /// <summary>Where the project's backend is told which packages the wheel holds.</summary>
    public static string PackageSetting(string? buildBackend) => (buildBackend ?? "").Split(':')[0].Trim() switch
    {
        "setuptools.build_meta" => "setuptools: packages and package_dir in setup.cfg's [options], or [tool.setuptools.packages.find] where = [\"src\"] in pyproject.toml",
        "hatchling.build" => "hatchling: [tool.hatch.build.targets.wheel] packages in pyproject.toml",
        "flit_core.buildapi" => "flit_core: the module named by the project name, or [tool.flit.module] name in pyproject.toml",
        "poetry.core.masonry.api" => "poetry-core: packages = [{ include = \"<package>\", from = \"src\" }] in [tool.poetry]",
        { Length: > 0 } module => $"the package list of {module}",
        _ => "the build backend's package list",
    };
}
