using Wheelhouse.Engine.Tests.Definition;
using Wheelhouse.Engine.Tests.Logging;
using Wheelhouse.Engine.Tooling;

namespace Wheelhouse.Engine.Tests.Execution;

/// <summary>
/// Whole runs with --parallel through BuildRunner.Run: what each target logs, what the processes it runs print, and what it
/// writes to the console directly all come out in its own block, in plan order, on the console and in build.log.
/// </summary>
[Collection(Runner.ConsoleCollection.Name)]
public sealed class ParallelRunTests : IDisposable
{
    private readonly TempDirectory root = new();
    private readonly ConsoleCapture console = new();

    public ParallelRunTests() => Directory.CreateDirectory(root.Path / ".nuke");

    public void Dispose()
    {
        console.Dispose();
        root.Dispose();
    }

    private sealed class TwoTargets : BuildBase
    {
        public readonly Signal LaterFinished = new();

        // Earlier waits until Later finished, so Later's output is written first and must be held.
        public Target Earlier => _ => _.Executes(async cancellationToken =>
        {
            await LaterFinished.WaitAsync();
            await Tool.RunAsync("sh", ["-c", "echo earlier-process"], new ToolOptions { LogOutput = true }, cancellationToken);
            Console.Out.WriteLine("earlier-console");
        });

        Target Later => _ => _.Executes(async cancellationToken =>
        {
            await Tool.RunAsync("sh", ["-c", "echo later-process"], new ToolOptions { LogOutput = true }, cancellationToken);
            Console.Out.WriteLine("later-console");
            LaterFinished.Set();
        });
    }

    private static void ShouldBeInOrder(string text, params string[] parts)
    {
        var from = 0;
        foreach (var part in parts)
        {
            var found = text.IndexOf(part, from, StringComparison.Ordinal);
            found.Should().BeGreaterThanOrEqualTo(0, $"'{part}' follows the parts before it in:{Environment.NewLine}{text}");
            from = found + part.Length;
        }
    }

    [Fact]
    public void Process_output_and_console_writes_land_in_their_target_s_group_in_plan_order()
    {
        var exitCode = BuildRunner.Run(new TwoTargets(), ["Earlier", "Later", "--parallel", "2", "--root", root.Path, "--host", "github-actions"], []);

        exitCode.Should().Be(0);
        ShouldBeInOrder(console.Output,
            "::group::Earlier", "earlier-process", "earlier-console", "::endgroup::",
            "::group::Later", "later-process", "later-console", "::endgroup::",
            "Build succeeded");
        ShouldBeInOrder(File.ReadAllText(root.Path / ".nuke" / "temp" / "build.log"), "earlier-process", "later-process");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("two")]
    public void A_parallel_degree_that_is_not_a_whole_number_from_1_is_an_error(string value)
    {
        BuildRunner.Run(new TwoTargets(), ["Later", "--parallel", value, "--root", root.Path], []).Should().Be(BuildRunner.FailureExitCode);

        console.Error.Should().Be($"error: Option --parallel got '{value}', but it takes how many targets may run at once: a whole number, 1 or more (1 runs them one after another).{Environment.NewLine}");
    }

    private sealed class DegreeProbe : BuildBase
    {
        public int Seen;

        Target Show => _ => _.Executes(() => Seen = Context.Parallelism);
    }

    [Fact]
    public void The_degree_is_the_processor_count_by_default_and_the_parameters_file_may_set_it()
    {
        var byDefault = new DegreeProbe();
        BuildRunner.Run(byDefault, ["Show", "--root", root.Path], []).Should().Be(0);
        byDefault.Seen.Should().Be(Environment.ProcessorCount);

        File.WriteAllText(root.Path / ".nuke" / "parameters.json", """{ "Parallel": 3 }""");
        var fromFile = new DegreeProbe();
        BuildRunner.Run(fromFile, ["Show", "--root", root.Path], []).Should().Be(0);
        fromFile.Seen.Should().Be(3);

        var fromCommandLine = new DegreeProbe();
        BuildRunner.Run(fromCommandLine, ["Show", "--parallel", "1", "--root", root.Path], []).Should().Be(0);
        fromCommandLine.Seen.Should().Be(1, "the command line wins over the file");
    }
}
