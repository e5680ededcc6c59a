namespace Wheelhouse.Adoption.Tests.Support;

/// <summary>
/// A hatchling plugin that adopts the build the way README's "Use it for your plugin" says, then runs what a maintainer
/// runs first: ./build.sh --help (the first compile), GenerateWorkflows, CheckWorkflows, and ./build.sh (the rehearsal),
/// then InspectWheel of the rehearsal's dist/ at --verbosity verbose. Every step runs once; the tests read the results.
/// </summary>
public sealed class AdoptedPlugin
{
    public const string Name = "pytest-adopted";
    public const string Owner = "acme";

    private readonly PackedWheelhouse packed;

    public AdoptedPlugin(PackedWheelhouse packed, string parent)
    {
        this.packed = packed;
        Root = Directory.CreateDirectory(Path.Combine(parent, Name)).FullName;
        SamplePlugins.WriteHatchling(Root, Name, Owner);
        PluginFiles = Tracked();

        LayDown = packed.LayDown(Root, "--package-name", Name, "--repository", $"{Owner}/{Name}", "--package-source", packed.PackagesFolder);
        StatusAfterLayDown = ChildProcess.Git(Root, "status", "--porcelain", "--untracked-files=all").Out;
        Help = Run(["--help"], TimeSpan.FromMinutes(20));
        GenerateWorkflows = Run(["GenerateWorkflows"]);
        ChildProcess.Git(Root, "add", "-A");
        ChildProcess.Git(Root, "commit", "-q", "-m", "Adopt the Wheelhouse build");
        CheckWorkflows = Run(["CheckWorkflows"]);
        Rehearsal = Run([], TimeSpan.FromMinutes(20));
        VerboseInspection = Run(["InspectWheel", "--skip", "--verbosity", "verbose"]);
    }

    public string Root { get; }

    /// <summary>The plugin's own files, before the template ran.</summary>
    public IReadOnlyList<string> PluginFiles { get; }

    public ProcessResult LayDown { get; }

    /// <summary>git status --porcelain right after dotnet new: what the template added or changed.</summary>
    public string StatusAfterLayDown { get; }

    public ProcessResult Help { get; }
    public ProcessResult GenerateWorkflows { get; }
    public ProcessResult CheckWorkflows { get; }
    public ProcessResult Rehearsal { get; }
    public ProcessResult VerboseInspection { get; }

    public string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    public IReadOnlyList<string> Tracked() =>
        ChildProcess.Git(Root, "ls-files").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private ProcessResult Run(string[] arguments, TimeSpan? timeout = null) =>
        ChildProcess.Run(Path.Combine(Root, "build.sh"), arguments, Root, packed.BuildEnvironment, timeout);
}
