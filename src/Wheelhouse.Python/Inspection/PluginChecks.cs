namespace Wheelhouse.Python.Inspection;

/// <summary>pytest plugin (P) checks: the pytest11 entry points and the modules they name.</summary>
public static class PluginChecks
{
    public const string Group = "pytest11";

    /// <summary>A pytest plugin is what pyproject.toml declares as one, or what ships a pytest11 group.</summary>
    public static bool IsPytestPlugin(WheelModel wheel, ProjectExpectations project) =>
        project.DeclaresPytestPlugin || wheel.EntryPoints?.Groups.Contains(Group) == true;

    public static void Run(WheelModel wheel, ProjectExpectations project, bool isPytestPlugin, FindingSink sink)
    {
        if (!isPytestPlugin)
        {
            sink.Skip([Checks.P001, Checks.P002, Checks.P003], "not a pytest plugin (no pytest11 entry point, classifier or pytest- name)");
            return;
        }

        if (wheel.DistInfo == null)
        {
            sink.Skip([Checks.P001, Checks.P002, Checks.P003], "no .dist-info folder (W003)");
            return;
        }

        var path = $"{wheel.DistInfo}/entry_points.txt";
        var entryPoints = wheel.EntryPoints;
        foreach (var problem in entryPoints?.Problems ?? [])
            sink.Add(Checks.P001, $"{path} {problem}; importlib.metadata may skip the plugin: fix the entry points ({MetadataDeclaration.EntryPoints(project.BuildBackend, Group)}) and rebuild.");
        var entries = entryPoints?.Group(Group) ?? [];
        if (entries.Count == 0)
        {
            sink.Add(Checks.P001, entryPoints == null
                ? $"{path} is missing, so pytest will never load the plugin; declare {MetadataDeclaration.EntryPoints(project.BuildBackend, Group)} and rebuild."
                : $"{path} has no [{Group}] entries, so pytest will never load the plugin; declare {MetadataDeclaration.EntryPoints(project.BuildBackend, Group)} and rebuild.");
            sink.Skip([Checks.P002, Checks.P003], $"no {Group} entry points (P001)");
            return;
        }

        foreach (var entry in entries)
        {
            var module = entry.Module;
            if (!DistributionNames.IsModulePath(module))
            {
                sink.Add(Checks.P002, $"{Group} entry point '{entry.Name} = {entry.Value}' does not name a module (dotted Python identifiers); fix it ({MetadataDeclaration.EntryPoints(project.BuildBackend, Group)}) and rebuild.");
                continue;
            }

            if (!ModuleExists(wheel, module))
            {
                var relative = module.Replace('.', '/');
                sink.Add(Checks.P002, $"{Group} entry point '{entry.Name} = {entry.Value}' names module {module}, but neither {relative}.py nor {relative}/__init__.py is in the wheel; pytest will fail at start-up for every user: fix the entry point or the package list and rebuild.");
            }
        }

        if (!project.HasProject)
        {
            sink.Skip(Checks.P003, "no pyproject.toml to compare with");
            return;
        }

        if (project.Pytest11 == null)
        {
            sink.Skip(Checks.P003, "entry points are dynamic in pyproject.toml");
            return;
        }

        var built = entries.GroupBy(e => e.Name).ToDictionary(g => g.Key, g => g.First().Value);
        foreach (var (name, value) in project.Pytest11.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!built.TryGetValue(name, out var actual))
                sink.Add(Checks.P003, $"{project.Source} declares {Group} entry point '{name} = {value}', the wheel lacks it; the wheel is stale: run ./build.sh Build.");
            else if (actual != value)
                sink.Add(Checks.P003, $"{Group} entry point '{name}' is '{actual}' in the wheel but '{value}' in {project.Source}; the wheel is stale: run ./build.sh Build.");
        }

        foreach (var name in built.Keys.Where(n => !project.Pytest11.ContainsKey(n)).Order(StringComparer.Ordinal))
            sink.Add(Checks.P003, $"the wheel has {Group} entry point '{name} = {built[name]}', which {project.Source} does not declare; the wheel is stale: run ./build.sh Build.");
    }

    /// <summary>module.py, module/__init__.py, or an extension module (module.*.so / .pyd), in the library part of the wheel.</summary>
    public static bool ModuleExists(WheelModel wheel, string module)
    {
        var relative = module.Replace('.', '/');
        var paths = wheel.LibraryFiles.Select(f => f.Path);
        foreach (var path in paths)
        {
            if (path == relative + ".py" || path == relative + "/__init__.py")
                return true;
            if (path.StartsWith(relative + ".", StringComparison.Ordinal) && !path[(relative.Length + 1)..].Contains('/')
                && (path.EndsWith(".so", StringComparison.Ordinal) || path.EndsWith(".pyd", StringComparison.Ordinal)))
                return true;
        }

        return false;
    }
}
