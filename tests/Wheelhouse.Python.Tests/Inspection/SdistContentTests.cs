using Wheelhouse.Python.Inspection;

namespace Wheelhouse.Python.Tests.Inspection;

/// <summary>
/// What an sdist may hold: the release build's own files are an error, found from the build rather than from a list of
/// folders; what a project chooses to ship is no finding; local state is a warning; a setup.py project needs no pyproject.toml.
/// </summary>
public sealed class SdistContentTests
{
    private const string Sdist = "demo-1.0.0.tar.gz";

    private static List<Finding> FindingsOf(InspectionScenario scenario, params CheckInfo[] checks) =>
        scenario.Inspect().Findings.Where(f => f.File == Sdist && checks.Contains(f.Check)).ToList();

    [Fact]
    public void Files_a_project_chooses_to_ship_beside_its_package_are_no_finding()
    {
        using var scenario = new InspectionScenario { BuildFiles = BuildOwnFiles.WithProjectFolder("build") };
        scenario.Sdist!
            .Set(".github/workflows/ci.yml", "on: push\n")
            .Set("docs/index.md", "# demo\n")
            .Set("tests/test_demo.py", "def test_demo():\n    pass\n")
            .Set("tox.ini", "[tox]\n")
            .Set("bench/run.py", "print(1)\n")
            .Set(".ci/setup.sh", "true\n")
            .Set(".config/dotnet-tools.json", "{}\n")
            .Set("CHANGELOG.md", "# Changelog\n");

        var report = scenario.Inspect();

        report.Findings.Should().BeEmpty();
        report.Passed.Should().BeTrue();
    }

    [Fact]
    public void The_build_projects_folder_is_an_error_where_the_build_says_it_is_and_nowhere_else()
    {
        using var elsewhere = new InspectionScenario { BuildFiles = BuildOwnFiles.WithProjectFolder("tools/release") };
        elsewhere.Sdist!.Set("tools/release/bin/publish/Release.dll", "MZ").Set("tools/release/Release.runtimeconfig.json", "{}");

        var finding = FindingsOf(elsewhere, Checks.S005).Should().ContainSingle().Subject;

        finding.Severity.Should().Be(Severity.Error);
        finding.Message.Should().StartWith("demo-1.0.0/tools/release/ (2 files, e.g. tools/release/Release.runtimeconfig.json) belongs to the C# build that makes the release, not to the package; ")
            .And.Contain("\"/tools/release\"");

        // The same files are the project's own when the build project lives elsewhere.
        using var other = new InspectionScenario { BuildFiles = BuildOwnFiles.WithProjectFolder("build") };
        other.Sdist!.Set("tools/release/bin/publish/Release.dll", "MZ").Set("tools/release/Release.runtimeconfig.json", "{}");
        FindingsOf(other, Checks.S005, Checks.S007).Should().BeEmpty();
    }

    [Fact]
    public void The_bootstrap_and_csharp_sources_are_errors_wherever_the_build_project_is()
    {
        using var scenario = new InspectionScenario();
        scenario.Sdist!
            .Set(".nuke/parameters.json", "{}")
            .Set("build.sh", "#!/bin/sh\n")
            .Set("build.ps1", "param()\n")
            .Set("global.json", "{}")
            .Set("tools/Helper.cs", "class Helper { }")
            .Set("tools/Helper.csproj", "<Project />")
            .Set("Directory.Build.props", "<Project />");

        var keys = FindingsOf(scenario, Checks.S005).Select(f => f.Message.Split(' ')[0]).ToList();

        keys.Should().BeEquivalentTo(
            "demo-1.0.0/.nuke/", "demo-1.0.0/build.sh", "demo-1.0.0/build.ps1", "demo-1.0.0/global.json",
            "demo-1.0.0/tools/**/*.cs", "demo-1.0.0/tools/**/*.csproj", "demo-1.0.0/Directory.Build.props");
        scenario.Inspect().Passed.Should().BeFalse();
    }

    [Fact]
    public void Compiled_python_stays_an_error()
    {
        using var scenario = new InspectionScenario();
        scenario.Sdist!.Set("src/demo/__pycache__/plugin.cpython-311.pyc", "compiled").Set("src/demo/old.pyc", "compiled");

        var findings = FindingsOf(scenario, Checks.S005);

        findings.Select(f => f.Message.Split(' ')[0]).Should().BeEquivalentTo("demo-1.0.0/src/**/__pycache__/", "demo-1.0.0/src/**/*.pyc");
        findings.Should().OnlyContain(f => f.Severity == Severity.Error && f.Message.Contains("is compiled Python"));
    }

    [Fact]
    public void Local_state_is_a_warning_that_lets_the_inspection_pass()
    {
        using var scenario = new InspectionScenario();
        scenario.Sdist!.Set(".git/HEAD", "ref: refs/heads/main\n").Set(".venv/pyvenv.cfg", "home = /usr/bin\n").Set(".tox/py311/log.txt", "x");

        var report = scenario.Inspect();

        var findings = report.Findings.Where(f => f.Check == Checks.S007).ToList();
        findings.Select(f => f.Message.Split(' ')[0]).Should().BeEquivalentTo("demo-1.0.0/.git/", "demo-1.0.0/.tox/", "demo-1.0.0/.venv/");
        findings.Should().OnlyContain(f => f.Severity == Severity.Warning);
        findings.Single(f => f.Message.StartsWith("demo-1.0.0/.venv/", StringComparison.Ordinal)).Message.Should().Contain("is a virtual environment");
        report.Passed.Should().BeTrue();
    }

    [Fact]
    public void The_sdist_of_a_setup_py_project_needs_no_pyproject_toml()
    {
        using var scenario = new InspectionScenario { PyProject = null };
        scenario.Sdist!.Remove("pyproject.toml").Set("setup.py", "from setuptools import setup\nsetup()\n");

        var report = scenario.Inspect();

        report.Outcome(Sdist, Checks.S003)!.Result.Should().Be(CheckResult.Passed);
        var s004 = report.Outcome(Sdist, Checks.S004)!;
        s004.Result.Should().Be(CheckResult.NotRun);
        s004.Reason.Should().Be("the sdist has no pyproject.toml (a setup.py project)");
        report.Findings.Where(f => f.File == Sdist).Should().BeEmpty();
    }

    [Fact]
    public void An_sdist_with_neither_pyproject_toml_nor_setup_py_is_one_pip_cannot_build()
    {
        using var scenario = new InspectionScenario();
        scenario.Sdist!.Remove("pyproject.toml").Set("setup.cfg", "[metadata]\nname = demo\n");

        var finding = FindingsOf(scenario, Checks.S003).Should().ContainSingle().Subject;

        finding.Message.Should().Be("demo-1.0.0/ has neither pyproject.toml nor setup.py, so pip cannot build from it (\"does not appear to be a Python project\"): rebuild with ./build.sh Build.");
    }

    [Fact]
    public void A_missing_pkg_info_alone_is_the_error_of_an_otherwise_complete_sdist()
    {
        using var scenario = new InspectionScenario();
        scenario.Sdist!.Remove("PKG-INFO");

        var finding = FindingsOf(scenario, Checks.S003).Should().ContainSingle().Subject;

        finding.Message.Should().StartWith("demo-1.0.0/PKG-INFO is missing;");
        scenario.Inspect().Outcome(Sdist, Checks.S004)!.Reason.Should().Be("no PKG-INFO (S003)");
    }

    [Theory]
    [InlineData("hatchling.build", "add `exclude = [\"/build.sh\"]` under [tool.hatch.build.targets.sdist] in pyproject.toml (hatchling;")]
    [InlineData("setuptools.build_meta", "add `exclude build.sh` to MANIFEST.in (setuptools), and rebuild.")]
    [InlineData("setuptools.build_meta:__legacy__", "add `exclude build.sh` to MANIFEST.in (setuptools), and rebuild.")]
    [InlineData("flit_core.buildapi", "add `exclude = [\"build.sh\"]` under [tool.flit.sdist] in pyproject.toml (flit_core;")]
    [InlineData("poetry.core.masonry.api", "take build.sh out of include (or packages) in pyproject.toml, and rebuild.")]
    [InlineData("maturin", "exclude build.sh from the sdist in the configuration of the build backend (maturin), and rebuild.")]
    public void The_advice_is_the_way_of_the_projects_own_backend(string backend, string advice)
    {
        using var scenario = new InspectionScenario();
        scenario.PyProject = scenario.PyProject!.Replace("build-backend = \"hatchling.build\"", $"build-backend = \"{backend}\"");
        scenario.Sdist!.Set("build.sh", "#!/bin/sh\n");

        var message = FindingsOf(scenario, Checks.S005).Should().ContainSingle().Subject.Message;

        message.Should().Contain(advice);
        if (!backend.StartsWith("hatchling", StringComparison.Ordinal))
            message.Should().NotContain("tool.hatch");
    }

    [Fact]
    public void Without_pyproject_toml_a_setup_py_project_gets_setuptools_advice()
    {
        using var scenario = new InspectionScenario { PyProject = null };
        File.WriteAllText(Path.Combine(scenario.Root, "setup.py"), "from setuptools import setup\nsetup()\n");
        scenario.Sdist!.Set("build.ps1", "param()\n");

        FindingsOf(scenario, Checks.S005).Single().Message.Should().Contain("add `exclude build.ps1` to MANIFEST.in (setuptools)");
    }
}
