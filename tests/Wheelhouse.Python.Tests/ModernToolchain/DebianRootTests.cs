using Wheelhouse.TestSupport;

namespace Wheelhouse.Python.Tests.ModernToolchain;

/// <summary>
/// The Debian 13 root that TestTools provisions, and the runner tests use to work in it: the toolchain is the modern
/// one, a real plugin written on the host builds, installs and loads in it, and a run leaves nothing mounted.
/// </summary>
public sealed class DebianRootTests
{
    private static readonly DebianRoot Root = DebianRoot.Trixie;

    private const string PyProject = """
        [build-system]
        requires = ["hatchling>=1.27"]
        build-backend = "hatchling.build"

        [project]
        name = "pytest-modern"
        version = "0.1.0"
        description = "A pytest plugin that needs pytest 8."
        requires-python = ">=3.13"
        dependencies = ["pytest>=8"]
        classifiers = ["Framework :: Pytest"]

        [project.entry-points.pytest11]
        modern = "pytest_modern"

        """;

    private const string Plugin = """
        import pytest


        def pytest_configure(config):
            config.addinivalue_line("markers", "modern: marks a test for the modern plugin.")


        @pytest.fixture
        def modern_greeting():
            return f"hello from pytest {pytest.version_tuple[0]}"

        """;

    private const string PluginTest = """
        import pytest
        import pytest_modern


        @pytest.mark.modern
        def test_the_fixture_greets_from_pytest_8(modern_greeting):
            assert modern_greeting == "hello from pytest 8"


        def test_the_plugin_comes_from_the_venv():
            assert "/venv/" in pytest_modern.__file__, pytest_modern.__file__

        """;

    [Fact]
    public async Task The_root_has_Python_3_13_pytest_8_build_1_and_twine_6()
    {
        using var temp = new TempFolder();

        (await VersionOf(["python3", "--version"])).Should().MatchRegex(@"^Python 3\.13\.\d+");
        (await VersionOf(["python3", "-m", "pytest", "--version"])).Should().MatchRegex(@"^pytest 8\.\d+");
        (await VersionOf(["python3", "-m", "build", "--version"])).Should().MatchRegex(@"^build 1\.\d+");
        (await VersionOf(["twine", "--version"])).Should().MatchRegex(@"^twine version 6\.\d+");

        async Task<string> VersionOf(string[] command)
        {
            var run = await Root.RunAsync(command, temp.Path);
            run.ExitCode.Should().Be(0, run.Describe());
            return (run.StandardOutput + run.StandardError).Trim();
        }
    }

    [Fact]
    public async Task A_hatchling_plugin_written_on_the_host_builds_installs_and_loads_in_pytest_8_inside_the_root()
    {
        using var temp = new TempFolder();
        temp.Write("project/pyproject.toml", PyProject);
        temp.Write("project/README.md", "# pytest-modern\n");
        temp.Write("project/pytest_modern/__init__.py", Plugin);
        temp.Write("check/test_modern.py", PluginTest);
        var project = Path.Combine(temp.Path, "project");

        await Succeeds(["python3", "-m", "build", "--no-isolation"], project);
        File.Exists(Path.Combine(project, "dist", "pytest_modern-0.1.0-py3-none-any.whl")).Should().BeTrue("the wheel is written to the host's temp folder");
        File.Exists(Path.Combine(project, "dist", "pytest_modern-0.1.0.tar.gz")).Should().BeTrue("the sdist has its PEP 625 name");

        // pytest comes from the root's system site-packages: only pytest 8 meets the plugin's pytest>=8.
        await Succeeds(["python3", "-m", "venv", "--system-site-packages", "venv"], temp.Path);
        await Succeeds(["venv/bin/pip", "install", "--no-index", "--find-links", "project/dist", "--disable-pip-version-check", "pytest-modern"], temp.Path);
        var run = await Succeeds(["../venv/bin/python", "-m", "pytest", "-v", "--strict-markers", "-p", "no:cacheprovider"], Path.Combine(temp.Path, "check"));

        run.StandardOutput.Should().MatchRegex(@"platform linux -- Python 3\.13\.\d+, pytest-8\.");
        run.StandardOutput.Should().Contain("plugins: modern-0.1.0");
        run.StandardOutput.Should().Contain("2 passed");
    }

    [Fact]
    public async Task The_hosts_dotnet_runs_inside_the_root()
    {
        using var temp = new TempFolder();

        var run = await Succeeds(["dotnet", "--list-sdks"], temp.Path);

        run.StandardOutput.Should().Contain("[/usr/share/dotnet/sdk]");
    }

    [Fact]
    public async Task The_command_sees_the_given_environment_and_none_of_the_hosts()
    {
        using var temp = new TempFolder();
        var hostOnly = $"WHEELHOUSE_HOST_ONLY_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(hostOnly, "leaked");
        try
        {
            var run = await Root.RunAsync(["sh", "-c", $"echo \"greeting=$GREETING host=${hostOnly} home=$HOME cwd=$PWD\"; exit 3"], temp.Path,
                new Dictionary<string, string?> { ["GREETING"] = "hi there" });

            run.ExitCode.Should().Be(3, "the command's exit code comes back");
            run.StandardOutput.Trim().Should().Be($"greeting=hi there host= home=/root cwd={temp.Path}");
        }
        finally
        {
            Environment.SetEnvironmentVariable(hostOnly, null);
        }
    }

    [Fact]
    public async Task Parallel_runs_each_see_their_binds_and_leave_no_mount_behind()
    {
        using var temp = new TempFolder();

        var runs = await Task.WhenAll(Enumerable.Range(1, 4).Select(i => Root.RunAsync(
            ["sh", "-c", $"sleep 1; grep -c ' /usr/share/dotnet ' /proc/self/mounts >/dev/null && echo run {i} > run-{i}.txt"], temp.Path)));

        runs.Should().AllSatisfy(run => run.ExitCode.Should().Be(0, run.Describe()));
        Enumerable.Range(1, 4).Select(i => File.ReadAllText(Path.Combine(temp.Path, $"run-{i}.txt")).Trim())
            .Should().Equal("run 1", "run 2", "run 3", "run 4");
        MountsUnder(Root.Directory).Should().BeEmpty("each run's binds live in its own mount namespace and die with it");
    }

    [Fact]
    public async Task A_missing_root_is_an_error_naming_the_target_that_provisions_it()
    {
        using var temp = new TempFolder();
        var missing = new DebianRoot(Path.Combine(temp.Path, "trixie"));

        var run = () => missing.RunAsync(["python3", "--version"], temp.Path);

        (await run.Should().ThrowAsync<InvalidOperationException>())
            .Which.Message.Should().Contain(missing.Directory).And.Contain("run ./build.sh TestTools");
    }

    private static async Task<RootRunResult> Succeeds(string[] command, string workingDirectory)
    {
        var run = await Root.RunAsync(command, workingDirectory);
        run.ExitCode.Should().Be(0, $"{string.Join(' ', command)} in {workingDirectory}: {run.Describe()}");
        return run;
    }

    /// <summary>Mount points of this (the host's) namespace at or below <paramref name="folder"/>.</summary>
    private static IReadOnlyList<string> MountsUnder(string folder) =>
        File.ReadAllLines("/proc/mounts")
            .Select(line => line.Split(' ')[1].Replace("\\040", " "))
            .Where(mountPoint => mountPoint == folder || mountPoint.StartsWith(folder + "/", StringComparison.Ordinal))
            .ToList();
}
