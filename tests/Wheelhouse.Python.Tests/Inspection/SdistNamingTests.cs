using Wheelhouse.Python.Inspection;

namespace Wheelhouse.Python.Tests.Inspection;

/// <summary>Debian 12's setuptools 66 still names sdists pytest-foo-1.0.tar.gz; S001 stops it and says which backend version fixes it.</summary>
public sealed class SdistNamingTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("setuptools", "66.1.1", "setuptools 66.1.1", "setuptools 69.3.0")]
    [InlineData("flit_core", "3.8.0", "flit_core 3.8.0", "flit_core 3.9.0")]
    [InlineData("poetry-core", "1.2.0", "poetry-core 1.2.0", "poetry-core 1.3.2")]
    public void An_old_backend_is_named_with_its_version_and_the_version_that_fixes_it(string backend, string installed, string says, string fix) =>
        SdistNaming.Advice(new BuildBackendFacts(backend, installed)).Should().Contain(says).And.Contain(fix + " and later write PEP 625 names");

    [Fact]
    public void A_backend_that_already_writes_PEP_625_names_or_an_unknown_one_gets_no_advice()
    {
        SdistNaming.Advice(new BuildBackendFacts("setuptools", "78.1.1")).Should().BeNull();
        SdistNaming.Advice(new BuildBackendFacts("hatchling", "1.12.2")).Should().BeNull();
        SdistNaming.Advice(null).Should().BeNull();
    }

    [Theory]
    [InlineData("setuptools.build_meta", "setuptools>=61", "setuptools>=61")]
    [InlineData("setuptools.build_meta:__legacy__", "wheel,setuptools", "setuptools")]
    [InlineData("poetry.core.masonry.api", "poetry-core>=1.0.0", "poetry-core>=1.0.0")]
    [InlineData("flit_core.buildapi", "flit_core >=3.2,<4", "flit_core >=3.2,<4")]
    public void The_backend_distribution_is_found_among_the_build_requirements(string module, string requires, string requirement) =>
        SdistNaming.BackendDistribution(module, requires.Split(',', StringSplitOptions.TrimEntries))
            .Should().Be(Python.Provisioning.ToolchainItem.RequirementName(requirement));

    [Fact]
    public async Task A_setuptools_66_sdist_is_stopped_by_S001_naming_setuptools_its_version_and_69_3()
    {
        folder.Write("pyproject.toml", "[build-system]\nrequires = [\"setuptools>=61\"]\nbuild-backend = \"setuptools.build_meta\"\n\n[project]\nname = \"pytest-oldname\"\nversion = \"1.0\"\n");
        folder.Write("pytest_oldname.py", "");
        var dist = folder.Absolute / "dist";
        await PackageBuilder.BuildAsync(folder.Absolute, dist, "/usr/bin/python3", BuildIsolation.NotIsolated);
        WheelInspection.HasOldStyleSdistName(dist).Should().BeTrue("Debian 12's setuptools writes pytest-oldname-1.0.tar.gz");
        var installed = (await PythonProbe.ProbeAsync("/usr/bin/python3", new ProbeQuestions([], ["setuptools"])))!.Distributions["setuptools"];

        var report = WheelInspection.Inspect(dist, folder.Absolute / "pyproject.toml", null, backend: new BuildBackendFacts("setuptools", installed));

        report.Findings.Where(f => f.Check.Id == "S001").Select(f => f.Message).Should().ContainSingle()
            .Which.Should().Contain("PEP 625 requires 'pytest_oldname-1.0.tar.gz'").And.Contain($"setuptools {installed}").And.Contain("setuptools 69.3.0");
        report.Passed.Should().BeFalse();
    }
}
