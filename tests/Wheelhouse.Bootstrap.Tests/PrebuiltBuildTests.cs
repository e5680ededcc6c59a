namespace Wheelhouse.Bootstrap.Tests;

/// <summary>
/// A later CI job: a fresh copy of the sources (new mtimes, no bin/, obj/ or .nuke/temp) with the build an earlier job
/// compiled from them downloaded into build/bin/prebuilt, as the generated workflows do. build.sh runs it without restore
/// or compile when the platform and the sources' hash match, and never uses it otherwise.
/// </summary>
[Collection(CompiledCopyCollection.Name)]
public sealed class PrebuiltBuildTests : IDisposable
{
    private const string CompileNotice = "build.sh: compiling build/_build.csproj";
    private static readonly Dictionary<string, string?> NoCompile = new() { ["WHEELHOUSE_NO_COMPILE"] = "1" };

    private readonly CompiledCopy _copy;
    private readonly string _temp;
    private readonly string _clone;

    public PrebuiltBuildTests(CompiledCopy copy)
    {
        _copy = copy;
        copy.EnsureWarm(); // build/bin/publish is the compile of the copy's current sources
        _temp = RepoCopy.NewTempFolder("prebuilt");
        _clone = Path.Combine(_temp, "clone");
        RepoCopy.CopyBuildInputs(_clone, copy.Root);
        CopyTree(Path.Combine(copy.Root, "build", "bin", "publish"), PrebuiltFolder);
    }

    private string PrebuiltFolder => Path.Combine(_clone, "build", "bin", "prebuilt");

    private RunResult Run(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null) =>
        ProcessRunner.Run(Path.Combine(_clone, "build.sh"), arguments, _clone, environment);

    private IEnumerable<string> ObjFolders() => Directory.EnumerateDirectories(_clone, "obj", SearchOption.AllDirectories);

    [Fact]
    public void The_compile_writes_the_platform_and_the_hash_of_the_sources_beside_the_build()
    {
        var stamp = File.ReadAllLines(Path.Combine(_copy.Root, "build", "bin", "publish", "prebuilt.stamp"));

        stamp.Should().HaveCount(4);
        stamp[0].Should().Be("wheelhouse-prebuilt 1");
        stamp[1].Should().Be(ProcessRunner.Run("uname", ["-sm"], _copy.Root).StdOut.Trim());
        stamp[2].Should().Be("_build.dll");
        stamp[3].Should().MatchRegex("^[0-9a-f]{64}$");
    }

    [Fact]
    public void A_fresh_clone_with_the_compiled_build_of_its_sources_runs_it_without_restore_or_compile()
    {
        var run = Run(["Publish", "--skip"]);

        run.ExitCode.Should().Be(0, run.Describe());
        run.StdOutLines.Should().Contain(["arg:[Publish]", "arg:[--skip]"], "the prebuilt build ran with the arguments");
        run.StdErr.Should().NotContain(CompileNotice, run.Describe());
        run.StdErr.Should().Contain("build.sh: running the build compiled in build/bin/prebuilt (same sources, same platform): no restore, no compile");
        ObjFolders().Should().BeEmpty("nothing was restored or compiled");
        Directory.Exists(Path.Combine(_clone, "build", "bin", "publish")).Should().BeFalse();
        File.ReadAllLines(Path.Combine(_clone, ".nuke", "temp", "build.stamp"))[1].Should().Be("build/bin/prebuilt/_build.dll");

        var again = Run(["again"], NoCompile);
        again.ExitCode.Should().Be(0, again.Describe());
        again.StdErr.Should().BeEmpty("the stamp now names the prebuilt build: the warm path");
        again.StdOutLines.Should().Contain("arg:[again]");
    }

    [Fact]
    public void A_compiled_build_of_other_sources_is_not_used_and_with_no_compile_set_the_run_fails_before_restoring()
    {
        var source = Directory.EnumerateFiles(Path.Combine(_clone, "src"), "*.cs", SearchOption.AllDirectories).First();
        File.AppendAllText(source, "\n// changed after the earlier job compiled\n");

        var refused = Run(["Publish"], NoCompile);

        refused.ExitCode.Should().Be(1, refused.Describe());
        refused.StdErr.Should().Contain("build.sh: warning: not using build/bin/prebuilt: it was compiled from other sources")
            .And.Contain("build.sh: error: WHEELHOUSE_NO_COMPILE=1, and there is no compiled build of these sources to run")
            .And.NotContain(CompileNotice);
        refused.StdOutLines.Should().NotContain(l => l.StartsWith("marker:", StringComparison.Ordinal), "the stale build did not run");
        ObjFolders().Should().BeEmpty();

        var compiled = Run(["Publish"]);

        compiled.ExitCode.Should().Be(0, compiled.Describe());
        compiled.StdErr.Should().Contain("not using build/bin/prebuilt").And.Contain(CompileNotice);
        File.ReadAllLines(Path.Combine(_clone, ".nuke", "temp", "build.stamp"))[1].Should().Be("build/bin/publish/_build.dll");
    }

    [Fact]
    public void A_compiled_build_from_another_platform_is_not_used()
    {
        var stamp = Path.Combine(PrebuiltFolder, "prebuilt.stamp");
        var lines = File.ReadAllLines(stamp);
        lines[1] = "Darwin arm64";
        File.WriteAllText(stamp, string.Join('\n', lines) + "\n");

        var run = Run(["Publish"], NoCompile);

        run.ExitCode.Should().Be(1, run.Describe());
        run.StdErr.Should().Contain("not using build/bin/prebuilt: it was compiled on Darwin arm64, this is ");
        ObjFolders().Should().BeEmpty();
    }

    [Fact]
    public void Without_a_compiled_build_no_compile_fails_and_says_what_the_job_should_download()
    {
        Directory.Delete(PrebuiltFolder, recursive: true);

        var run = Run(["Publish"], NoCompile);

        run.ExitCode.Should().Be(1, run.Describe());
        run.StdErr.Should().Contain("there is no build/bin/prebuilt folder").And.Contain("downloads that job's artifact into build/bin/prebuilt/");
        ObjFolders().Should().BeEmpty();
    }

    public void Dispose() => RepoCopy.DeleteQuietly(_temp);

    private static void CopyTree(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        foreach (var dir in Directory.EnumerateDirectories(source))
            CopyTree(dir, Path.Combine(target, Path.GetFileName(dir)));
    }
}
