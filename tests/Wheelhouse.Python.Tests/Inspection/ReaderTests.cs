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

    /// <summary>Limits that send even a small wheel to a crew of <paramref name="threads"/>.</summary>
    private static InspectionLimits Reading(int threads) => new() { Parallelism = threads, ParallelAbove = 0 };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Digests_and_sizes_are_those_of_the_content_on_any_number_of_threads(int threads)
    {
        var (path, contents) = LargeWheel();

        var archive = DistributionReader.Read(path, name => name.EndsWith("METADATA", StringComparison.Ordinal), Reading(threads));

        archive.Entries.Select(e => e.Name).Should().Equal(contents.Keys);
        foreach (var entry in archive.Entries)
        {
            entry.Size.Should().Be(contents[entry.Name].Length);
            entry.Sha256.ToArray().Should().Equal(SHA256.HashData(contents[entry.Name]));
        }

        archive.Entries.Single(e => e.Content != null).Text.Should().StartWith("Metadata-Version: 2.1");
    }

    [Fact]
    public void The_default_limits_read_a_large_wheel_with_every_thread_the_machine_offers()
    {
        var (path, contents) = LargeWheel();
        new FileInfo(path).Length.Should().BeGreaterThan(InspectionLimits.Default.ParallelAbove, "the sample must take the parallel path");

        var archive = DistributionReader.Read(path, _ => false);

        archive.Entries.Sum(e => e.Size).Should().Be(contents.Values.Sum(c => (long)c.Length));
    }

    [Fact]
    public void A_corrupt_entry_found_by_any_thread_is_reported_as_such()
    {
        var (path, _) = LargeWheel();
        CorruptDeflateData(path, "big/m150.py");

        var read = () => DistributionReader.Read(path, _ => false, Reading(4));

        var refused = read.Should().Throw<ArchiveRefusedException>().Which;
        refused.Check.Should().Be(Checks.A001);
        refused.Message.Should().Contain("big/m150.py").And.Contain("corrupt");
    }

    [Fact]
    public void A_wheel_refused_from_its_directory_stops_every_thread_of_the_crew()
    {
        var path = Path.Combine(folder.Path, "demo-1.0.0-py3-none-any.whl");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            for (var i = 0; i < 50; i++)
                Samples.AddZipEntry(zip, $"demo/m{i}.py", Encoding.UTF8.GetBytes($"x = {i}\n"), null);
            Samples.AddZipEntry(zip, "demo/../../escape.py", "x = 1\n"u8.ToArray(), null);
        }

        var read = () => DistributionReader.Read(path, _ => true, Reading(4));

        read.Should().Throw<ArchiveRefusedException>().Which.Check.Should().Be(Checks.A005);
    }

    [Fact]
    public void A_cancelled_read_stops_every_thread_and_says_it_was_cancelled()
    {
        var (path, _) = LargeWheel();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        var read = () => DistributionReader.Read(path, _ => false, Reading(4), cancel.Token);

        read.Should().Throw<OperationCanceledException>();
    }

    [Fact]
    public void What_a_crew_reports_is_the_refusal_that_stopped_it_not_the_cancellations_that_followed()
    {
        var refusal = new ArchiveRefusedException(Checks.A001, "corrupt");
        var cancelled = new OperationCanceledException();
        var broken = new IOException("disk");

        WheelReader.Cause(cancelled, [refusal]).Should().BeSameAs(refusal);
        WheelReader.Cause(cancelled, [cancelled, broken]).Should().BeSameAs(broken);
        WheelReader.Cause(broken, [refusal]).Should().BeSameAs(refusal);
        WheelReader.Cause(cancelled, []).Should().BeSameAs(cancelled);
        WheelReader.Cause(null, []).Should().BeNull();
    }

    /// <summary>Makes the deflate stream of <paramref name="name"/> start with a block of the reserved type 3, which no inflater accepts.</summary>
    private static void CorruptDeflateData(string path, string name)
    {
        var bytes = System.IO.File.ReadAllBytes(path);
        var at = -1;
        for (var i = 0; i + 30 < bytes.Length && at < 0; i++)
        {
            if (bytes[i] == 0x50 && bytes[i + 1] == 0x4B && bytes[i + 2] == 3 && bytes[i + 3] == 4
                && bytes.AsSpan(i + 30).StartsWith(Encoding.UTF8.GetBytes(name)))
                at = i;
        }

        at.Should().BeGreaterThanOrEqualTo(0, $"{name} has a local header");
        var nameLength = BitConverter.ToUInt16(bytes, at + 26);
        var extraLength = BitConverter.ToUInt16(bytes, at + 28);
        bytes[at + 30 + nameLength + extraLength] = 0xFF;
        System.IO.File.WriteAllBytes(path, bytes);
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
