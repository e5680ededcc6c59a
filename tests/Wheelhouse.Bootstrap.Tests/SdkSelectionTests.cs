using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Wheelhouse.Bootstrap.Tests;

/// <summary>
/// A copy of the build inputs with no compiled output, for the cold path's choice of dotnet and
/// its handling of a failed publish. A fake `dotnet` first on PATH reports the SDKs of
/// FAKE_DOTNET_SDKS and fails every publish with exit code 42, so a chosen fake shows up as that
/// exit code, without compiling anything. FAKE_DOTNET_PUBLISH picks another outcome: "r2r" fails
/// like a restore from a NuGet source without the crossgen pack (NU1101), "netsdk1094" like an SDK that cannot
/// compile ReadyToRun, both succeeding when ReadyToRun is turned off; "compile" fails with a
/// compile error. Every call is appended to FAKE_DOTNET_LOG when that is set.
/// </summary>
public sealed class SdkSelectionCopy : IDisposable
{
    public const int FakeBuildExitCode = 42;
    private readonly string _tempRoot;

    public SdkSelectionCopy()
    {
        _tempRoot = RepoCopy.NewTempFolder("sdk");
        Root = Path.Combine(_tempRoot, "repo");
        RepoCopy.CopyBuildInputs(Root);
        FakeBin = Path.Combine(_tempRoot, "fake-bin");
        Directory.CreateDirectory(FakeBin);
        RepoCopy.WriteExecutable(Path.Combine(FakeBin, "dotnet"), $$"""
            #!/bin/sh
            if [ -n "$FAKE_DOTNET_LOG" ]; then printf '%s\n' "$*" >>"$FAKE_DOTNET_LOG"; fi
            case "$1" in
              --list-sdks) for v in $FAKE_DOTNET_SDKS; do echo "$v [/fake/dotnet/sdk]"; done ;;
              publish)
                echo "fake-dotnet: $*"
                case "$FAKE_DOTNET_PUBLISH:$*" in
                  r2r:*PublishReadyToRun=false* | netsdk1094:*PublishReadyToRun=false*)
                    mkdir -p build/bin/publish && : >build/bin/publish/_build.dll && exit 0 ;;
                  r2r:*)
                    echo "$PWD/build/_build.csproj : error NU1101: Unable to find package Microsoft.NETCore.App.Crossgen2.linux-x64. No packages exist with this id in source(s): offline"
                    exit 1 ;;
                  netsdk1094:*)
                    echo "/fake/sdk/Microsoft.NET.Publish.targets(1,1): error NETSDK1094: Unable to optimize assemblies for performance: a valid runtime package was not found. [$PWD/build/_build.csproj]"
                    exit 1 ;;
                  compile:*)
                    echo "$PWD/build/Build.cs(1,40): error CS0103: The name 'undefined_name' does not exist in the current context [$PWD/build/_build.csproj]"
                    exit 1 ;;
                esac
                exit {{FakeBuildExitCode}} ;;
              *.dll) echo "fake-dotnet: ran $*"; exit 0 ;;
              *) echo "fake-dotnet: unexpected arguments: $*" >&2; exit 99 ;;
            esac
            """);
        RealDotnet = RepoCopy.FindOnPath("dotnet") ?? throw new InvalidOperationException("dotnet is not on PATH");
    }

    public string Root { get; }
    public string FakeBin { get; }
    public string RealDotnet { get; }

    public void WriteGlobalJson(string? version, string? rollForward, bool? allowPrerelease = null)
    {
        var sdk = new JsonObject();
        if (version is not null) sdk["version"] = version;
        if (rollForward is not null) sdk["rollForward"] = rollForward;
        if (allowPrerelease is not null) sdk["allowPrerelease"] = allowPrerelease;
        File.WriteAllText(Path.Combine(Root, "global.json"), new JsonObject { ["sdk"] = sdk }.ToJsonString(new() { WriteIndented = true }));
    }

    public void Dispose() => RepoCopy.DeleteQuietly(_tempRoot);
}

public sealed class SdkSelectionTests(SdkSelectionCopy copy) : IClassFixture<SdkSelectionCopy>
{
    /// <summary>An address that refuses connections at once, so an install attempt fails fast even online.</summary>
    private const string UnreachableInstaller = "http://127.0.0.1:9/dotnet-install.sh";

    private Dictionary<string, string?> FakeEnvironment(string sdks) => new()
    {
        ["PATH"] = $"{copy.FakeBin}:/usr/bin:/bin",
        ["FAKE_DOTNET_SDKS"] = sdks,
        ["WHEELHOUSE_DOTNET_INSTALL_URL"] = UnreachableInstaller,
    };

    /// <summary>PATH for a run where only the machine's real dotnet can be found.</summary>
    private string RealDotnetPath()
    {
        var dir = Path.GetDirectoryName(copy.RealDotnet)!;
        return dir is "/usr/bin" or "/bin" ? "/usr/bin:/bin" : $"{dir}:/usr/bin:/bin";
    }

    public static TheoryData<string, string?, string?, bool?, bool> Cases => new()
    {
        // installed SDKs, global.json version, rollForward, allowPrerelease, satisfied?
        { "10.0.401", "10.0.100", "latestFeature", null, true },
        { "10.0.401", "10.0.100", "feature", null, true },
        { "10.0.401", "10.0.402", "latestFeature", null, false },
        { "10.0.401", "10.0.100", "LatestFeature", null, true },
        { "10.0.401", "10.0.400", "latestPatch", null, true },
        { "10.0.401", "10.0.400", "patch", null, true },
        { "10.0.401", "10.0.300", "latestPatch", null, false },
        { "10.0.401", "10.0.400", null, null, true },
        { "10.0.401", "10.0.300", null, null, false },
        { "10.0.401", "9.0.100", "latestMinor", null, false },
        { "10.1.100", "10.0.100", "latestMinor", null, true },
        { "10.1.100", "10.0.100", "latestFeature", null, false },
        { "10.0.401", "9.0.100", "latestMajor", null, true },
        { "10.0.401", "10.1.100", "latestMajor", null, false },
        { "10.0.401", "10.0.401", "disable", null, true },
        { "10.0.402", "10.0.401", "disable", null, false },
        { "9.0.300 10.0.100", "10.0.100", "disable", null, true },
        { "10.0.100-rc.2.25502.107", "10.0.100", "latestFeature", null, false },
        { "10.0.200-preview.1.2", "10.0.100", "latestFeature", null, true },
        { "10.0.200-preview.1.2", "10.0.100", "latestFeature", false, false },
        { "8.0.100", null, null, null, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Build_sh_uses_the_dotnet_on_PATH_only_when_an_SDK_satisfies_global_json(
        string sdks, string? version, string? rollForward, bool? allowPrerelease, bool satisfied)
    {
        copy.WriteGlobalJson(version, rollForward, allowPrerelease);

        var run = ProcessRunner.Run(Path.Combine(copy.Root, "build.sh"), ["--help"], copy.Root, FakeEnvironment(sdks));

        AssertChoice(run, satisfied, version, "build.sh");
    }

    [Theory]
    [InlineData("10.0.401", "10.0.100", "latestFeature", true)]
    [InlineData("10.0.401", "10.0.300", "latestPatch", false)]
    [InlineData("10.0.401", "9.0.100", "latestMajor", true)]
    [InlineData("10.0.402", "10.0.401", "disable", false)]
    public void Build_ps1_uses_the_dotnet_on_PATH_only_when_an_SDK_satisfies_global_json(
        string sdks, string version, string rollForward, bool satisfied)
    {
        copy.WriteGlobalJson(version, rollForward);

        var run = RunPs1(FakeEnvironment(sdks));

        AssertChoice(run, satisfied, version, "build.ps1");
    }

    [Fact]
    public void Build_sh_without_a_matching_SDK_offline_fails_fast_naming_the_version()
    {
        copy.WriteGlobalJson("99.0.100", "disable");
        using var offline = new OfflineInstall(copy);

        var run = ProcessRunner.Run(Path.Combine(copy.Root, "build.sh"), ["--help"], copy.Root, offline.Environment(RealDotnetPath()), TimeSpan.FromMinutes(2));

        AssertClearFailure(run, "build.sh", offline);
        run.StdErr.Should().Contain("automatic install into .nuke/temp/dotnet failed: dotnet-install.sh could not install .NET SDK 99.0.100 exactly");
    }

    [Fact]
    public void Build_ps1_without_a_matching_SDK_offline_fails_fast_naming_the_version()
    {
        copy.WriteGlobalJson("99.0.100", "disable");
        using var offline = new OfflineInstall(copy);

        var run = RunPs1(offline.Environment(RealDotnetPath()));

        AssertClearFailure(run, "build.ps1", offline);
        run.StdErr.Should().Contain("automatic install into .nuke/temp/dotnet failed: the install script could not install .NET SDK 99.0.100 exactly");
    }

    /// <summary>
    /// What a machine without network gives the bootstrap: an install script (served from 127.0.0.1, as the real one
    /// comes from dot.net) that cannot download any SDK. The run must not depend on whether this machine is online.
    /// </summary>
    private sealed class OfflineInstall : IDisposable
    {
        private readonly string argumentLog;

        public OfflineInstall(SdkSelectionCopy copy)
        {
            argumentLog = Path.Combine(copy.FakeBin, $"install-{Guid.NewGuid():N}.log");
            Server = new InstallScriptServer(InstallScriptServer.OfflineInstallScript(argumentLog));
        }

        public InstallScriptServer Server { get; }

        /// <summary>The install script's arguments, one line per run.</summary>
        public IReadOnlyList<string> Runs => File.Exists(argumentLog) ? File.ReadAllLines(argumentLog) : [];

        public Dictionary<string, string?> Environment(string path) => new()
        {
            ["PATH"] = path,
            ["WHEELHOUSE_DOTNET_INSTALL_URL"] = Server.Url,
            ["NO_PROXY"] = "127.0.0.1",
            ["no_proxy"] = "127.0.0.1",
        };

        public void Dispose()
        {
            Server.Dispose();
            File.Delete(argumentLog);
        }
    }

    public static TheoryData<string, string> ReadyToRunFailures => new()
    {
        // script, FAKE_DOTNET_PUBLISH
        { "build.sh", "r2r" },
        { "build.sh", "netsdk1094" },
        { "build.ps1", "r2r" },
        { "build.ps1", "netsdk1094" },
    };

    [Theory]
    [MemberData(nameof(ReadyToRunFailures))]
    public void A_publish_that_cannot_do_ReadyToRun_is_retried_without_it_with_a_warning(string script, string failure)
    {
        var (run, calls, r2rLog) = RunFakePublish(script, failure);

        run.ExitCode.Should().Be(0, run.Describe());
        calls.Where(c => c.StartsWith("publish ", StringComparison.Ordinal)).Should().Equal(
            ["publish build/_build.csproj -o build/bin/publish -nologo -v q -clp:NoSummary",
             "publish build/_build.csproj -o build/bin/publish -nologo -v q -clp:NoSummary -p:PublishReadyToRun=false"],
            run.Describe());
        var warnings = run.StdErr.Split('\n').Where(l => l.StartsWith($"{script}: warning:", StringComparison.Ordinal)).ToList();
        warnings.Should().ContainSingle(run.Describe());
        warnings[0].Should().Contain("ReadyToRun").And.Contain(".nuke/temp/build-r2r.log").And.Contain("WHEELHOUSE_FORCE_COMPILE=1");
        r2rLog.Should().Contain(failure == "r2r" ? "error NU1101" : "error NETSDK1094", "the failed attempt's log is kept");
        run.StdErr.Should().NotContain("error NU1101").And.NotContain("error NETSDK1094", "a fallback that works shows only the warning");
        run.StdOut.Should().Contain($"fake-dotnet: ran {copy.Root}/build/bin/publish/_build.dll --help", "the fallback's build runs");
    }

    [Theory]
    [InlineData("build.sh")]
    [InlineData("build.ps1")]
    public void A_publish_with_a_compile_error_is_reported_once_without_a_retry(string script)
    {
        var (run, calls, r2rLog) = RunFakePublish(script, "compile");

        run.ExitCode.Should().Be(1, run.Describe());
        calls.Count(c => c.StartsWith("publish ", StringComparison.Ordinal)).Should().Be(1, run.Describe());
        run.StdErr.Should().Contain("error CS0103", run.Describe());
        run.StdErr.Should().Contain($"{script}: error: compiling build/_build.csproj failed (exit code 1)");
        run.StdErr.Should().NotContain("warning:");
        run.StdOut.Should().NotContain("fake-dotnet: ran");
        r2rLog.Should().BeNull("there was no ReadyToRun attempt to keep");
    }

    /// <summary>A forced cold run of <paramref name="script"/> with the fake dotnet publishing as
    /// FAKE_DOTNET_PUBLISH=<paramref name="failure"/> says: the run, the fake's calls and the kept
    /// log of a failed ReadyToRun attempt (null if none). Leaves no stamp or output behind.</summary>
    private (RunResult Run, IReadOnlyList<string> Calls, string? R2RLog) RunFakePublish(string script, string failure)
    {
        copy.WriteGlobalJson("10.0.100", "latestFeature");
        var temp = Path.Combine(copy.Root, ".nuke", "temp");
        var callLog = Path.Combine(copy.FakeBin, $"calls-{Guid.NewGuid():N}.log");
        var environment = FakeEnvironment("10.0.401");
        environment["FAKE_DOTNET_PUBLISH"] = failure;
        environment["FAKE_DOTNET_LOG"] = callLog;
        environment["WHEELHOUSE_FORCE_COMPILE"] = "1";
        try
        {
            var run = script == "build.sh"
                ? ProcessRunner.Run(Path.Combine(copy.Root, "build.sh"), ["--help"], copy.Root, environment)
                : RunPs1(environment);
            var r2rLog = Path.Combine(temp, "build-r2r.log");
            return (run, File.Exists(callLog) ? File.ReadAllLines(callLog) : [],
                File.Exists(r2rLog) ? File.ReadAllText(r2rLog) : null);
        }
        finally
        {
            foreach (var file in new[] { "build.stamp", "build.ps1.stamp", "build-r2r.log" })
                File.Delete(Path.Combine(temp, file));
            File.Delete(callLog);
            RepoCopy.DeleteQuietly(Path.Combine(copy.Root, "build", "bin"));
        }
    }

    /// <summary>
    /// Runs the copy's build.ps1 under the repository's pwsh tool, started from the repository
    /// root so that `dotnet tool run` itself is not subject to the copy's global.json.
    /// </summary>
    private RunResult RunPs1(Dictionary<string, string?> environment)
    {
        var restore = ProcessRunner.Run(copy.RealDotnet, ["tool", "restore"], RepoCopy.RepoRoot);
        restore.ExitCode.Should().Be(0, restore.Describe());
        return ProcessRunner.Run(
            copy.RealDotnet,
            CompiledCopy.PwshArguments(Path.Combine(copy.Root, "build.ps1"), copy.Root, ["--help"]),
            RepoCopy.RepoRoot,
            environment);
    }

    private void AssertChoice(RunResult run, bool satisfied, string? version, string script)
    {
        if (satisfied)
        {
            run.ExitCode.Should().Be(SdkSelectionCopy.FakeBuildExitCode, "the fake dotnet on PATH is used; {0}", run.Describe());
            run.StdErr.Should().Contain("fake-dotnet: publish build/_build.csproj -o build/bin/publish", run.Describe());
            run.StdErr.Should().NotContain("warning:", "an unexplained publish failure is not retried without ReadyToRun");
        }
        else
        {
            run.ExitCode.Should().Be(1, run.Describe());
            run.StdErr.Should().NotContain("fake-dotnet: publish");
            run.StdErr.Should().Contain($"{script}: error: no .NET SDK satisfying global.json was found", run.Describe());
            run.StdErr.Should().Contain($"'{version}'");
            run.StdErr.Should().Contain(UnreachableInstaller);
        }
        Directory.Exists(Path.Combine(copy.Root, ".nuke", "temp", "dotnet", "sdk")).Should().BeFalse("nothing was installed");
    }

    private void AssertClearFailure(RunResult run, string script, OfflineInstall offline)
    {
        run.ExitCode.Should().NotBe(0, run.Describe());
        // Nothing here waits on a network: a minute is tens of times what the run takes, even on a loaded machine.
        run.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60), "a failed install ends the run at once");
        offline.Server.Requests.Should().Equal(["GET /v1/dotnet-install.sh"], "the install script is downloaded once; {0}", run.Describe());
        offline.Runs.Should().Equal([$"--version 99.0.100 --install-dir {copy.Root}/.nuke/temp/dotnet --no-path"], "it asks for exactly the version global.json pins");
        run.StdErr.Should().Contain("dotnet_install: Error: Could not find `.NET Core SDK` with version = 99.0.100", "the installer's own words are shown");
        run.StdErr.Should().Contain($"{script}: error: no .NET SDK satisfying global.json was found", run.Describe());
        run.StdErr.Should().Contain(".NET SDK 99.0.100 exactly", run.Describe());
        run.StdErr.Should().Contain("https://dotnet.microsoft.com/download");
        run.StdErr.Should().Contain($"{copy.RealDotnet}: ", "it lists the SDKs it did find");
        Regex.IsMatch(run.StdErr, @"^\s+at \S+", RegexOptions.Multiline).Should().BeFalse("no stack trace; {0}", run.Describe());
        run.StdOut.Should().BeEmpty();
        File.Exists(Path.Combine(copy.Root, ".nuke", "temp", "build.stamp")).Should().BeFalse();
        File.Exists(Path.Combine(copy.Root, ".nuke", "temp", "dotnet", "dotnet")).Should().BeFalse("nothing was installed");
    }
}
