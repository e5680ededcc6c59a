using System.Text;
using Wheelhouse.Engine;
using Wheelhouse.Python.Inspection;
using Wheelhouse.Python.Metadata;

namespace Wheelhouse.Python.Verification;

/// <summary>
/// The project's source tree as an installed distribution would look, so the plugin-API probe reads it as it reads the
/// wheel: a folder holding a copy of each top-level module or package of the project (from the source roots, src/ then
/// the project root by default) and a .dist-info written from the project's own metadata (the backend's, or [project]
/// when static), whose entry_points.txt gives pluggy the pytest11 entry points. Put on sys.path (a .pth file in the
/// venv), it is what an editable install gives, without the backend's editable hooks (Debian's hatchling lacks editables).
/// Copies, not the roots themselves, go on sys.path: the project root also holds folders such as the C# build/ that
/// Python would take for namespace packages.
/// </summary>
/// <param name="Folder">The folder to put on sys.path.</param>
/// <param name="Modules">Every module the copies hold, dotted (<c>pkg</c>, <c>pkg.extra</c>), sorted.</param>
/// <param name="Origins">Where each top-level name was found, relative to the project (<c>src/pkg</c>).</param>
public sealed record SourceView(AbsolutePath Folder, IReadOnlyList<string> Modules, IReadOnlyDictionary<string, string> Origins)
{
    /// <summary>
    /// Makes the view in <paramref name="folder"/> (emptied first). The top-level names are those the entry points of
    /// <paramref name="metadata"/> import and those the installed wheel holds (<paramref name="installedTopLevel"/>);
    /// one found in no source root is a BuildException saying how to point at it.
    /// </summary>
    public static SourceView Create(AbsolutePath projectDirectory, IReadOnlyList<string> sourceRoots, ProjectMetadata metadata,
        IEnumerable<string> installedTopLevel, AbsolutePath folder)
    {
        var names = metadata.EntryPoints.Select(e => TopLevel(e.Value)).Concat(installedTopLevel)
            .Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var roots = sourceRoots.Select(r => (Name: r, Path: Path.GetFullPath(Path.Combine(projectDirectory, r)))).Where(r => Directory.Exists(r.Path)).ToList();

        var origins = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<string>();
        if (folder.DirectoryExists())
            Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        foreach (var name in names)
        {
            var found = roots.Select(r => (Root: r, Directory: Path.Combine(r.Path, name), File: Path.Combine(r.Path, name + ".py")))
                .FirstOrDefault(c => Directory.Exists(c.Directory) || File.Exists(c.File));
            if (found.Root.Path is null)
            {
                missing.Add(name);
                continue;
            }

            if (Directory.Exists(found.Directory))
            {
                CopyFolder(found.Directory, folder / name);
                origins[name] = Relative(found.Root.Name, name);
            }
            else
            {
                File.Copy(found.File, folder / (name + ".py"));
                origins[name] = Relative(found.Root.Name, name + ".py");
            }
        }

        if (missing.Count > 0)
            throw new BuildException(
                $"the source tree's plugin API cannot be read: {string.Join(", ", missing.Select(m => $"'{m}'"))} (imported by the entry points or shipped in the wheel) " +
                $"is in none of the source roots {string.Join(", ", sourceRoots.Select(r => r == "." ? "the project root" : r + "/"))} of {projectDirectory}. " +
                $"Set source-roots in {VerifySettings.Table} to the folders holding the project's top-level modules, or compare-source = false " +
                "when the source tree cannot be imported as it is (modules generated or compiled at build time)");

        WriteDistInfo(folder, metadata);
        return new SourceView(folder, ModulesIn(folder), origins);
    }

    /// <summary>The top-level module an entry point's value imports: <c>pkg</c> for <c>pkg.plugin:attr [extra]</c>.</summary>
    public static string TopLevel(string entryPointValue) => entryPointValue.Split('[')[0].Split(':')[0].Trim().Split('.')[0].Trim();

    /// <summary>The .dist-info importlib.metadata and pluggy find: name, version, Requires-Python, and every entry point.</summary>
    private static void WriteDistInfo(AbsolutePath folder, ProjectMetadata metadata)
    {
        var distInfo = folder / $"{ProjectName.FileNameFormOf(metadata.Name)}-{metadata.Version}.dist-info";
        Directory.CreateDirectory(distInfo);
        var text = new StringBuilder("Metadata-Version: 2.1\n").Append($"Name: {metadata.Name}\n").Append($"Version: {metadata.Version}\n");
        if (metadata.RequiresPython is { } requiresPython)
            text.Append($"Requires-Python: {requiresPython}\n");
        File.WriteAllText(distInfo / "METADATA", text.ToString());
        var entryPoints = new StringBuilder();
        foreach (var group in metadata.EntryPoints.GroupBy(e => e.Group))
        {
            entryPoints.Append($"[{group.Key}]\n");
            foreach (var entry in group)
                entryPoints.Append($"{entry.Name} = {entry.Value}\n");
            entryPoints.Append('\n');
        }

        File.WriteAllText(distInfo / "entry_points.txt", entryPoints.ToString());
        File.WriteAllText(distInfo / "INSTALLER", "wheelhouse (source tree)\n");
    }

    private static string Relative(string root, string name) => root is "." or "" ? name : $"{root.TrimEnd('/')}/{name}";

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            if (!file.EndsWith(".pyc", StringComparison.Ordinal))
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            if (Path.GetFileName(directory) != "__pycache__")
                CopyFolder(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }

    /// <summary>Dotted names of the .py files under <paramref name="folder"/> whose path parts are all identifiers (as the install check lists the wheel's).</summary>
    private static IReadOnlyList<string> ModulesIn(AbsolutePath folder) =>
        Directory.EnumerateFiles(folder, "*.py", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/').Split('/'))
            .Select(parts => parts[..^1].Append(parts[^1][..^3]).Where(p => p != "__init__").ToArray())
            .Where(parts => parts.Length > 0 && parts.All(DistributionNames.IsIdentifier))
            .Select(parts => string.Join('.', parts))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
}
