namespace Wheelhouse.Engine.Tests.Runner;

/// <summary>Console output is process-wide, so tests that capture it run one at a time in this collection.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}

/// <summary>Runs a build through <see cref="BuildRunner"/> in a temp root, capturing standard output and error.</summary>
public sealed class RunnerHarness : IDisposable
{
    public RunnerHarness()
    {
        Root = Directory.CreateTempSubdirectory("wheelhouse-runner-").FullName;
        Directory.CreateDirectory(Path.Combine(Root, ".nuke"));
    }

    public string Root { get; }

    public (int ExitCode, string Out, string Error) Run(BuildBase build, params string[] args) =>
        Run(build, [], args);

    public (int ExitCode, string Out, string Error) Run(BuildBase build, IReadOnlyList<Func<object, Target>> defaults, params string[] args)
    {
        var (originalOut, originalError) = (Console.Out, Console.Error);
        var (output, error) = (new StringWriter(), new StringWriter());
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exitCode = BuildRunner.Run(build, [.. args, "--root", Root, "--host", "terminal"], defaults);
            return (exitCode, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
