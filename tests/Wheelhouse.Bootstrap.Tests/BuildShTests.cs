using System.Text.RegularExpressions;

namespace Wheelhouse.Bootstrap.Tests;

[Collection(CompiledCopyCollection.Name)]
public sealed class BuildShTests(CompiledCopy copy)
{
    private const string CompileNotice = "build.sh: compiling build/_build.csproj";

    [Fact]
    public void First_run_compiles_writes_the_stamp_and_returns_the_builds_exit_code()
    {
        var run = copy.FirstRun;
        copy.FirstRunStampExistedBefore.Should().BeFalse("the copy starts without .nuke/temp");
        copy.FirstRunDllExistedBefore.Should().BeFalse("the copy starts without build/bin");

        run.ExitCode.Should().Be(CompiledCopy.FirstRunExitCode, run.Describe());
        run.StdErr.Should().Contain(CompileNotice, run.Describe());
        File.Exists(copy.StampPath).Should().BeTrue("the compile records its fingerprint");
        File.Exists(copy.DllPath).Should().BeTrue("the build is published to build/bin/publish");
        run.StdOutLines.Should().Contain("engine:Wheelhouse.Engine", "the build project references the engine");
        run.StdOutLines.Where(l => l.StartsWith("arg:", StringComparison.Ordinal))
            .Should().Equal(CompiledCopy.FirstRunArguments.Select(a => $"arg:[{a}]"));
    }

    [Fact]
    public void Stamp_records_the_dotnet_used_the_dll_and_the_inputs()
    {
        copy.EnsureWarm();
        var lines = File.ReadAllLines(copy.StampPath);
        lines[0].Should().EndWith("dotnet", "the first line is the dotnet executable used");
        File.Exists(lines[0]).Should().BeTrue();
        lines[1].Should().Be("build/bin/publish/_build.dll");
        lines.Should().Contain(l => l.StartsWith("build/Build.cs ", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("build/_build.csproj ", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("src/Wheelhouse.Engine/Wheelhouse.Engine.csproj ", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("global.json ", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("Directory.Build.props ", StringComparison.Ordinal));
        lines.Skip(2).Should().NotContain(l => l.Contains("/obj/") || l.Contains("/bin/"), "outputs are not inputs");
    }

    [Fact]
    public void With_every_package_cached_an_unreachable_package_source_does_not_stop_a_compile()
    {
        copy.EnsureWarm(); // every package, the ReadyToRun packs included, is in the NuGet cache now
        var config = Path.Combine(copy.Root, "NuGet.config");
        File.WriteAllText(config, """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="unreachable" value="https://127.0.0.1:9/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        try
        {
            // A new source list makes restore run for real, and its vulnerability audit cannot reach the source.
            var run = copy.RunBuildSh(["offline"], environment: new Dictionary<string, string?> { ["WHEELHOUSE_FORCE_COMPILE"] = "1" });

            run.ExitCode.Should().Be(0, run.Describe());
            run.StdOutLines.Should().Contain("arg:[offline]");
            run.StdErr.Should().NotContain("ReadyToRun is not possible", "the packs come from the cache: " + run.Describe());
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public void Warm_run_does_not_recompile()
    {
        copy.EnsureWarm();
        var dllTime = File.GetLastWriteTimeUtc(copy.DllPath);
        var stamp = File.ReadAllText(copy.StampPath);
        var stampTime = File.GetLastWriteTimeUtc(copy.StampPath);

        var run = copy.RunBuildSh(["--help"]);

        run.ExitCode.Should().Be(0, run.Describe());
        run.StdErr.Should().NotContain(CompileNotice, run.Describe());
        run.StdOutLines.Should().Contain("arg:[--help]");
        File.GetLastWriteTimeUtc(copy.DllPath).Should().Be(dllTime, "the dll is not rebuilt");
        File.ReadAllText(copy.StampPath).Should().Be(stamp);
        File.GetLastWriteTimeUtc(copy.StampPath).Should().Be(stampTime, "the stamp is not rewritten");
    }

    [Fact]
    public void Warm_run_starts_only_the_compiled_dll()
    {
        copy.EnsureWarm();
        // Point the stamp at a dotnet wrapper that logs every invocation, then run warm.
        var original = File.ReadAllText(copy.StampPath);
        var lines = original.Split('\n', 2);
        var log = Path.Combine(copy.Root, ".nuke", "temp", "dotnet-calls.log");
        var wrapper = Path.Combine(copy.Root, ".nuke", "temp", "dotnet-wrapper");
        RepoCopy.WriteExecutable(wrapper, $"#!/bin/sh\nprintf '%s\\n' \"$*\" >> '{log}'\nexec '{lines[0]}' \"$@\"\n");
        try
        {
            File.WriteAllText(copy.StampPath, wrapper + "\n" + lines[1]);
            var run = copy.RunBuildSh(["--help", "x"]);
            run.ExitCode.Should().Be(0, run.Describe());
            run.StdErr.Should().NotContain(CompileNotice);
            File.ReadAllLines(log).Should().Equal(
                [$"{copy.DllPath} --help x"],
                "the warm path starts dotnet once, on the dll: no MSBuild, no --version/--list-sdks");
        }
        finally
        {
            File.WriteAllText(copy.StampPath, original);
        }
    }

    [Fact]
    public void Touching_or_changing_an_input_recompiles()
    {
        copy.EnsureWarm();

        // touch: same content, new mtime
        var dllTime = File.GetLastWriteTimeUtc(copy.DllPath);
        File.SetLastWriteTimeUtc(copy.BuildCsPath, DateTime.UtcNow);
        var touched = copy.RunBuildSh([]);
        touched.ExitCode.Should().Be(0, touched.Describe());
        touched.StdErr.Should().Contain(CompileNotice, touched.Describe());
        File.GetLastWriteTimeUtc(copy.DllPath).Should().BeAfter(dllTime);

        // and the next run is warm again
        var again = copy.RunBuildSh([]);
        again.StdErr.Should().NotContain(CompileNotice, again.Describe());

        // a changed program is what runs afterwards
        copy.WriteStandInProgram("v2");
        try
        {
            var changed = copy.RunBuildSh([]);
            changed.ExitCode.Should().Be(0, changed.Describe());
            changed.StdErr.Should().Contain(CompileNotice, changed.Describe());
            changed.StdOutLines.Should().Contain("marker:v2");
        }
        finally
        {
            copy.WriteStandInProgram("v1");
        }

        // an engine source counts as an input too
        copy.EnsureWarm();
        var engineFile = Directory.EnumerateFiles(Path.Combine(copy.Root, "src", "Wheelhouse.Engine"), "*.cs*", SearchOption.AllDirectories)
            .First(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"));
        File.SetLastWriteTimeUtc(engineFile, DateTime.UtcNow);
        var engineTouched = copy.RunBuildSh([]);
        engineTouched.ExitCode.Should().Be(0, engineTouched.Describe());
        engineTouched.StdErr.Should().Contain(CompileNotice, engineTouched.Describe());
    }

    [Fact]
    public void Adding_a_source_file_recompiles()
    {
        copy.EnsureWarm();
        var extra = Path.Combine(copy.Root, "build", "Extra.cs");
        File.WriteAllText(extra, "static class Extra { }\n");
        try
        {
            var run = copy.RunBuildSh([]);
            run.ExitCode.Should().Be(0, run.Describe());
            run.StdErr.Should().Contain(CompileNotice, run.Describe());
        }
        finally
        {
            File.Delete(extra);
        }
    }

    [Fact]
    public void Force_variable_recompiles()
    {
        copy.EnsureWarm();
        var run = copy.RunBuildSh([], environment: new Dictionary<string, string?> { ["WHEELHOUSE_FORCE_COMPILE"] = "1" });
        run.ExitCode.Should().Be(0, run.Describe());
        run.StdErr.Should().Contain(CompileNotice, run.Describe());
    }

    [Fact]
    public void Arguments_and_exit_code_are_forwarded_unchanged()
    {
        copy.EnsureWarm();
        string[] arguments = ["--help", "two words", "", "-x", "--target:Foo", "quote\"d", "$HOME", "*", "tab\there"];

        var run = copy.RunBuildSh(arguments, exitCode: 7);

        run.ExitCode.Should().Be(7, run.Describe());
        run.StdOutLines.Where(l => l.StartsWith("arg:", StringComparison.Ordinal))
            .Should().Equal(arguments.Select(a => $"arg:[{a}]"), run.Describe());
        run.StdErr.Should().BeEmpty("a warm run adds nothing of its own");
    }

    [Fact]
    public void Build_runs_in_the_callers_working_directory_from_anywhere()
    {
        copy.EnsureWarm();
        var src = Path.Combine(copy.Root, "src");

        // by a relative path, from a sub folder
        var relative = ProcessRunner.Run("bash", ["../build.sh", "rel"], src);
        relative.ExitCode.Should().Be(0, relative.Describe());
        relative.StdOutLines.Should().Contain($"cwd:{src}");
        relative.StdErr.Should().NotContain(CompileNotice, "the stamp does not depend on how the script is called");

        // by an absolute path, from outside the repository
        var outside = Path.GetDirectoryName(copy.Root)!;
        var absolute = copy.RunBuildSh(["abs"], workingDirectory: outside);
        absolute.ExitCode.Should().Be(0, absolute.Describe());
        absolute.StdOutLines.Should().Contain($"cwd:{outside}");
        absolute.StdErr.Should().NotContain(CompileNotice);
    }

    [Fact]
    public void Compile_error_is_shown_with_the_compilers_exit_code_and_the_stale_dll_is_not_run()
    {
        copy.EnsureWarm();
        var stamp = File.ReadAllText(copy.StampPath);
        File.WriteAllText(copy.BuildCsPath, "static class Build { static int Main() => undefined_name; }\n");
        try
        {
            var run = copy.RunBuildSh([]);
            run.ExitCode.Should().NotBe(0, run.Describe());
            run.StdErr.Should().Contain("error CS0103", run.Describe());
            run.StdOut.Should().NotContain("marker:", "the old dll must not run after a failed compile");
            File.ReadAllText(copy.StampPath).Should().Be(stamp, "a failed compile leaves the stamp alone");
            Regex.IsMatch(run.StdErr, @"^\s+at \S+\(", RegexOptions.Multiline).Should().BeFalse("no stack trace");
        }
        finally
        {
            copy.WriteStandInProgram("v1");
        }
        copy.EnsureWarm();
    }
}
