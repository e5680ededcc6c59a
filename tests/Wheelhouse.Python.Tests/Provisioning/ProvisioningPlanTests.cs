using Wheelhouse.Python.Provisioning;

namespace Wheelhouse.Python.Tests.Provisioning;

public sealed class ProvisioningPlanTests
{
    private static readonly ToolchainItem Build = ToolchainItem.PythonDistribution("build");
    private static readonly ToolchainItem Hatchling = ToolchainItem.PythonDistribution("hatchling>=1.5");
    private static readonly ToolchainItem Chromium = ToolchainItem.Program("chromium", "chromium");
    private static readonly ToolchainItem PdmBackend = new("pdm-backend", null, "pdm-backend");
    private static readonly PythonInterpreter Base = new("/usr/bin/python3", new Version(3, 11, 2), new HashSet<string>()) { HasVenv = true, BundledPip = "23.0.1" };

    private static MachineFacts Facts(bool root = false, bool apt = false, bool index = false, PythonInterpreter? venvBase = null) =>
        new(root, apt, "https://pypi.org/simple/", index, venvBase ?? (index ? Base : null));

    private static ProvisioningPlan Decide(IReadOnlyList<ToolchainItem> missing, MachineFacts facts) =>
        ProvisioningPlan.Decide(missing, facts, "building the package", ".nuke/temp/python");

    [Fact]
    public void As_root_on_Debian_the_missing_tools_come_from_Debian_packages_even_when_an_index_answers()
    {
        var plan = Decide([Build, Hatchling], Facts(root: true, apt: true, index: true));
        plan.DebianPackages.Should().Equal("python3-build", "python3-hatchling");
        plan.PipRequirements.Should().BeEmpty();
        plan.Refusal.Should().BeNull();
    }

    [Fact]
    public void Not_root_with_an_index_the_Python_tools_go_into_the_private_venv_with_their_requirements()
    {
        var plan = Decide([Build, Hatchling], Facts(apt: true, index: true));
        plan.DebianPackages.Should().BeEmpty();
        plan.PipRequirements.Should().Equal("build", "hatchling>=1.5");
    }

    [Fact]
    public void The_venv_gets_everything_the_step_needs_since_it_sees_no_system_packages()
    {
        var plan = ProvisioningPlan.Decide([Hatchling], Facts(index: true), "building", ".nuke/temp/python", venvItems: [Build, Hatchling]);
        plan.PipRequirements.Should().Equal("build", "hatchling>=1.5");
    }

    [Fact]
    public void A_tool_Debian_does_not_package_goes_to_the_venv_as_root_too_when_an_index_answers()
    {
        var plan = Decide([Build, PdmBackend], Facts(root: true, apt: true, index: true));
        plan.DebianPackages.Should().BeEmpty();
        plan.PipRequirements.Should().Equal("build", "pdm-backend");
    }

    [Fact]
    public void Not_root_and_offline_is_one_paragraph_naming_every_package_and_the_pip_command()
    {
        var plan = Decide([Build, Hatchling], Facts(apt: true));
        plan.DebianPackages.Should().BeEmpty();
        plan.PipRequirements.Should().BeEmpty();
        plan.Refusal.Should().Contain("building the package needs build, hatchling")
            .And.Contain("it does not run as root (it never uses sudo by itself)")
            .And.Contain("the package index https://pypi.org/simple/ cannot be reached")
            .And.Contain("sudo apt-get install python3-build python3-hatchling")
            .And.Contain("python3 -m pip install build 'hatchling>=1.5'")
            .And.NotContain("\n");
    }

    [Fact]
    public void A_program_pip_cannot_bring_is_refused_when_not_root_even_with_an_index()
    {
        var plan = Decide([Chromium], Facts(apt: true, index: true));
        plan.Refusal.Should().Contain("pip cannot install chromium").And.Contain("sudo apt-get install chromium");
        plan.PipRequirements.Should().BeEmpty();
    }

    [Fact]
    public void Off_Debian_the_refusal_says_so_and_names_the_system_package_manager_for_programs()
    {
        var plan = Decide([Build, Chromium], Facts(root: true));
        plan.Refusal.Should().Contain("this is not Debian or Ubuntu with apt-get").And.Contain("chromium from your system's package manager");
    }

    [Fact]
    public void An_index_without_a_Python_that_can_make_a_venv_is_refused_naming_the_venv()
    {
        var plan = Decide([Build], new MachineFacts(false, true, "https://pypi.org/simple/", true, null));
        plan.Refusal.Should().Contain("no Python 3.10+ with the venv and ensurepip modules was found to make .nuke/temp/python");
    }

    [Fact]
    public void Nothing_missing_is_an_empty_plan()
    {
        Decide([], Facts()).IsEmpty.Should().BeTrue();
    }
}
