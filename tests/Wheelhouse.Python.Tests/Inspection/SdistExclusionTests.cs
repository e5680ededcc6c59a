using System.Formats.Tar;
using System.IO.Compression;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.Python.Tests.Inspection;

/// <summary>
/// S005's advice, followed: a small plugin of each backend, with a C# build beside it (its project in release/, not build/),
/// is built with the real frontend and backend; the sdist holds the build's files and S005 names each with the backend's
/// own way out; doing what it says and building again gives an sdist without them.
/// </summary>
public sealed class SdistExclusionTests
{
    private const string Python = "/usr/bin/python3";

    /// <summary>The build's files beside the plugin, and how S005 reports each.</summary>
    private static readonly (string File, ExcludedPath Path)[] BuildFiles =
    [
        ("release/Release.csproj", new(ExcludedKind.Folder, "release")),
        ("release/Build.cs", new(ExcludedKind.Folder, "release")),
        ("release/bin/publish/Release.dll", new(ExcludedKind.Folder, "release")),
        (".nuke/parameters.json", new(ExcludedKind.Folder, ".nuke")),
        ("build.sh", new(ExcludedKind.RootFile, "build.sh")),
        ("build.ps1", new(ExcludedKind.RootFile, "build.ps1")),
        ("global.json", new(ExcludedKind.RootFile, "global.json")),
    ];

    private static readonly string[] IncludeBuildFiles = ["release", ".nuke", "build.sh", "build.ps1", "global.json"];

    public static TheoryData<string> Backends => new("setuptools-scm", "hatchling", "flit_core", "poetry-core");

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Doing_what_S005_says_for_the_projects_backend_keeps_the_builds_files_out_of_the_sdist(string backend)
    {
        using var folder = new TempFolder();
        var root = folder.Absolute;
        folder.Write("pytest_sample/__init__.py", "\"\"\"A sample plugin.\"\"\"\n\ndef pytest_configure(config):\n    pass\n");
        foreach (var (file, _) in BuildFiles)
            folder.Write(file, "build file\n");
        WriteProject(folder, backend);
        if (backend == "setuptools-scm")
            await CommitAndTagAsync(root);

        var buildFiles = BuildOwnFiles.WithProjectFolder(BuildOwnFiles.FindProjectFolder(root, root / "release" / "bin" / "publish"));
        buildFiles.Folders.Should().Contain("release");
        var before = await BuildAndInspectAsync(root, buildFiles);

        before.Entries.Should().Contain(e => e.EndsWith("/release/Build.cs", StringComparison.Ordinal), $"the {backend} sample ships the build's files to begin with");
        var paths = BuildFiles.Select(b => b.Path).Distinct().ToList();
        before.S005.Should().HaveCount(paths.Count, string.Join("\n", before.S005));
        var advice = paths.Select(p => SdistExclusion.For(before.BackendModule, p)).ToList();
        foreach (var (path, exclusion) in paths.Zip(advice))
        {
            var key = path.Kind == ExcludedKind.Folder ? path.Text + "/" : path.Text;
            before.S005.Should().ContainSingle(m => m.StartsWith($"{before.Top}/{key} ", StringComparison.Ordinal) && m.Contains(exclusion.Text), $"S005 names {key} with the advice for {backend}");
        }

        Follow(folder, backend, advice);
        if (backend == "setuptools-scm")
            await CommitAndTagAsync(root, again: true);
        var after = await BuildAndInspectAsync(root, buildFiles);

        after.S005.Should().BeEmpty();
        after.Entries.Should().Contain(e => e.EndsWith("/pytest_sample/__init__.py", StringComparison.Ordinal));
        after.Entries.Should().NotContain(e => BuildFiles.Any(b => e.EndsWith("/" + b.File, StringComparison.Ordinal)));
    }

    private static void WriteProject(TempFolder folder, string backend)
    {
        switch (backend)
        {
            case "setuptools-scm":
                // setuptools-scm puts every tracked file in the sdist.
                folder.Write("pyproject.toml", "[build-system]\nrequires = [\"setuptools\", \"setuptools-scm\"]\nbuild-backend = \"setuptools.build_meta\"\n\n[tool.setuptools_scm]\n");
                folder.Write("setup.cfg", "[metadata]\nname = pytest-sample\n\n[options]\npackages = pytest_sample\n\n[options.entry_points]\npytest11 =\n    sample = pytest_sample\n");
                break;
            case "hatchling":
                // hatchling puts every file git does not ignore in the sdist.
                folder.Write("pyproject.toml", "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n\n[project]\nname = \"pytest-sample\"\nversion = \"1.0.0\"\n\n" +
                                               "[tool.hatch.build.targets.wheel]\npackages = [\"pytest_sample\"]\n");
                break;
            case "flit_core":
                folder.Write("pyproject.toml", "[build-system]\nrequires = [\"flit_core\"]\nbuild-backend = \"flit_core.buildapi\"\n\n[project]\nname = \"pytest_sample\"\nversion = \"1.0.0\"\ndescription = \"A sample plugin.\"\n\n" +
                                               $"[tool.flit.sdist]\ninclude = [{Quoted(IncludeBuildFiles.Select(f => f is "release" or ".nuke" ? f + "/" : f))}]\n");
                break;
            case "poetry-core":
                folder.Write("pyproject.toml", "[build-system]\nrequires = [\"poetry-core\"]\nbuild-backend = \"poetry.core.masonry.api\"\n\n[tool.poetry]\nname = \"pytest-sample\"\nversion = \"1.0.0\"\n" +
                                               "description = \"A sample plugin.\"\nauthors = [\"Sample <sample@example.org>\"]\npackages = [{ include = \"pytest_sample\" }]\n" +
                                               $"include = [{Quoted(IncludeBuildFiles)}]\n");
                break;
        }
    }

    /// <summary>What the advice says, done as a user would: its lines into its file, merged into one list; for poetry-core, the include taken out.</summary>
    private static void Follow(TempFolder folder, string backend, IReadOnlyList<SdistExclusion> advice)
    {
        var pyproject = Path.Combine(folder.Path, "pyproject.toml");
        switch (backend)
        {
            case "setuptools-scm":
                advice.Should().OnlyContain(a => a.File == "MANIFEST.in" && a.Key == null);
                folder.Write("MANIFEST.in", string.Join("\n", advice.SelectMany(a => a.Patterns)) + "\n");
                break;
            case "hatchling" or "flit_core":
                var table = advice.Select(a => a.Table).Distinct().Should().ContainSingle().Subject!;
                advice.Should().OnlyContain(a => a.File == "pyproject.toml" && a.Key == "exclude");
                var text = File.ReadAllText(pyproject);
                // flit's table is the file's last one already; hatchling's is new.
                var header = text.Contains($"[{table}]\n", StringComparison.Ordinal) ? "" : $"\n[{table}]\n";
                File.WriteAllText(pyproject, text + header + $"exclude = [{Quoted(advice.SelectMany(a => a.Patterns).Distinct())}]\n");
                break;
            case "poetry-core":
                advice.Should().OnlyContain(a => a.Instead != null && a.Instead.Contains("out of include"));
                File.WriteAllLines(pyproject, File.ReadAllLines(pyproject).Where(l => !l.StartsWith("include = ", StringComparison.Ordinal)));
                break;
        }
    }

    private static async Task<(IReadOnlyList<string> S005, IReadOnlyList<string> Entries, string Top, string? BackendModule)> BuildAndInspectAsync(AbsolutePath root, BuildOwnFiles buildFiles)
    {
        var dist = root / "dist";
        if (dist.DirectoryExists())
            Directory.Delete(dist, recursive: true);
        var built = await PackageBuilder.BuildAsync(root, dist, Python, BuildIsolation.NotIsolated);
        var sdist = built.Single(f => f.Name.EndsWith(".tar.gz", StringComparison.Ordinal));

        var report = WheelInspection.Inspect(dist, root / "pyproject.toml", null, buildFiles: buildFiles);
        var s005 = report.Findings.Where(f => f.File == sdist.Name && f.Check == Checks.S005).Select(f => f.Message).ToList();
        var entries = new List<string>();
        await using (var gzip = new GZipStream(File.OpenRead(sdist), CompressionMode.Decompress))
        await using (var tar = new TarReader(gzip))
        {
            while (await tar.GetNextEntryAsync() is { } entry)
                entries.Add(entry.Name);
        }

        return (s005, entries, entries.First().Split('/')[0], ProjectExpectations.Load(root / "pyproject.toml", null).BuildBackend);
    }

    private static async Task CommitAndTagAsync(AbsolutePath root, bool again = false)
    {
        string[][] commands = again
            ? [["add", "-A"], ["commit", "-q", "-m", "Keep the build out of the sdist"], ["tag", "-f", "v1.0.0"]]
            : [["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "Sample plugin"], ["tag", "v1.0.0"]];
        foreach (var arguments in commands)
            await Tool.RunAsync("git", ["-c", "user.name=Sample", "-c", "user.email=sample@example.org", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", .. arguments],
                new ToolOptions { WorkingDirectory = root, LogOutput = false });
    }

    private static string Quoted(IEnumerable<string> items) => string.Join(", ", items.Select(i => $"\"{i}\""));
}
