using System.Diagnostics;
using System.Text.RegularExpressions;
using Wheelhouse.Engine;
using Wheelhouse.Python.Provisioning;

namespace Wheelhouse.Python.Tests.Provisioning;

/// <summary>
/// The way a machine without root gets its Python tools: a venv under the build's temporary folder, filled by pip from
/// the index. The index here is Python's own http.server over a folder laid out as PEP 503's simple API (its directory
/// listings are the anchor pages pip reads), holding a small real distribution the test builds.
/// </summary>
public sealed partial class PrivateVenvTests : IDisposable
{
    private const string Distribution = "wh-provision-probe";
    private const string Module = "wh_provision_probe";
    private readonly TempFolder folder = new();
    private Process? server;

    public void Dispose()
    {
        if (server is { HasExited: false })
            server.Kill(entireProcessTree: true);
        server?.Dispose();
        folder.Dispose();
    }

    private static PythonNeeds Needs => new([new ModuleNeed(Module, new ToolchainItem(Distribution, null, Distribution))], []);

    [Fact]
    public async Task A_tool_Debian_lacks_is_installed_into_the_private_venv_from_the_index_and_found_there_next_time()
    {
        var index = await ServeIndexAsync();
        var temporary = folder.Absolute / ".nuke" / "temp";
        var environment = new Dictionary<string, string?> { ["PIP_INDEX_URL"] = index };

        var interpreter = await PythonToolchain.FindOrProvisionAsync(null, Needs, "a test", temporary, environment: environment);

        interpreter.Path.Should().Be(Provisioner.PrivatePython(temporary));
        interpreter.Has(Module).Should().BeTrue();
        interpreter.IsVirtualEnvironment.Should().BeTrue();
        Directory.Exists(temporary / "python.partial").Should().BeFalse("the venv is made beside its place and renamed");
        var made = File.GetLastWriteTimeUtc(temporary / "python" / "pyvenv.cfg");

        server!.Kill(entireProcessTree: true);
        var again = await PythonToolchain.FindOrProvisionAsync(null, Needs, "a test", temporary, environment: environment);
        again.Path.Should().Be(interpreter.Path, "the second run finds the venv without the index");
        File.GetLastWriteTimeUtc(temporary / "python" / "pyvenv.cfg").Should().Be(made);
    }

    [Fact]
    public async Task Without_an_index_a_tool_Debian_lacks_is_one_paragraph_and_nothing_is_made()
    {
        var temporary = folder.Absolute / ".nuke" / "temp";
        var environment = new Dictionary<string, string?> { ["PIP_INDEX_URL"] = "http://127.0.0.1:9/simple/" };

        var act = () => PythonToolchain.FindOrProvisionAsync(null, Needs, "a test", temporary, environment: environment);

        (await act.Should().ThrowAsync<BuildException>())
            .WithMessage("a test needs wh-provision-probe, which this machine lacks, and the build cannot install it by itself:*" +
                "the package index http://127.0.0.1:9/simple/ cannot be reached*python3 -m pip install wh-provision-probe*");
        Directory.Exists(temporary / "python").Should().BeFalse();
    }

    [Fact]
    public async Task An_interpreter_given_with_python_is_never_provisioned_and_the_error_names_what_it_lacks()
    {
        var act = () => PythonToolchain.FindOrProvisionAsync("/usr/bin/python3", Needs, "a test", folder.Absolute);
        (await act.Should().ThrowAsync<BuildException>())
            .WithMessage("*/usr/bin/python3*given by --python, lacks wh-provision-probe, which a test needs*");
        Directory.Exists(folder.Absolute / "python").Should().BeFalse();
    }

    /// <summary>Builds the distribution's wheel and serves simple/&lt;name&gt;/ with http.server; returns the index URL.</summary>
    private async Task<string> ServeIndexAsync()
    {
        folder.Write("src/pyproject.toml", $"""
            [build-system]
            requires = ["hatchling"]
            build-backend = "hatchling.build"

            [project]
            name = "{Distribution}"
            version = "1.0"
            """);
        folder.Write($"src/{Module}/__init__.py", "VALUE = 1\n");
        var wheels = Path.Combine(folder.Path, "index", "simple", Distribution);
        var build = await PythonProbeTests.Run("/usr/bin/python3",
            ["-m", "build", "--wheel", "--no-isolation", "--skip-dependency-check", "--outdir", wheels, Path.Combine(folder.Path, "src")], folder.Path);
        build.ExitCode.Should().Be(0, build.Output);

        var start = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", Path.Combine(folder.Path, "index") })
            start.ArgumentList.Add(argument);
        server = Process.Start(start)!;
        // http.server says "Serving HTTP on 127.0.0.1 port N" once it listens.
        var line = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var port = ServingPort().Match(line ?? "");
        port.Success.Should().BeTrue($"http.server said: {line}");
        return $"http://127.0.0.1:{port.Groups[1].Value}/simple/";
    }

    [GeneratedRegex(@"port (\d+)")]
    private static partial Regex ServingPort();
}
