namespace Wheelhouse.GitHub.Tests.Workflows;

[CollectionDefinition(Name)]
public sealed class BuildCopyCollection : ICollectionFixture<BuildCopy>
{
    public const string Name = "compiled copy of the real build";
}

/// <summary>
/// A temp copy of the real build (build/, src/Wheelhouse.*, build.sh, global.json, .nuke without temp/,
/// pyproject.toml and the committed .github/workflows), compiled once by its first <c>./build.sh</c> run. The tests
/// run the real GenerateWorkflows, CheckWorkflows, TrustedPublisher and --plan there, so the repository's own
/// files, outputs and .nuke/temp are never touched.
/// </summary>
public sealed class BuildCopy : IDisposable
{
    private static readonly string[] RootFiles = ["Directory.Build.props", "global.json", "build.sh", "pyproject.toml"];

    private readonly TempFolder temp = new("copy");

    public BuildCopy()
    {
        Root = temp.Path;
        var repository = Repository.Root;
        CopyTree(Path.Combine(repository, "build"), Path.Combine(Root, "build"));
        foreach (var project in Directory.EnumerateDirectories(Path.Combine(repository, "src"), "Wheelhouse.*"))
            CopyTree(project, Path.Combine(Root, "src", Path.GetFileName(project)));
        foreach (var file in RootFiles)
            CopyFile(Path.Combine(repository, file), Path.Combine(Root, file));
        CopyTree(Path.Combine(repository, ".nuke"), Path.Combine(Root, ".nuke"));
        ResetWorkflows();
        FirstCheck = Run(["CheckWorkflows"], timeout: TimeSpan.FromMinutes(10));
    }

    public string Root { get; }

    /// <summary>The first run, which compiled the copy: CheckWorkflows over the committed files.</summary>
    public ProcessResult FirstCheck { get; }

    public string WorkflowPath(string fileName) => Path.Combine(Root, ".github", "workflows", fileName);

    /// <summary>Puts the repository's committed workflow files back into the copy.</summary>
    public void ResetWorkflows()
    {
        var folder = Path.Combine(Root, ".github", "workflows");
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        CopyTree(Path.Combine(Repository.Root, ".github", "workflows"), folder);
    }

    /// <summary>Runs the copy's build.sh as a user would, as a local build (no CI variables).</summary>
    public ProcessResult Run(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null) =>
        ChildProcess.Run(Path.Combine(Root, "build.sh"), arguments, Root, environment, timeout ?? TimeSpan.FromMinutes(5));

    public void Dispose() => temp.Dispose();

    private static void CopyTree(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
            CopyFile(file, Path.Combine(target, Path.GetFileName(file)));
        foreach (var directory in Directory.EnumerateDirectories(source).Where(d => Path.GetFileName(d) is not ("bin" or "obj" or "temp")))
            CopyTree(directory, Path.Combine(target, Path.GetFileName(directory)));
    }

    private static void CopyFile(string source, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target, overwrite: true);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(target, File.GetUnixFileMode(source));
    }
}
