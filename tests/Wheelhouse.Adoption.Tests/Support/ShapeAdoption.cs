using System.Diagnostics;
using Wheelhouse.TestSupport;

namespace Wheelhouse.Adoption.Tests.Support;

/// <summary>
/// A plugin of one <see cref="PluginShape"/> that adopts the build with README's "Use it for your plugin" commands, from
/// the packed fixture's local package folder, then releases as a maintainer would. Build runs inside the Debian 13 root
/// (its Python 3.13, pytest 8, setuptools 78, hatchling 1.27, poetry-core 2; the host's dotnet and NuGet cache bound in):
/// GenerateWorkflows (the one compile of this build), the commit, for a version from git tags a rehearsal before any
/// release tag and BumpVersion --bump patch, the rehearsal, a change, BumpVersion --bump minor and Build. Then, in the
/// same repository, the rehearsal with Debian 12's own tools (the host's /usr/bin/python3). Every step runs once, offline;
/// the tests read what each left.
/// </summary>
public sealed class ShapeAdoption
{
    /// <summary>The commit command of README's "First commands", run as written.</summary>
    public static readonly string[] ReadmeGitAdd = ["build", "build.sh", "build.ps1", "global.json", ".nuke", ".gitattributes", ".github", "pyproject.toml", ".gitignore"];

    public const string ReadmeCommitMessage = "Release with Wheelhouse";

    /// <summary>README's line that keeps the machine's NuGet.config out of git.</summary>
    public const string ReadmeNuGetExclude = "echo /NuGet.config >> .git/info/exclude";

    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(20);

    private readonly PackedWheelhouse packed;
    private readonly List<(string Step, TimeSpan Took)> timings = [];

    public ShapeAdoption(PluginShape shape, PackedWheelhouse packed, string parent)
    {
        this.packed = packed;
        Shape = shape;
        Root = Directory.CreateDirectory(Path.Combine(parent, shape.Name)).FullName;
        var total = Stopwatch.StartNew();

        Timed("write the plugin", () => shape.Write(Root));

        // README, "Use it for your plugin", step 2.
        Require(Timed("dotnet new wheelhouse", () => packed.LayDown(Root, "--package-name", shape.Name, "--repository", $"{PluginShape.Owner}/{shape.Name}", "--package-source", packed.PackagesFolder)));
        File.AppendAllText(Path.Combine(Root, ".git", "info", "exclude"), "/NuGet.config\n");
        if (shape.Backend == "setuptools")
            RemoveLine(".gitignore", "build/");

        // Step 3: only hatchling needs the exclusions in pyproject.toml.
        if (shape.Backend == "hatchling")
            File.AppendAllText(Path.Combine(Root, "pyproject.toml"), "\n" + SamplePlugins.HatchlingSdistExclude.ReplaceLineEndings("\n") + "\n");

        // Step 4.
        GenerateWorkflows = InDebian13("GenerateWorkflows");
        Require(GenerateWorkflows);
        Require(ChildProcess.Git(Root, ["add", .. ReadmeGitAdd]));
        Require(ChildProcess.Git(Root, "commit", "-q", "-m", ReadmeCommitMessage));
        if (shape.IsTagVersioned)
        {
            RehearsalBeforeTag = InDebian13();
            FirstTag = InDebian13("BumpVersion", "--bump", "patch");
            Require(FirstTag);
        }

        Rehearsal = InDebian13();
        Rehearsed = BuiltArtifacts.Read(Dist);
        PluginApi = ReadPluginApi(shape.FirstRelease);

        // A change, then the next minor release.
        var changelog = Path.Combine(Root, "CHANGELOG.md");
        File.WriteAllText(changelog, File.ReadAllText(changelog).Replace("## [Unreleased]\n", $"## [Unreleased]\n\n### Added\n\n- {shape.Option} repeats the greeting.\n"));
        Require(ChildProcess.Git(Root, "commit", "-q", "-am", "Document the greeting level"));
        MinorBump = InDebian13("BumpVersion", "--bump", "minor");
        Build = InDebian13("Build");
        Built = BuiltArtifacts.Read(Dist);
        StatusAfterRelease = ChildProcess.Git(Root, "status", "--porcelain").Out;

        // The same repository with Debian 12's own tools.
        Debian12Rehearsal = Timed("./build.sh on Debian 12", () => ChildProcess.Run(Path.Combine(Root, "build.sh"), [], Root, packed.BuildEnvironment, BuildTimeout));
        Debian12PluginApi = ReadPluginApi(shape.MinorRelease);
        Took = total.Elapsed;
    }

    public PluginShape Shape { get; }

    public string Root { get; }

    public string Dist => Path.Combine(Root, "dist");

    public ProcessResult GenerateWorkflows { get; }

    /// <summary>For a version from git tags: ./build.sh right after the adoption commit, before any release tag.</summary>
    public ProcessResult? RehearsalBeforeTag { get; }

    /// <summary>For a version from git tags: BumpVersion --bump patch, the release tag README's first commands ask for.</summary>
    public ProcessResult? FirstTag { get; }

    /// <summary>./build.sh in the Debian 13 root.</summary>
    public ProcessResult Rehearsal { get; }

    /// <summary>dist/ after <see cref="Rehearsal"/>.</summary>
    public BuiltArtifacts Rehearsed { get; }

    /// <summary>.nuke/temp/plugin-api/NAME-VERSION.json after <see cref="Rehearsal"/>; null when it was not written.</summary>
    public string? PluginApi { get; }

    public ProcessResult MinorBump { get; }

    public ProcessResult Build { get; }

    /// <summary>dist/ after <see cref="Build"/>.</summary>
    public BuiltArtifacts Built { get; }

    /// <summary>git status --porcelain after the minor release and its build.</summary>
    public string StatusAfterRelease { get; }

    /// <summary>./build.sh on the host, with /usr/bin/python3 (Debian 12: Python 3.11, pytest 7.2, setuptools 66, hatchling 1.12, poetry-core 1.4).</summary>
    public ProcessResult Debian12Rehearsal { get; }

    /// <summary>The plugin API JSON of <see cref="PluginShape.MinorRelease"/> after <see cref="Debian12Rehearsal"/>; null when it was not written.</summary>
    public string? Debian12PluginApi { get; }

    /// <summary>How long the whole adoption took, and each step.</summary>
    public TimeSpan Took { get; }

    public string Timings => string.Join(", ", timings.Select(t => $"{t.Step} {t.Took.TotalSeconds:0}s")) + $"; total {Took.TotalSeconds:0}s";

    /// <summary>./build.sh in the Debian 13 root, as a maintainer with that toolchain runs it.</summary>
    private ProcessResult InDebian13(params string[] arguments)
    {
        var command = "./build.sh" + string.Concat(arguments.Select(a => " " + a));
        return Timed($"{command} on Debian 13", () =>
        {
            var run = DebianRoot.Trixie.RunAsync(["./build.sh", .. arguments], Root, packed.BuildEnvironment, BuildTimeout).GetAwaiter().GetResult();
            return new ProcessResult($"{command} (in the Debian 13 root {DebianRoot.Trixie.Directory}, in {Root})", run.ExitCode, run.StandardOutput, run.StandardError);
        });
    }

    private T Timed<T>(string step, Func<T> action)
    {
        var watch = Stopwatch.StartNew();
        var result = action();
        timings.Add((step, watch.Elapsed));
        return result;
    }

    private void Timed(string step, Action action) => Timed(step, () => { action(); return 0; });

    private string? ReadPluginApi(string version)
    {
        var path = Path.Combine(Root, ".nuke", "temp", "plugin-api", $"{Shape.Name}-{version}.json");
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    private void RemoveLine(string relative, string line)
    {
        var path = Path.Combine(Root, relative);
        var lines = File.ReadAllLines(path);
        if (!lines.Contains(line))
            throw new InvalidOperationException($"{path} has no line {line}.");
        File.WriteAllLines(path, lines.Where(l => l != line));
    }

    private void Require(ProcessResult result)
    {
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"Adopting {Shape.Name} stopped ({Timings}): {result.Describe()}");
    }
}
