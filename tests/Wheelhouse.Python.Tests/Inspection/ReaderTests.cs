using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.Python.Tests.Inspection;

public sealed class ReaderTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>A wheel large enough for the parallel path: 300 entries, 12 MB.</summary>
    private (string Path, Dictionary<string, byte[]> Contents) LargeWheel()
    {
        var contents = new Dictionary<string, byte[]>();
        var random = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var text = new StringBuilder();
            while (text.Length < 40_000 + i * 10)
                text.Append("value_").Append(random.Next()).Append(" = ").Append(random.NextInt64()).Append('\n');
            contents[$"big/m{i:D3}.py"] = Encoding.UTF8.GetBytes(text.ToString());
        }

        contents["big-1.0.dist-info/METADATA"] = "Metadata-Version: 2.1\nName: big\nVersion: 1.0\n\n"u8.ToArray();
        var path = Path.Combine(folder.Path, "big-1.0-py3-none-any.whl");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, content) in contents)
            Samples.AddZipEntry(zip, name, content, null);
        return (path, contents);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Digests_and_sizes_are_those_of_the_content_on_any_number_of_threads(int threads)
    {
        var (path, contents) = LargeWheel();

        var archive = DistributionReader.Read(path, name => name.EndsWith("METADATA", StringComparison.Ordinal), new InspectionLimits { Parallelism = threads });

        archive.Entries.Select(e => e.Name).Should().Equal(contents.Keys);
        foreach (var entry in archive.Entries)
        {
            entry.Size.Should().Be(contents[entry.Name].Length);
            entry.Sha256.ToArray().Should().Equal(SHA256.HashData(contents[entry.Name]));
        }

        archive.Entries.Single(e => e.Content != null).Text.Should().StartWith("Metadata-Version: 2.1");
    }

    [Fact]
    public void Only_the_requested_contents_are_kept()
    {
        var path = new WheelSpec().Write(folder.Path);

        var archive = DistributionReader.Read(path, Inspector.ContentToKeep(Path.GetFileName(path)));

        archive.Entries.Where(e => e.Content != null).Select(e => e.Name).Should().BeEquivalentTo(
            "demo-1.0.0.dist-info/METADATA", "demo-1.0.0.dist-info/WHEEL", "demo-1.0.0.dist-info/entry_points.txt", "demo-1.0.0.dist-info/RECORD");
    }

    [Fact]
    public void Sdist_entries_lose_a_leading_dot_slash_and_folders_their_slash()
    {
        var sdist = new SdistSpec { Top = "./demo-1.0.0" };
        sdist.RawEntries.Add(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.Directory, "demo-1.0.0/src/"));
        var path = sdist.Write(folder.Path);

        var archive = DistributionReader.Read(path, Inspector.ContentToKeep(Path.GetFileName(path)));

        archive.Entries.Should().Contain(e => e.Name == "demo-1.0.0/PKG-INFO" && e.Content != null);
        archive.Entries.Should().Contain(e => e.Name == "demo-1.0.0/src" && e.IsDirectory);
    }
}

public sealed class SettingsTests
{
    [Fact]
    public void A_check_listed_in_the_ignore_table_is_ignored_and_does_not_fail_the_run()
    {
        using var scenario = new InspectionScenario();
        scenario.PyProject += "\n[tool.wheelhouse.inspect]\nignore = [\"L003\", \"d004\"]\n";
        scenario.Wheel!.Add("tests/test_demo.py", "def test_demo():\n    pass\n");
        scenario.Sdist = null;

        var report = scenario.Inspect();

        report.Passed.Should().BeTrue();
        report.Errors.Should().Be(0);
        report.IgnoredFindings.Should().Be(2);
        report.Outcome("demo-1.0.0-py3-none-any.whl", Checks.L003)!.Result.Should().Be(CheckResult.Ignored);
        report.Outcome("dist/", Checks.D004)!.Result.Should().Be(CheckResult.Ignored);
    }

    [Fact]
    public void Unknown_ids_in_the_ignore_list_are_a_warning()
    {
        using var scenario = new InspectionScenario();
        scenario.PyProject += "\n[tool.wheelhouse.inspect]\nignore = [\"L999\"]\n";

        var report = scenario.Inspect();

        report.Passed.Should().BeTrue();
        report.Findings.Single().ToString().Should().StartWith("pyproject.toml: C001 [tool.wheelhouse.inspect] ignore lists 'L999', which is not a check ID");
    }

    [Fact]
    public void An_ignore_value_that_is_not_a_list_of_ids_is_an_error_of_the_user()
    {
        using var scenario = new InspectionScenario();
        scenario.PyProject += "\n[tool.wheelhouse.inspect]\nignore = \"L003\"\n";

        var act = () => scenario.Inspect();

        act.Should().Throw<Engine.BuildException>().WithMessage("*[tool.wheelhouse.inspect] ignore must be a list of check IDs*");
    }

    [Fact]
    public void Without_a_pyproject_the_comparisons_with_it_do_not_run()
    {
        using var scenario = new InspectionScenario { PyProject = null };

        var report = scenario.Inspect();

        report.Passed.Should().BeTrue();
        report.Outcome("demo-1.0.0-py3-none-any.whl", Checks.M005)!.Reason.Should().Be("no pyproject.toml to compare with");
        report.Outcome("demo-1.0.0-py3-none-any.whl", Checks.P001)!.Result.Should().Be(CheckResult.Passed, "the wheel's pytest11 group makes it a plugin");
    }

    [Fact]
    public void An_empty_or_missing_dist_folder_says_to_build_first()
    {
        using var folder = new TempFolder();
        var missing = () => WheelInspection.Inspect(folder.Absolute / "dist", folder.Absolute / "pyproject.toml", null);
        missing.Should().Throw<Engine.BuildException>().WithMessage("*dist does not exist: there is nothing to inspect. Run ./build.sh Build first*");

        Directory.CreateDirectory(folder.Absolute / "dist");
        File.WriteAllText(folder.Absolute / "dist" / ".gitignore", "*");
        var empty = () => WheelInspection.Inspect(folder.Absolute / "dist", folder.Absolute / "pyproject.toml", null);
        empty.Should().Throw<Engine.BuildException>().WithMessage("*dist is empty*Run ./build.sh Build first*");
    }

    [Fact]
    public void Errors_fail_the_target_with_the_count_the_report_and_how_to_silence()
    {
        using var scenario = new InspectionScenario();
        scenario.Wheel!.EntryPoints = null;
        scenario.WriteFiles();
        var reportFile = scenario.Root / ".nuke" / "temp" / "inspection" / "report.json";
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(new StringWriter()) });

        var act = () => WheelInspection.Run(scenario.Dist, scenario.Root / "pyproject.toml", null, reportFile, console);

        act.Should().Throw<Engine.BuildException>()
            .WithMessage($"InspectWheel found 1 error(s) in {scenario.Dist}; see the findings above and {reportFile}.*ignore = [\"P001\"]*");
        File.Exists(reportFile).Should().BeTrue("the report is written before the target fails");
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(null, "refs/heads/main", null)]
    [InlineData(null, "refs/tags/v1.2.0", "v1.2.0")]
    [InlineData("v2.0.0", "refs/tags/v1.2.0", "v2.0.0")]
    [InlineData("refs/tags/v3.0", null, "v3.0")]
    [InlineData("  ", "refs/tags/v1.0", "v1.0")]
    public void The_release_tag_comes_from_the_parameter_else_from_a_tag_ref(string? parameter, string? githubRef, string? expected)
    {
        ProjectExpectations.ResolveReleaseTag(parameter, githubRef).Should().Be(expected);
    }
}
