using System.Diagnostics;

namespace Wheelhouse.Python.Tests.Provisioning;

/// <summary>
/// The probe every "does this Python have X" question goes through. The repository case: a root with a C# build/ folder
/// (a namespace package named "build" to Python) and an interpreter without the build frontend.
/// </summary>
public sealed class PythonProbeTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>A real interpreter without the build module: a venv that does not see the system site-packages.</summary>
    private async Task<string> PythonWithoutBuildAsync()
    {
        var venv = Path.Combine(folder.Path, "bare-venv");
        var result = await Run("/usr/bin/python3", ["-m", "venv", "--without-pip", venv], folder.Path);
        result.ExitCode.Should().Be(0, result.Output);
        return Path.Combine(venv, "bin", "python");
    }

    [Fact]
    public async Task A_build_folder_in_the_working_directory_does_not_pass_for_the_build_module()
    {
        var repository = Path.Combine(folder.Path, "repo");
        folder.Write("repo/build/Build.cs", "class Build {}");
        var python = await PythonWithoutBuildAsync();

        // What went wrong before: a plain probe from the repository root finds the folder.
        var naive = await Run(python, ["-c", "import importlib.util as u; print(u.find_spec('build') is not None)"], repository);
        naive.Output.Trim().Should().Be("True", "this is the hazard the probe must be immune to");

        var probed = await PythonProbe.ProbeAsync(python, new ProbeQuestions(["build"], WorkingDirectory: repository));
        probed.Should().NotBeNull();
        probed!.Has("build").Should().BeFalse();
    }

    [Fact]
    public async Task The_probe_reports_the_version_modules_distributions_venv_and_markers_in_one_run()
    {
        var probed = await PythonProbe.ProbeAsync("/usr/bin/python3", new ProbeQuestions(["json", "no_such_module_xyz", "build"], ["pytest", "no-such-dist-xyz"]));
        probed.Should().NotBeNull();
        probed!.Version.Should().BeGreaterThanOrEqualTo(new Version(3, 10));
        probed.Has("json").Should().BeTrue();
        probed.Has("build").Should().BeTrue();
        probed.Has("no_such_module_xyz").Should().BeFalse();
        probed.Distributions["pytest"].Should().MatchRegex(@"^\d+\.\d+");
        probed.Distributions["no-such-dist-xyz"].Should().BeNull();
        probed.HasVenv.Should().BeTrue();
        probed.BundledPip.Should().NotBeNull();
        probed.IsVirtualEnvironment.Should().BeFalse();
        probed.MarkerEnvironment["python_version"].Should().Be($"{probed.Version.Major}.{probed.Version.Minor}");
        probed.MarkerEnvironment["sys_platform"].Should().Be("linux");
        probed.MarkerEnvironment.Keys.Should().Contain(["os_name", "platform_machine", "implementation_name", "python_full_version", "platform_system"]);
        probed.Installed.Should().BeEmpty("every distribution is listed only when asked");
    }

    [Fact]
    public async Task Asked_for_all_distributions_it_lists_each_with_its_requirements()
    {
        var probed = await PythonProbe.ProbeAsync("/usr/bin/python3", new ProbeQuestions([], AllDistributions: true));
        var pytest = probed!.Installed.Single(d => d.Name.Equals("pytest", StringComparison.OrdinalIgnoreCase));
        pytest.RequiresDist.Should().Contain(r => r.StartsWith("pluggy", StringComparison.Ordinal));
        probed.Installed.Select(d => d.Name.ToLowerInvariant()).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task A_venv_reports_itself_as_one()
    {
        var python = await PythonWithoutBuildAsync();
        var probed = await PythonProbe.ProbeAsync(python, ProbeQuestions.None);
        probed!.IsVirtualEnvironment.Should().BeTrue();
        probed.Executable.Should().StartWith("/usr/bin/python3", "links are resolved to the real interpreter");
    }

    [Fact]
    public async Task Something_that_is_not_Python_probes_as_null() =>
        (await PythonProbe.ProbeAsync("/bin/false", ProbeQuestions.None)).Should().BeNull();

    internal static async Task<(int ExitCode, string Output)> Run(string executable, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(executable) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }
}
