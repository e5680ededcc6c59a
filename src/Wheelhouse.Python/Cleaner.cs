using Serilog;
using Wheelhouse.Engine;

namespace Wheelhouse.Python;

/// <summary>Removes what building a Python package leaves behind, and nothing outside the repository root.</summary>
public static class Cleaner
{
    /// <summary>dist/, *.egg-info at the root and in src/, and __pycache__ folders under src/. Returns what it removed.</summary>
    public static IReadOnlyList<AbsolutePath> Clean(AbsolutePath root)
    {
        var candidates = new List<string> { root / "dist" };
        candidates.AddRange(Directory.GetDirectories(root, "*.egg-info"));
        var src = root / "src";
        if (src.DirectoryExists())
        {
            candidates.AddRange(Directory.GetDirectories(src, "*.egg-info"));
            candidates.AddRange(Directory.EnumerateDirectories(src, "__pycache__", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }));
        }

        var removed = new List<AbsolutePath>();
        foreach (var candidate in candidates.Select(AbsolutePath.Create))
        {
            if (!candidate.IsWithin(root) || candidate.Equals(root))
                throw new BuildException($"Clean refused to remove {candidate}: it is not inside the repository root {root}.");
            var info = new DirectoryInfo(candidate);
            if (info.LinkTarget != null)
                info.Delete(); // a link: remove the link, never what it points to
            else if (info.Exists)
                info.Delete(recursive: true);
            else
                continue;
            removed.Add(candidate);
            Log.Information("Removed {Path}", candidate.RelativeTo(root));
        }

        if (removed.Count == 0)
            Log.Information("Nothing to clean");
        return removed;
    }
}
