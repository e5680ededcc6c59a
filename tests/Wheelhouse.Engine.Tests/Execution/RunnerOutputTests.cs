using Wheelhouse.Engine.Tests.Definition;
using Wheelhouse.Engine.Tests.Logging;

namespace Wheelhouse.Engine.Tests.Execution;

/// <summary>
/// Whole runs through BuildRunner.Run for what reaches the user outside the masking log (the summary
/// table, the GitHub step summary, closing lines), --skip and --verbosity. Runner/BuildRunnerTests covers the rest of a run.
/// They replace the process's console and environment, so they run in the non-parallel console collection.
/// </summary>
[Collection(Runner.ConsoleCollection.Name)]
public sealed class RunnerOutputTests : IDisposable
{
    private const string Secret = "hunter2-wheelhouse-probe";

    private readonly TempDirectory root = new();
    private readonly ConsoleCapture console = new();

    public RunnerOutputTests() => Directory.CreateDirectory(root.Path / ".nuke");

    public void Dispose()
    {
        console.Dispose();
        root.Dispose();
    }

    private sealed class ProbeBuild : BuildBase
    {
        [Parameter("A secret"), Secret]
        private readonly string? wheelhouseProbeToken = null;

        public List<string> Ran { get; } = [];

        public Target Compile => _ => _.Executes(() => Ran.Add("Compile"));
        Target Upload => _ => _.DependsOn(Compile).Executes(() => throw new BuildException($"The index refused token {wheelhouseProbeToken}.\nSecond line {wheelhouseProbeToken}"));
        Target Report => _ => _.Executes(() => Context.AddClosingLine($"report for {wheelhouseProbeToken}"));
    }

    private int Run(ProbeBuild build, string host, params string[] args) =>
        BuildRunner.Run(build, [.. args, "--root", root.Path, "--host", host], [b => ((ProbeBuild)b).Compile]);

    private void WriteSecretToParametersFile() =>
        File.WriteAllText(root.Path / ".nuke" / "parameters.json", $$"""{ "wheelhouseProbeToken": "{{Secret}}" }""");

    [Fact]
    public void A_secret_quoted_in_a_failure_is_masked_in_the_summary_table_and_the_log()
    {
        WriteSecretToParametersFile();

        Run(new ProbeBuild(), "terminal", "Upload").Should().Be(BuildRunner.FailureExitCode);

        console.Output.Should().Contain("Build failed.").And.Contain("The index refused token ***.");
        console.Output.Should().NotContain(Secret);
        console.Error.Should().NotContain(Secret);
        File.ReadAllText(root.Path / ".nuke" / "temp" / "build.log").Should().Contain("The index refused token ***.").And.NotContain(Secret);
    }

    [Fact]
    public void A_secret_quoted_in_a_failure_is_masked_in_the_GitHub_step_summary()
    {
        WriteSecretToParametersFile();
        var summary = root.Path / "summary.md";
        var previous = Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY");
        Environment.SetEnvironmentVariable("GITHUB_STEP_SUMMARY", summary);
        try
        {
            Run(new ProbeBuild(), "github-actions", "Upload").Should().Be(BuildRunner.FailureExitCode);
        }
        finally
        {
            Environment.SetEnvironmentVariable("GITHUB_STEP_SUMMARY", previous);
        }

        console.Output.Should().Contain($"::add-mask::{Secret}", "GitHub is told the secret before anything could print it");
        console.Output.Should().Contain("::error::").And.Contain("::group::Upload");
        File.ReadAllText(summary).Should().Contain("| Upload | Failed |").And.Contain("The index refused token ***.").And.NotContain(Secret);
    }

    [Fact]
    public void Closing_lines_are_printed_after_the_summary_with_secrets_masked()
    {
        WriteSecretToParametersFile();

        Run(new ProbeBuild(), "terminal", "Report").Should().Be(0);

        console.Output.Should().Contain("report for ***").And.NotContain(Secret);
        console.Output.IndexOf("report for ***", StringComparison.Ordinal).Should().BeGreaterThan(console.Output.IndexOf("Build succeeded", StringComparison.Ordinal));
    }

    [Fact]
    public void Skip_without_values_runs_only_the_invoked_targets()
    {
        var build = new ProbeBuild();

        Run(build, "terminal", "Report", "Compile", "--skip").Should().Be(0);

        build.Ran.Should().Equal("Compile");
    }

    [Fact]
    public void Skip_with_values_skips_the_named_dependency()
    {
        var build = new ProbeBuild();

        Run(build, "terminal", "Upload", "--skip", "Compile").Should().Be(BuildRunner.FailureExitCode);

        build.Ran.Should().BeEmpty();
        console.Output.Should().Contain("named in --skip");
    }

    [Fact]
    public void A_bad_verbosity_is_an_error_listing_the_levels()
    {
        Run(new ProbeBuild(), "terminal", "Compile", "--verbosity", "loud").Should().Be(BuildRunner.FailureExitCode);

        console.Error.Should().Be($"error: Option --verbosity got 'loud', but it takes one of: quiet, minimal, normal, verbose.{Environment.NewLine}");
    }

    private sealed class BrokenDefinition : BuildBase
    {
        Target Broken => throw new InvalidOperationException("bad definition");
    }

    [Theory]
    [InlineData("--verbosity", "verbose")]
    [InlineData("--verbosity=verbose")]
    [InlineData("--verbosity", "Verbose")]
    [InlineData("--VERBOSITY=VERBOSE")]
    public void A_fault_in_the_build_shows_its_stack_trace_at_verbose_however_the_option_is_spelled(params string[] verbosity)
    {
        BuildRunner.Run(new BrokenDefinition(), ["Broken", .. verbosity, "--root", root.Path, "--host", "terminal"], []).Should().Be(BuildRunner.FailureExitCode);

        console.Error.Should().StartWith("error: InvalidOperationException: bad definition").And.Contain("   at ");
    }

    [Fact]
    public void A_fault_in_the_build_shows_no_stack_trace_below_verbose()
    {
        BuildRunner.Run(new BrokenDefinition(), ["Broken", "--verbosity=normal", "--root", root.Path], []).Should().Be(BuildRunner.FailureExitCode);

        console.Error.Should().Contain("This is a fault in the build itself. Run again with --verbosity verbose").And.NotContain("   at ");
    }
}
