using Wheelhouse.Engine;

namespace Wheelhouse.Python.Verification;

/// <summary>
/// The scratch folder the project's smoke tests run in: each configured path copied to the same relative place, and a
/// pytest.ini holding only <c>[pytest]</c>, which makes the folder pytest's rootdir and configuration. So neither the
/// project's own pytest configuration (a <c>pythonpath = ["src"]</c>, say) nor its source tree takes part: the tests
/// import what the venv has installed.
/// </summary>
public static class SmokeTestFolder
{
    public const string IniText =
        "# Written by VerifyInstall: this folder is pytest's rootdir, so no configuration of the project applies\n" +
        "# and its source tree is not on sys.path; the smoke tests run against the installed package.\n" +
        "[pytest]\n";

    /// <summary>Empties <paramref name="scratch"/> and copies the paths into it (no __pycache__ or .pyc); returns its pytest.ini.</summary>
    public static AbsolutePath Prepare(AbsolutePath projectDirectory, IReadOnlyList<string> paths, AbsolutePath scratch)
    {
        if (scratch.DirectoryExists())
            Directory.Delete(scratch, recursive: true);
        Directory.CreateDirectory(scratch);
        foreach (var path in paths)
        {
            var from = Path.GetFullPath(Path.Combine(projectDirectory, path));
            var to = Path.GetFullPath(Path.Combine(scratch, path));
            if (Directory.Exists(from))
                CopyFolder(from, to);
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(from, to, overwrite: true);
            }
        }

        var ini = scratch / "pytest.ini";
        File.WriteAllText(ini, IniText);
        return ini;
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from).Where(f => !f.EndsWith(".pyc", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        foreach (var directory in Directory.EnumerateDirectories(from).Where(d => Path.GetFileName(d) is not ("__pycache__" or ".pytest_cache")))
            CopyFolder(directory, Path.Combine(to, Path.GetFileName(directory)));
    }
}
