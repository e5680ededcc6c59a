using Wheelhouse.Python.Verification;

namespace Wheelhouse.Python.Tests.Verification;

public sealed class InstalledPackageTests
{
    private const string SitePackages = "/w/venv/lib/python3.11/site-packages";

    private static readonly ImportedModule Module = new("demo", [SitePackages + "/demo/__init__.py"], "0.2.0", true, null);

    private static readonly InstalledPackage Good = new(
        "/w/venv", true, [SitePackages], "0.2.0", true, ["demo", "demo.plugin"], [Module], null);

    private static InstalledPackage With(ImportedModule module) => Good with { TopLevel = [module] };

    [Fact]
    public void The_venv_copy_of_the_right_version_has_no_problems() =>
        Good.Problems("pytest-demo", "0.2.0").Should().BeEmpty();

    [Fact]
    public void A_module_loaded_from_the_source_tree_is_named_as_shadowing_the_installed_one() =>
        With(Module with { Locations = ["/work/project/src/demo/__init__.py"] }).Problems("pytest-demo", "0.2.0")
            .Should().ContainSingle().Which.Should().Contain("'import demo' loaded /work/project/src/demo/__init__.py, which is not inside the venv's site-packages")
            .And.Contain("the source tree").And.Contain("shadows");

    [Fact]
    public void A_file_in_the_venv_but_outside_site_packages_or_beside_it_is_outside()
    {
        With(Module with { Locations = ["/w/venv/demo/__init__.py"] }).Problems("pytest-demo", "0.2.0").Should().ContainSingle();
        With(Module with { Locations = [SitePackages + "-other/demo/__init__.py"] }).Problems("pytest-demo", "0.2.0").Should().ContainSingle();
    }

    [Fact]
    public void A_namespace_package_is_inside_only_when_every_folder_of_its_path_is()
    {
        var inside = Module with { Locations = [SitePackages + "/demo"], VersionAttribute = null, AttributeMatches = null };
        With(inside).Problems("pytest-demo", "0.2.0").Should().BeEmpty();
        With(inside with { Locations = [SitePackages + "/demo", "/work/project/demo"] }).Problems("pytest-demo", "0.2.0")
            .Should().ContainSingle().Which.Should().Contain("/work/project/demo").And.NotContain(SitePackages + "/demo,");
        With(inside with { Locations = [] }).Problems("pytest-demo", "0.2.0").Should().ContainSingle().Which.Should().Contain("a module without a file");
    }

    [Fact]
    public void Version_mismatches_are_problems()
    {
        (Good with { MetadataVersion = "0.1.0", MetadataMatches = false }).Problems("pytest-demo", "0.2.0")
            .Should().Contain(p => p.Contains("pytest-demo has version 0.1.0, not 0.2.0"));
        With(Module with { VersionAttribute = "0.1.9", AttributeMatches = false }).Problems("pytest-demo", "0.2.0")
            .Should().ContainSingle().Which.Should().Contain("demo.__version__ is '0.1.9' but the distribution's version is 0.2.0");
    }

    [Fact]
    public void No_version_attribute_is_fine() =>
        With(Module with { VersionAttribute = null, AttributeMatches = null }).Problems("pytest-demo", "0.2.0").Should().BeEmpty();

    [Fact]
    public void A_failed_import_and_an_empty_wheel_are_problems()
    {
        With(Module with { Error = "ModuleNotFoundError: No module named 'demo.helpers'" }).Problems("pytest-demo", "0.2.0")
            .Should().Equal("'import demo' in the venv failed: ModuleNotFoundError: No module named 'demo.helpers'");
        (Good with { TopLevel = [] }).Problems("pytest-demo", "0.2.0").Should().ContainSingle().Which.Should().Contain("holds no importable module");
        (Good with { Error = "PackageNotFoundError: pytest-demo" }).Problems("pytest-demo", "0.2.0")
            .Should().Equal("the installed distribution pytest-demo could not be read in the venv: PackageNotFoundError: pytest-demo");
    }

    [Fact]
    public void Parses_the_report_line_of_the_probe_script()
    {
        var report = InstalledPackage.Parse($$"""
            some warning
            {"prefix": "/w/venv", "is_venv": true, "site_packages": ["{{SitePackages}}"], "metadata_version": "0.2.0", "metadata_matches": true, "modules": ["demo", "demo.plugin"], "top_level": [{"name": "demo", "locations": ["{{SitePackages}}/demo/__init__.py"], "version_attribute": "0.2.0", "attribute_matches": true}]}
            """);
        report.Should().BeEquivalentTo(Good);
        report!.PureLib.Should().Be(SitePackages);
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

    [Fact]
    public void A_runtime_requirement_the_offline_interpreter_cannot_meet_is_named_with_the_installed_version()
    {
        var probe = new InterpreterProbe("python3", "/usr/bin/python3.11", new Version(3, 11, 2), true, "23.0.1", new Dictionary<string, string?> { ["pytest"] = "7.2.1" });

        probe.Unusable(["pytest>=7"]).Should().BeNull();
        probe.Unusable(["pytest (>=7)"]).Should().BeNull("setuptools writes the parenthesised form");
        probe.Unusable(["pytest>=8"]).Should().Contain("the plugin requires pytest>=8 (pytest 7.2.1 is installed)")
            .And.Contain("verify where the package index answers");
    }

    [Fact]
    public void Runtime_requirements_are_the_unconditional_dependencies_whole() =>
        VerificationInterpreters.RuntimeRequirements(["pytest>=8", "tomli; python_version < '3.11'", "pytest>=8"]).Should().Equal("pytest>=8");
}
