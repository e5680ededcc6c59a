namespace Wheelhouse.Python.Inspection;

/// <summary>
/// Wheel against sdist (X): the files the wheel installs must be the sdist's package files, byte for byte.
/// A wheel path <c>pkg/x.py</c> is looked up in the sdist as <c>src/pkg/x.py</c> (src layout) or <c>pkg/x.py</c>.
/// </summary>
public static class CrossChecks
{
    /// <summary>Where in an sdist a top-level package or module of the wheel may live, in the order tried.</summary>
    public static IReadOnlyList<string> SourceRoots { get; } = ["src/", ""];

    private static readonly CheckInfo[] All = [Checks.X001, Checks.X002, Checks.X003];

    public static void Run(WheelModel wheel, SdistModel? sdist, FindingSink sink)
    {
        if (sdist == null)
        {
            sink.Skip(All, "no sdist of the same name and version in dist/ to compare with");
            return;
        }

        if (sdist.Top == null)
        {
            sink.Skip(All, $"{sdist.Name} has no single top folder (S002)");
            return;
        }

        var source = sdist.Name;
        var wheelPaths = wheel.LibraryFiles.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var group in wheel.LibraryFiles.GroupBy(f => EntryPath.TopLevel(f.Path), StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var top = group.Key;
            var isModule = group.All(f => f.Path == top);
            var root = SourceRoots.FirstOrDefault(r => isModule ? sdist.ByPath.ContainsKey(r + top) : sdist.ByPath.Keys.Any(p => p.StartsWith(r + top + "/", StringComparison.Ordinal)));
            if (root == null)
            {
                var files = group.Select(f => f.Path).Order(StringComparer.Ordinal).ToList();
                sink.Add(Checks.X002, $"{(isModule ? top : top + "/")} ({LayoutChecks.List(files)}) is in the wheel but not in {source} (looked under {string.Join(" and ", SourceRoots.Select(r => r.Length == 0 ? "the top folder" : r))}); the two come from different trees: rebuild both with ./build.sh Build.");
                continue;
            }

            foreach (var (path, entry) in group.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                if (!sdist.ByPath.TryGetValue(root + path, out var original))
                    sink.Add(Checks.X002, $"'{path}' is in the wheel but {root}{path} is not in {source}; the wheel was built from another tree (or generates the file): rebuild both with ./build.sh Build.");
                else if (!entry.SameContentAs(original))
                    sink.Add(Checks.X001, $"'{path}' differs from {root}{path} in {source}; the wheel and the sdist were built from different trees (a stale wheel?): rebuild both with ./build.sh Build.");
            }

            if (isModule)
                continue;
            foreach (var path in sdist.ByPath.Keys.Where(p => p.StartsWith(root + top + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                var installed = path[root.Length..];
                if (!wheelPaths.Contains(installed) && !LayoutChecks.IsCompiled(installed))
                    sink.Add(Checks.X003, $"{root}{installed} is in {source} but '{installed}' is not in the wheel; the wheel is stale or its build excludes the file: rebuild both with ./build.sh Build.");
            }
        }
    }
}
