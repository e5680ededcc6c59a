using Wheelhouse.Python.Verification;

namespace Wheelhouse.Python.Tests.Verification;

public sealed class InstalledPackageTests
{
    private static readonly InstalledPackage Good = new(
        "/w/venv", true, "/w/venv/lib/python3.11/site-packages/evalcheck/__init__.py", "0.2.0", "0.2.0", true, true, null);

    [Fact]
    public void The_venv_copy_of_the_right_version_has_no_problems() =>
        Good.Problems("evalcheck", "evalcheck", "0.2.0").Should().BeEmpty();

    [Fact]
    public void A_copy_outside_the_venv_is_a_problem() =>
        (Good with { File = "/usr/lib/python3/dist-packages/evalcheck/__init__.py" }).Problems("evalcheck", "evalcheck", "0.2.0")
            .Should().ContainSingle().Which.Should().Contain("not inside the venv /w/venv").And.Contain("shadows");

    [Fact]
    public void A_folder_next_to_the_venv_with_the_same_prefix_is_outside() =>
        (Good with { File = "/w/venv-other/evalcheck/__init__.py" }).Problems("evalcheck", "evalcheck", "0.2.0").Should().ContainSingle();

    [Fact]
    public void Version_mismatches_are_problems()
    {
        (Good with { MetadataVersion = "0.1.0", MetadataMatches = false }).Problems("evalcheck", "evalcheck", "0.2.0")
            .Should().Contain(p => p.Contains("has version 0.1.0, not 0.2.0"));
        (Good with { VersionAttribute = "0.1.9", AttributeMatches = false }).Problems("evalcheck", "evalcheck", "0.2.0")
            .Should().ContainSingle().Which.Should().Contain("evalcheck.__version__ is '0.1.9' but the distribution's version is 0.2.0");
    }

    [Fact]
    public void No_version_attribute_is_fine() =>
        (Good with { VersionAttribute = null, AttributeMatches = null }).Problems("evalcheck", "evalcheck", "0.2.0").Should().BeEmpty();

    [Fact]
    public void A_failed_import_is_the_only_problem_reported() =>
        (Good with { Error = "ModuleNotFoundError: No module named 'evalcheck'" }).Problems("evalcheck", "evalcheck", "0.2.0")
            .Should().Equal("'import evalcheck' in the venv failed: ModuleNotFoundError: No module named 'evalcheck'");

    [Fact]
    public void Parses_the_report_line_of_the_probe_script()
    {
        var report = InstalledPackage.Parse("""
            some warning
            {"prefix": "/w/venv", "is_venv": true, "file": "/w/venv/lib/python3.11/site-packages/evalcheck/__init__.py", "version_attribute": "0.2.0", "metadata_version": "0.2.0", "metadata_matches": true, "attribute_matches": true}
            """);
        report.Should().Be(Good);
        InstalledPackage.Parse("Traceback ...").Should().BeNull();
    }

    [Fact]
    public void Dependency_names_come_from_the_unconditional_project_dependencies() =>
        VerificationInterpreters.DependencyNames(["pytest>=7", "Typing_Extensions; python_version < '3.11'", "PyYAML>=6"])
            .Should().Equal("pytest", "pyyaml");

    [Fact]
    public void An_interpreter_without_pip_for_new_venvs_or_with_missing_dependencies_is_unusable()
    {
        var probe = new InterpreterProbe("python3", "/usr/bin/python3.11", new Version(3, 11, 2), true, "23.0.1", new Dictionary<string, string?> { ["pytest"] = "7.2.1" });
        probe.Unusable(["pytest"]).Should().BeNull();
        (probe with { BundledPip = null }).Unusable([]).Should().Contain("ensurepip has no pip").And.Contain("apt-get install python3-venv");
        (probe with { HasVenv = false }).Unusable([]).Should().Contain("no venv module");
        (probe with { Version = new Version(3, 9, 18) }).Unusable([]).Should().Contain("older than 3.10");
        (probe with { Distributions = new Dictionary<string, string?> { ["pytest"] = null } }).Unusable(["pytest"])
            .Should().Contain("pytest is not installed for it").And.Contain("apt-get install python3-pytest");
    }
}
