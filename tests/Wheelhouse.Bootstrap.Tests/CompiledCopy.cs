namespace Wheelhouse.Bootstrap.Tests;

[CollectionDefinition(Name)]
public sealed class CompiledCopyCollection : ICollectionFixture<CompiledCopy>
{
    public const string Name = "compiled copy of the build inputs";
}

/// <summary>
/// One temp copy of the build inputs, shared by the tests that compile (a compile takes
/// 5-20 s). Its build/Build.cs is replaced by <see cref="StandInProgram"/>, which reports its
/// arguments, working directory and the engine assembly and exits with the code in
/// <see cref="ExitCodeVariable"/>; the build project still references the engine, so the
/// real compile path is exercised. The constructor does the first, cold ./build.sh run.
/// </summary>
public sealed class CompiledCopy : IDisposable
{
    public const string ExitCodeVariable = "BOOTSTRAP_TEST_EXIT_CODE";
    public const int FirstRunExitCode = 3;
    public static readonly string[] FirstRunArguments = ["first", "--run"];

    private readonly string _tempRoot;
    private readonly Lazy<RunResult> _toolRestore;

    public CompiledCopy()
    {
        _tempRoot = RepoCopy.NewTempFolder("copy");
        Root = Path.Combine(_tempRoot, "repo");
        RepoCopy.CopyBuildInputs(Root);
        // The stand-in replaces the whole build program: other sources of the real build may
        // depend on the real Build class, so they go too (in the copy only).
        foreach (var source in Directory.EnumerateFiles(Path.Combine(Root, "build"), "*.cs", SearchOption.AllDirectories))
            File.Delete(source);
        WriteStandInProgram("v1");
        RealDotnet = RepoCopy.FindOnPath("dotnet")
            ?? throw new InvalidOperationException("dotnet is not on PATH");
        _toolRestore = new Lazy<RunResult>(() =>
            ProcessRunner.Run(RealDotnet, ["tool", "restore"], Root));

        FirstRunStampExistedBefore = File.Exists(StampPath);
        FirstRunDllExistedBefore = File.Exists(DllPath);
        FirstRun = RunBuildSh(FirstRunArguments, exitCode: FirstRunExitCode);
    }

    /// <summary>The copy's root: what the repository root is to the real scripts.</summary>
    public string Root { get; }
    public string RealDotnet { get; }
    public RunResult FirstRun { get; }
    public bool FirstRunStampExistedBefore { get; }
    public bool FirstRunDllExistedBefore { get; }

    public string StampPath => Path.Combine(Root, ".nuke", "temp", "build.stamp");
    public string Ps1StampPath => Path.Combine(Root, ".nuke", "temp", "build.ps1.stamp");
    /// <summary>Where build.sh and build.ps1 publish the build (ReadyToRun) and start it from.</summary>
    public string PublishDir => Path.Combine(Root, "build", "bin", "publish");
    public string DllPath => Path.Combine(PublishDir, "_build.dll");
    public string BuildCsPath => Path.Combine(Root, "build", "Build.cs");

    public static string StandInProgram(string marker) => $$"""
        // Stand-in for the real build, written by Wheelhouse.Bootstrap.Tests into a temp copy only.
        static class Build
        {
            static int Main(string[] args)
            {
                System.Console.WriteLine("marker:{{marker}}");
                System.Console.WriteLine("cwd:" + System.Environment.CurrentDirectory);
                System.Console.WriteLine("engine:" + System.Reflection.Assembly.Load("Wheelhouse.Engine").GetName().Name);
                foreach (var arg in args) System.Console.WriteLine("arg:[" + arg + "]");
                var code = System.Environment.GetEnvironmentVariable("{{ExitCodeVariable}}");
                return int.TryParse(code, out var exitCode) ? exitCode : 0;
            }
        }
        """;

    public void WriteStandInProgram(string marker) => File.WriteAllText(BuildCsPath, StandInProgram(marker));

    /// <summary>Runs the copy's build.sh the way a user types it: by its path, from <paramref name="workingDirectory"/>.</summary>
    public RunResult RunBuildSh(
        IEnumerable<string> arguments,
        int exitCode = 0,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var env = new Dictionary<string, string?> { [ExitCodeVariable] = exitCode.ToString() };
        if (environment is not null)
            foreach (var (name, value) in environment) env[name] = value;
        return ProcessRunner.Run(Path.Combine(Root, "build.sh"), arguments, workingDirectory ?? Root, env);
    }

    /// <summary>Runs the copy's build.ps1 under the PowerShell from the copy's tool manifest.</summary>
    public RunResult RunBuildPs1(
        IEnumerable<string> arguments,
        int exitCode = 0,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var restore = _toolRestore.Value;
        restore.ExitCode.Should().Be(0, "`dotnet tool restore` must install pwsh; {0}", restore.Describe());
        var env = new Dictionary<string, string?> { [ExitCodeVariable] = exitCode.ToString() };
        if (environment is not null)
            foreach (var (name, value) in environment) env[name] = value;
        return ProcessRunner.Run(RealDotnet, PwshArguments(Path.Combine(Root, "build.ps1"), workingDirectory ?? Root, arguments), Root, env);
    }

    public static IEnumerable<string> PwshArguments(string script, string workingDirectory, IEnumerable<string> arguments) =>
        new[] { "tool", "run", "pwsh", "--", "-NoProfile", "-NonInteractive", "-WorkingDirectory", workingDirectory, "-File", script }
            .Concat(arguments);

    /// <summary>Makes sure the stamp is current (compiling if a previous test changed an input).</summary>
    public void EnsureWarm()
    {
        var run = RunBuildSh([]);
        run.ExitCode.Should().Be(0, run.Describe());
    }

    public void Dispose() => RepoCopy.DeleteQuietly(_tempRoot);
}
