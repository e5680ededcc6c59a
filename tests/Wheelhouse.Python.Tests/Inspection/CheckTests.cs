using System.Formats.Tar;
using System.Text;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.Python.Tests.Inspection;

/// <summary>Every check, tripped by a crafted wheel or sdist that differs from the clean demo in one way.</summary>
public sealed class CheckTests
{
    private const string Wheel = "demo-1.0.0-py3-none-any.whl";
    private const string Sdist = "demo-1.0.0.tar.gz";

    /// <summary>Check ID, the file its finding belongs to, and what to change in the clean demo to trip it.</summary>
    private static readonly Dictionary<string, (string File, Action<InspectionScenario> Break)> Breakers = new()
    {
        ["A001"] = (Wheel, s => { s.Wheel = null; s.OtherFiles[Wheel] = "this is not a zip archive"u8.ToArray(); }),
        ["A002"] = (Wheel, s => s.Limits = new InspectionLimits { MaxEntries = 3 }),
        ["A003"] = (Wheel, s => s.Limits = new InspectionLimits { MaxTotalSize = 500 }),
        ["A004"] = (Wheel, s => s.Wheel!.RawEntries.Add(("demo/zeros.bin", new byte[3 << 20], null))),
        ["A005"] = (Wheel, s => s.Wheel!.RawEntries.Add(("../escape.py", "x = 1\n"u8.ToArray(), null))),
        ["A006"] = (Sdist, s => s.Sdist!.RawEntries.Add(new PaxTarEntry(TarEntryType.SymbolicLink, "demo-1.0.0/src/demo/passwd") { LinkName = "/etc/passwd" })),

        ["D001"] = ("dist/", s => s.OtherFiles["notes.txt"] = "release notes"u8.ToArray()),
        ["D002"] = ("dist/", s => s.MoreWheels.Add(new WheelSpec { Version = "0.9.0", DistInfo = "demo-0.9.0.dist-info" })),
        ["D003"] = ("dist/", s => s.Wheel = null),
        ["D004"] = ("dist/", s => s.Sdist = null),
        ["C001"] = ("pyproject.toml", s => s.PyProject += "\n[tool.wheelhouse.inspect]\nignore = [\"Z999\"]\n"),

        ["W001"] = ("demo-1.0.0.whl", s => s.Wheel!.FileNameOverride = "demo-1.0.0.whl"),
        ["W002"] = ("demo-01.0.0-py3-none-any.whl", s => s.Wheel!.FileNameOverride = "demo-01.0.0-py3-none-any.whl"),
        ["W003"] = (Wheel, s => s.Wheel!.DistInfo = "demo-2.0.0.dist-info"),
        ["W004"] = (Wheel, s => s.Wheel!.WheelFile = null),
        ["W005"] = (Wheel, s => s.Wheel!.WheelFile = "Wheel-Version: 2.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"),
        ["W006"] = (Wheel, s => s.Wheel!.WheelFile = "Wheel-Version: 1.0\nRoot-Is-Purelib: maybe\nTag: py3-none-any\n"),
        ["W007"] = (Wheel, s => s.Wheel!.WheelFile = "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: cp311-cp311-manylinux_2_17_x86_64\n"),
        ["W008"] = (Wheel, s => s.Wheel!.RawEntries.Add(("demo/plugin.py", "import os\n"u8.ToArray(), null))),
        ["W009"] = ("Demo-1.0.0-py3-none-any.whl", s => s.Wheel!.FileNameOverride = "Demo-1.0.0-py3-none-any.whl"),
        ["W010"] = (Wheel, s => s.Wheel!.TrailingBytes = "appended after the end record"u8.ToArray()),
        ["W011"] = (Wheel, s => s.Wheel!.EntryPoints += "[console_scripts]\n../bin/demo = demo.plugin:main\n"),

        ["R001"] = (Wheel, s => s.Wheel!.EditRecord = lines => lines.Insert(0, "demo/only-two-fields.py,sha256=x")),
        ["R002"] = (Wheel, s => s.Wheel!.EditRecord = lines => lines.RemoveAll(l => l.StartsWith("demo/plugin.py,", StringComparison.Ordinal))),
        ["R003"] = (Wheel, s => s.Wheel!.EditRecord = lines => lines.Insert(0, "demo/gone.py,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0")),
        ["R004"] = (Wheel, s => s.Wheel!.EditRecord = lines => lines[1] = "demo/plugin.py,md5=1B2M2Y8AsgTpgAmY7PhCfg," + Samples.PluginSource.Length),
        ["R005"] = (Wheel, s => s.Wheel!.EditRecord = lines => lines[1] = $"demo/plugin.py,{Samples.RecordDigest("something else"u8.ToArray())},{Samples.PluginSource.Length}"),
        ["R006"] = (Wheel, s => s.Wheel!.EditRecord = lines => lines[1] = lines[1][..(lines[1].LastIndexOf(',') + 1)] + "999"),
        ["R007"] = (Wheel, s => s.Wheel!.EditRecord = lines => lines.Insert(0, "../../etc/profile.d/demo.sh,sha256=47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU,0")),
        ["R008"] = (Wheel, s => s.Wheel!.EditRecord = lines => lines.RemoveAt(lines.Count - 1)),

        ["M001"] = (Wheel, s => s.Wheel!.Metadata = "Metadata-Version: 2.1\nName: demo\nClassifier: Framework :: Pytest\n\n"),
        ["M002"] = (Wheel, s => s.Wheel!.Metadata = "Metadata-Version: 2.0\nName: demo\nVersion: 1.0.0\nClassifier: Framework :: Pytest\n\n"),
        ["M003"] = (Wheel, s => s.Wheel!.Metadata = "Metadata-Version: 2.1\nName: other-project\nVersion: 1.0.0\nClassifier: Framework :: Pytest\n\n"),
        ["M004"] = (Wheel, s => s.Wheel!.Metadata = "Metadata-Version: 2.1\nName: demo\nVersion: 1.0.1\nClassifier: Framework :: Pytest\n\n"),
        ["M005"] = (Wheel, s => s.PyProject = s.PyProject!.Replace("version = \"1.0.0\"", "version = \"1.1.0\"")),
        ["M006"] = (Wheel, s => s.ReleaseTag = "v2.0.0"),
        ["M007"] = ("demo-1.0.0+local-py3-none-any.whl", s =>
        {
            s.Wheel = new WheelSpec { Version = "1.0.0+local", DistInfo = "demo-1.0.0+local.dist-info" };
            s.Wheel.Metadata = s.Wheel.Metadata!.Replace("Version: 1.0.0", "Version: 1.0.0+local");
            s.Sdist = null;
            s.PyProject = s.PyProject!.Replace("version = \"1.0.0\"", "version = \"1.0.0+local\"");
        }),
        ["M008"] = (Wheel, s => s.Wheel!.Metadata = s.Wheel.Metadata!.Replace("License-Expression: MIT\n", "License: MIT\nLicense-Expression: MIT\n")),
        ["M009"] = (Wheel, s => s.Wheel!.Metadata = s.Wheel.Metadata!.Replace("Classifier: Framework :: Pytest\n", "")),
        ["M010"] = (Wheel, s => s.Wheel!.Metadata = s.Wheel.Metadata!.Replace("Classifier: Framework :: Pytest\n", "Classifier: Framework :: Pytest\nClassifier: Topic :: Software Development :: Tesing\n")),
        ["M011"] = (Wheel, s => s.Wheel!.Metadata = s.Wheel.Metadata!.Replace("Classifier: Framework :: Pytest\n", "Classifier: Framework :: Pytest\nClassifier: Natural Language :: Ukranian\n")),
        ["M012"] = (Wheel, s => s.Wheel!.Metadata = s.Wheel.Metadata!.Replace("License-Expression: MIT\n", "License-Expression: MIT OR\n")),
        ["M013"] = (Wheel, s => s.Wheel!.LicenseFiles.Clear()),
        ["M014"] = (Wheel, s =>
        {
            s.ReadmeInterpreters = [Wheelhouse.Python.Provisioning.PythonToolchain.DebianPython];
            s.Wheel!.Metadata = s.Wheel.Metadata!.Replace("text/markdown", "text/x-rst").Replace("# demo\n", "Some *broken emphasis\n");
        }),
        ["M015"] = (Wheel, s => s.ReadmeInterpreters = ["/nonexistent/python3"]),

        ["P001"] = (Wheel, s => s.Wheel!.EntryPoints = null),
        ["P002"] = (Wheel, s => s.Wheel!.EntryPoints = "[pytest11]\ndemo = demo.plugin\nextra = demo.missing\n"),
        ["P003"] = (Wheel, s => s.Wheel!.EntryPoints = "[pytest11]\ndemo = demo.plugin\nsecond = demo\n"),

        ["L001"] = (Wheel, s => s.Wheel!.Add("demo/__pycache__/plugin.cpython-311.pyc", "compiled")),
        ["L002"] = (Wheel, s =>
        {
            s.Wheel!.Add("demo/plugin_copy.py", Samples.PluginSource);
            s.Sdist!.Set("src/demo/plugin_copy.py", Samples.PluginSource);
        }),
        ["L003"] = (Wheel, s => s.Wheel!.Add("tests/test_demo.py", "def test_demo():\n    pass\n")),
        ["L004"] = (Wheel, s =>
        {
            s.Wheel!.Files.Clear();
            s.Wheel.Add("demo/data.json", "{}");
        }),
        ["L005"] = (Wheel, s => s.Wheel!.Add("__init__.py", "")),
        ["L006"] = (Wheel, s => s.Wheel!.Add("README.md", "# demo\n")),

        ["S001"] = ("Demo-1.0.0.tar.gz", s => { s.Sdist!.FileName = "Demo-1.0.0.tar.gz"; s.Sdist.Top = "Demo-1.0.0"; }),
        ["S002"] = (Sdist, s => s.Sdist!.Top = "demo"),
        ["S003"] = (Sdist, s => s.Sdist!.Remove("PKG-INFO")),
        ["S004"] = (Sdist, s => s.Sdist!.Set("pyproject.toml", Samples.PyProject.Replace("version = \"1.0.0\"", "version = \"1.0.1\""))),
        ["S005"] = (Sdist, s => s.Sdist!.Set("build/Build.cs", "class Build { }").Set(".nuke/parameters.json", "{}")),
        ["S006"] = (Sdist, s => s.Sdist!.RawEntries.Add(new PaxTarEntry(TarEntryType.RegularFile, "demo-1.0.0/src/demo/plugin.py") { DataStream = new MemoryStream("x = 2\n"u8.ToArray()) })),
        ["S007"] = (Sdist, s => s.Sdist!.Set(".venv/pyvenv.cfg", "home = /usr/bin\n")),

        ["X001"] = (Wheel, s => s.Sdist!.Set("src/demo/plugin.py", Samples.PluginSource + "# edited after the wheel was built\n")),
        ["X002"] = (Wheel, s => s.Wheel!.Add("demo/generated.py", "VALUE = 1\n")),
        ["X003"] = (Wheel, s => s.Sdist!.Set("src/demo/new_module.py", "VALUE = 2\n")),
    };

    public static TheoryData<string> CheckIds => new(Checks.All.Select(c => c.Id));

    [Fact]
    public void The_clean_demo_trips_no_check()
    {
        using var scenario = new InspectionScenario { ReleaseTag = "v1.0.0", ReadmeInterpreters = [Wheelhouse.Python.Provisioning.PythonToolchain.DebianPython] };
        var report = scenario.Inspect();

        report.Findings.Should().BeEmpty();
        report.Outcomes.Should().OnlyContain(o => o.Result == CheckResult.Passed);
        report.Passed.Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(CheckIds))]
    public void Each_check_is_tripped_by_a_distribution_made_to_break_it(string id)
    {
        var check = Checks.Find(id)!;
        Breakers.Should().ContainKey(id, "every check needs a crafted distribution that trips it");
        var (file, breakIt) = Breakers[id];
        using var scenario = new InspectionScenario();
        breakIt(scenario);

        var report = scenario.Inspect();

        var outcome = report.Outcome(file, check);
        outcome.Should().NotBeNull($"{id} should have run for {file}");
        outcome!.Result.Should().Be(check.Severity == Severity.Error ? CheckResult.Failed : CheckResult.Warned);
        outcome.Findings.Should().NotBeEmpty().And.OnlyContain(f => f.File == file && f.Message.Length > 20 && !f.Message.Contains('\n'));
        report.Passed.Should().Be(report.Findings.All(f => f.Severity == Severity.Warning));
    }

    [Fact]
    public void Warnings_do_not_fail_the_inspection_errors_do()
    {
        using var warned = new InspectionScenario();
        warned.Sdist = null; // D004, a warning
        var report = warned.Inspect();
        report.Warnings.Should().Be(1);
        report.Errors.Should().Be(0);
        report.Passed.Should().BeTrue();

        using var failed = new InspectionScenario();
        failed.Wheel!.EntryPoints = null; // P001, an error
        failed.Inspect().Passed.Should().BeFalse();
    }

    [Fact]
    public void A_broken_record_names_the_file_and_says_to_rebuild()
    {
        using var scenario = new InspectionScenario();
        scenario.Wheel!.EditRecord = lines => lines.RemoveAll(l => l.StartsWith("demo/plugin.py,", StringComparison.Ordinal));

        var finding = scenario.Inspect().Findings.Single();

        finding.ToString().Should().Be($"{Wheel}: R002 'demo/plugin.py' is in the wheel but not in RECORD, so pip cannot verify or uninstall it; rebuild it with ./build.sh Build (never edit a built wheel).");
    }

    [Fact]
    public void A_stale_wheel_is_caught_by_comparing_it_with_the_sdist()
    {
        using var scenario = new InspectionScenario();
        scenario.Sdist!.Set("src/demo/plugin.py", Samples.PluginSource.Replace("demo marker", "renamed marker"));

        var report = scenario.Inspect();

        report.TrippedIds.Should().Equal("X001");
        report.Findings.Single().Message.Should().Contain("'demo/plugin.py' differs from src/demo/plugin.py in demo-1.0.0.tar.gz");
    }

    [Fact]
    public void The_sdist_maps_a_flat_layout_too()
    {
        using var scenario = new InspectionScenario();
        var sdist = scenario.Sdist!;
        foreach (var (path, content) in sdist.Files.Where(f => f.Path.StartsWith("src/", StringComparison.Ordinal)).ToList())
        {
            sdist.Remove(path);
            sdist.Files.Add((path["src/".Length..], content));
        }

        scenario.Inspect().Findings.Should().BeEmpty();
    }

    [Fact]
    public void A_release_tag_must_have_the_v_version_form()
    {
        using var scenario = new InspectionScenario { ReleaseTag = "1.0.0" };
        var findings = scenario.Inspect().Findings.ToList();
        findings.Select(f => f.Check.Id).Should().OnlyContain(id => id == "M006");
        findings.First().Message.Should().Contain("does not have the form v{version}").And.Contain("should be v1.0.0");
    }

    [Theory]
    [InlineData("release-{version}", "release-1.0.0", true)]
    [InlineData("release-{version}", "v1.0.0", false)]
    [InlineData("demo@{version}", "demo@1.0.0", true)]
    [InlineData("v{version}", "v1.0", false)]
    public void The_release_tag_follows_the_tag_format(string format, string tag, bool passes)
    {
        using var scenario = new InspectionScenario { ReleaseTag = tag, TagFormat = format };

        var report = scenario.Inspect();

        report.Passed.Should().Be(passes);
        if (!passes)
            report.TrippedIds.Should().Equal("M006");
    }

    [Fact]
    public void Checks_whose_prerequisite_failed_say_why_they_did_not_run()
    {
        using var scenario = new InspectionScenario();
        scenario.Wheel!.WithRecord = false;

        var report = scenario.Inspect();

        report.Outcome(Wheel, Checks.W004)!.Result.Should().Be(CheckResult.Failed);
        var record = report.Outcome(Wheel, Checks.R005)!;
        record.Result.Should().Be(CheckResult.NotRun);
        record.Reason.Should().Be("no RECORD (W004)");
        report.Outcome(Wheel, Checks.M006)!.Reason.Should().StartWith("not running for a release tag");
    }

    [Fact]
    public void Md5_and_sha1_digests_are_refused_by_name()
    {
        using var scenario = new InspectionScenario();
        scenario.Wheel!.EditRecord = lines => lines[0] = "demo/__init__.py,sha1=2jmj7l5rSw0yVb_vlWAYkK_YBwk,0";

        scenario.Inspect().Findings.Should().ContainSingle(f => f.Check.Id == "R004" && f.Message.Contains("sha1 is forbidden by the wheel specification"));
    }

    [Fact]
    public void Quoted_record_paths_and_compressed_tag_sets_are_understood()
    {
        using var scenario = new InspectionScenario();
        scenario.Wheel!.FileNameOverride = "demo-1.0.0-py2.py3-none-any.whl";
        scenario.Wheel.WheelFile = "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py2-none-any\nTag: py3-none-any\n";
        scenario.Wheel.Add("demo/data, with comma.txt", "text");
        scenario.Sdist!.Set("src/demo/data, with comma.txt", "text");
        scenario.Wheel.EditRecord = lines =>
        {
            var index = lines.FindIndex(l => l.StartsWith("demo/data, with comma.txt", StringComparison.Ordinal));
            lines[index] = "\"demo/data, with comma.txt\"" + lines[index]["demo/data, with comma.txt".Length..];
        };

        scenario.Inspect().Findings.Should().BeEmpty();
    }

    [Fact]
    public void Empty_and_tiny_identical_files_are_not_duplicates()
    {
        using var scenario = new InspectionScenario();
        scenario.Wheel!.Add("demo/py.typed", "").Add("demo/sub/__init__.py", "");
        scenario.Sdist!.Set("src/demo/py.typed", "").Set("src/demo/sub/__init__.py", "");

        scenario.Inspect().Findings.Should().BeEmpty();
    }

    [Theory]
    [InlineData("hatchling.build", "[tool.hatch.build.targets.wheel] packages")]
    [InlineData("setuptools.build_meta", "[tool.setuptools.packages.find] where")]
    [InlineData("flit_core.buildapi", "[tool.flit.module] name")]
    [InlineData("poetry.core.masonry.api", "from = \"src\" }] in [tool.poetry]")]
    [InlineData("pdm.backend", "the package list of pdm.backend")]
    public void Layout_advice_names_the_package_setting_of_the_projects_backend(string backend, string setting)
    {
        using var scenario = new InspectionScenario();
        scenario.PyProject = scenario.PyProject!.Replace("build-backend = \"hatchling.build\"", $"build-backend = \"{backend}\"");
        scenario.Wheel!.Files.Clear();
        scenario.Wheel.Add("demo/data.json", "{}");

        var message = scenario.Inspect().Findings.Single(f => f.Check.Id == "L004").Message;

        message.Should().Contain(setting);
        if (backend != "hatchling.build")
            message.Should().NotContain("tool.hatch");
    }

    [Theory]
    [InlineData("hatchling.build", "declare [project.entry-points.pytest11] in pyproject.toml and rebuild.")]
    [InlineData("setuptools.build_meta", "declare [project.entry-points.pytest11] in pyproject.toml, or pytest11 under [options.entry_points] in setup.cfg and rebuild.")]
    [InlineData("poetry.core.masonry.api", "declare [tool.poetry.plugins.\"pytest11\"] (or [project.entry-points.pytest11], poetry-core 2) in pyproject.toml and rebuild.")]
    public void Entry_point_advice_names_where_the_projects_backend_reads_them(string backend, string advice)
    {
        using var scenario = new InspectionScenario();
        scenario.PyProject = scenario.PyProject!.Replace("build-backend = \"hatchling.build\"", $"build-backend = \"{backend}\"");
        scenario.Wheel!.EntryPoints = null;

        scenario.Inspect().Findings.Single(f => f.Check.Id == "P001").Message.Should().EndWith(advice);
    }

    [Theory]
    [InlineData("flit_core.buildapi", "set the [project] name in pyproject.toml and rebuild.")]
    [InlineData("setuptools.build_meta:__legacy__", "set the name in [project] of pyproject.toml, or in [metadata] of setup.cfg and rebuild.")]
    [InlineData("poetry.core.masonry.api", "set the name in [tool.poetry] (or [project], poetry-core 2) of pyproject.toml and rebuild.")]
    public void Metadata_advice_names_where_the_projects_backend_reads_it(string backend, string advice)
    {
        using var scenario = new InspectionScenario();
        scenario.PyProject = scenario.PyProject!.Replace("build-backend = \"hatchling.build\"", $"build-backend = \"{backend}\"");
        scenario.Wheel!.Metadata = "Metadata-Version: 2.1\nVersion: 1.0.0\nClassifier: Framework :: Pytest\n\n";

        scenario.Inspect().Findings.First(f => f.Check.Id == "M001").Message.Should().EndWith(advice);
    }

    [Fact]
    public void Every_finding_is_one_line_that_names_what_to_do()
    {
        var verbs = new[] { "rebuild", "run ./build.sh", "delete", "fix", "remove", "exclude", "add", "declare", "move", "rename", "upgrade", "bump", "keep", "use", "release", "check", "list", "point", "set", "clean", "make" };
        foreach (var (id, (_, breakIt)) in Breakers)
        {
            using var scenario = new InspectionScenario();
            breakIt(scenario);
            foreach (var finding in scenario.Inspect().Findings.Where(f => f.Check.Id == id))
                verbs.Should().Contain(v => finding.Message.Contains(v, StringComparison.OrdinalIgnoreCase), $"{id}'s message should say what to do: {finding.Message}");
        }
    }
}
