namespace Wheelhouse.Bootstrap.Tests;

/// <summary>build.ps1 under PowerShell 7, started as `dotnet tool run pwsh` from the copy's tool manifest.</summary>
[Collection(CompiledCopyCollection.Name)]
public sealed class BuildPs1Tests(CompiledCopy copy)
{
    private const string CompileNotice = "build.ps1: compiling build/_build.csproj";

    [Fact]
    public void Compiles_then_runs_warm_forwarding_arguments_and_exit_code()
    {
        File.Delete(copy.Ps1StampPath);
        string[] arguments = ["--help", "two words", "-x", "quote\"d", "$HOME"];

        var cold = copy.RunBuildPs1(arguments, exitCode: 5);

        cold.ExitCode.Should().Be(5, cold.Describe());
        cold.StdErr.Should().Contain(CompileNotice, cold.Describe());
        File.Exists(copy.Ps1StampPath).Should().BeTrue();
        cold.StdOutLines.Should().Contain("engine:Wheelhouse.Engine");
        cold.StdOutLines.Where(l => l.StartsWith("arg:", StringComparison.Ordinal))
            .Should().Equal(arguments.Select(a => $"arg:[{a}]"), cold.Describe());

        var stampTime = File.GetLastWriteTimeUtc(copy.Ps1StampPath);
        var warm = copy.RunBuildPs1(arguments, exitCode: 6);

        warm.ExitCode.Should().Be(6, warm.Describe());
        warm.StdErr.Should().NotContain(CompileNotice, warm.Describe());
        warm.StdOutLines.Where(l => l.StartsWith("arg:", StringComparison.Ordinal))
            .Should().Equal(arguments.Select(a => $"arg:[{a}]"));
        File.GetLastWriteTimeUtc(copy.Ps1StampPath).Should().Be(stampTime, "a warm run leaves the stamp alone");
    }

    [Fact]
    public void Stamp_records_the_dotnet_used_and_the_dll()
    {
        var run = copy.RunBuildPs1([]);
        run.ExitCode.Should().Be(0, run.Describe());
        var lines = File.ReadAllLines(copy.Ps1StampPath);
        File.Exists(lines[0]).Should().BeTrue("the first line is the dotnet executable used");
        lines[1].Should().Be("build/bin/publish/_build.dll");
        lines.Should().Contain(l => l.StartsWith("build/Build.cs|", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("global.json|", StringComparison.Ordinal));
    }

    [Fact]
    public void Changing_an_input_recompiles_and_the_new_program_runs()
    {
        copy.RunBuildPs1([]).ExitCode.Should().Be(0);
        copy.WriteStandInProgram("ps1");
        try
        {
            var run = copy.RunBuildPs1([]);
            run.ExitCode.Should().Be(0, run.Describe());
            run.StdErr.Should().Contain(CompileNotice, run.Describe());
            run.StdOutLines.Should().Contain("marker:ps1");
        }
        finally
        {
            copy.WriteStandInProgram("v1");
        }
    }

    [Fact]
    public void Force_variable_recompiles()
    {
        copy.RunBuildPs1([]).ExitCode.Should().Be(0);
        var run = copy.RunBuildPs1([], environment: new Dictionary<string, string?> { ["WHEELHOUSE_FORCE_COMPILE"] = "1" });
        run.ExitCode.Should().Be(0, run.Describe());
        run.StdErr.Should().Contain(CompileNotice, run.Describe());
    }

    [Fact]
    public void Build_runs_in_the_callers_working_directory()
    {
        var src = Path.Combine(copy.Root, "src");
        var run = copy.RunBuildPs1(["x"], workingDirectory: src);
        run.ExitCode.Should().Be(0, run.Describe());
        run.StdOutLines.Should().Contain($"cwd:{src}");
    }
}
