using System.Text.Json;
using Spectre.Console;
using Wheelhouse.Engine;
using Wheelhouse.Python.Inspection;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Tests.Inspection;

/// <summary>The evalcheck plugin's own sdist and wheel, built once with the real frontend from a copy of the repository's files.</summary>
public sealed class BuiltEvalcheck : IDisposable
{
    private readonly TempFolder folder = new();

    public BuiltEvalcheck()
    {
        var root = TempFolder.RepositoryRoot();
        foreach (var file in new[] { "pyproject.toml", "PYPI_README.md", "CHANGELOG.md", "LICENSE", ".gitignore" })
            File.Copy(Path.Combine(root, file), Path.Combine(folder.Path, file));
        foreach (var source in new[] { "src/evalcheck", "tests/python" })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(root, source), "*", SearchOption.AllDirectories).Where(f => !f.Contains("__pycache__")))
            {
                var destination = Path.Combine(folder.Path, Path.GetRelativePath(root, file));
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(file, destination);
            }
        }

        // Not isolated: the installed backend builds it, so whether PyPI answers changes nothing.
        PackageBuilder.BuildAsync(Root, Root / "dist", null, BuildIsolation.NotIsolated).GetAwaiter().GetResult();
        Version = PyProject.Load(Root / "pyproject.toml").Version ?? throw new InvalidOperationException("The plugin's pyproject.toml has no static version.");
    }

    public AbsolutePath Root => folder.Absolute;

    /// <summary>The version in the copied pyproject.toml, so bumping the plugin's version changes nothing here.</summary>
    public string Version { get; }

    public string Wheel => $"evalcheck-{Version}-py3-none-any.whl";

    public string Sdist => $"evalcheck-{Version}.tar.gz";

    public void Dispose() => folder.Dispose();
}

public sealed class RealDistributionTests(BuiltEvalcheck built) : IClassFixture<BuiltEvalcheck>
{
    [Fact]
    public void The_plugins_own_wheel_and_sdist_trip_no_check()
    {
        var report = WheelInspection.Inspect(built.Root / "dist", built.Root / "pyproject.toml", $"v{built.Version}");

        report.Files.Select(f => f.File).Should().Equal(built.Wheel, built.Sdist);
        report.Findings.Should().BeEmpty();
        // Debian 12's hatchling writes Metadata-Version 2.1 with License, not PEP 639's License-Expression and License-File.
        report.Outcomes.Should().OnlyContain(o => o.Result == CheckResult.Passed || (o.Result == CheckResult.NotRun && (o.Check == Checks.M012 || o.Check == Checks.M013)));
        // Its README went through readme_renderer as PyPI renders it, in both distributions.
        foreach (var file in new[] { built.Wheel, built.Sdist })
        {
            report.Outcome(file, Checks.M014)!.Result.Should().Be(CheckResult.Passed);
            report.Outcome(file, Checks.M015)!.Result.Should().Be(CheckResult.Passed);
        }

        // The wheel is compared with the sdist file by file (src/evalcheck/x.py against evalcheck/x.py).
        report.Outcome(built.Wheel, Checks.X001)!.Result.Should().Be(CheckResult.Passed);
    }

    [Fact]
    public void A_tag_for_another_version_fails_both_distributions()
    {
        var other = VersionBump.Apply(Pep440Version.Parse(built.Version), [BumpKind.Major]).ToString();
        var report = WheelInspection.Inspect(built.Root / "dist", built.Root / "pyproject.toml", $"v{other}");

        report.Findings.Select(f => (f.File, f.Check.Id)).Should().BeEquivalentTo([
            (built.Wheel, "M006"),
            (built.Sdist, "M006"),
        ]);
        report.Findings.First().Message.Should().Contain($"release tag is v{other}");
    }

    [Fact]
    public void At_verbose_the_target_prints_the_table_and_writes_the_json_report()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;
        var reportFile = built.Root / ".nuke" / "temp" / "inspection" / "report.json";

        WheelInspection.Run(built.Root / "dist", built.Root / "pyproject.toml", null, reportFile, console, table: true);

        var text = output.ToString();
        text.Should().Contain("File").And.Contain("Check").And.Contain("Result");
        text.Should().Contain(built.Wheel).And.Contain("R005 digests match the files");
        text.Should().Contain("not run: not running for a release tag");
        text.Should().Contain("InspectWheel passed: 2 distributions");

        using var json = JsonDocument.Parse(File.ReadAllText(reportFile));
        json.RootElement.GetProperty("passed").GetBoolean().Should().BeTrue();
        json.RootElement.GetProperty("errors").GetInt32().Should().Be(0);
        json.RootElement.GetProperty("files").GetArrayLength().Should().Be(2);
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToList();
        checks.Should().Contain(c => c.GetProperty("id").GetString() == "X001" && c.GetProperty("result").GetString() == "passed");
        checks.Should().Contain(c => c.GetProperty("id").GetString() == "M006" && c.GetProperty("result").GetString() == "not-run" && c.GetProperty("reason").GetString()!.Length > 0);
        Directory.GetFiles(built.Root / "dist").Should().HaveCount(2, "the report is not written among the artifacts");
    }

    public static TheoryData<string> DebianWheels => new(
        Directory.Exists("/usr/share/python-wheels") ? Directory.GetFiles("/usr/share/python-wheels", "*.whl").Order() : []);

    [Fact]
    public void Debian_wheels_are_available_to_test_with()
    {
        DebianWheels.Should().NotBeEmpty("the real wheels of python3-pip-whl (/usr/share/python-wheels) are test data; ./build.sh TestTools installs them");
    }

    [Theory]
    [MemberData(nameof(DebianWheels))]
    public void Real_wheels_pass_the_structure_and_record_checks(string wheel)
    {
        var fileName = Path.GetFileName(wheel);
        var archive = DistributionReader.Read(wheel, Inspector.ContentToKeep(fileName));

        var report = Inspector.Inspect([new DistributionInput(fileName, new FileInfo(wheel).Length, archive)], ProjectExpectations.None);

        report.Findings.Where(f => f.Check.Id[0] is 'A' or 'W' or 'R').Should().BeEmpty();
        report.Outcome(fileName, Checks.R005)!.Result.Should().Be(CheckResult.Passed);
        archive.Files.Count().Should().BeGreaterThan(100);
    }
}
