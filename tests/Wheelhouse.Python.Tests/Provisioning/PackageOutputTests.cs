using Wheelhouse.Python.Provisioning;

namespace Wheelhouse.Python.Tests.Provisioning;

public sealed class PackageOutputTests
{
    [Fact]
    public void Apt_policy_without_a_candidate_or_unknown_to_apt_cannot_be_installed()
    {
        const string output = """
            python3-build:
              Installed: (none)
              Candidate: 0.9.0-4
              Version table:
                 0.9.0-4 500
                    500 http://deb.debian.org/debian bookworm/main amd64 Packages
            python3-flit-core:
              Installed: (none)
              Candidate: (none)
              Version table:
            """;
        AptPolicy.WithoutCandidate(["python3-build", "python3-flit-core", "python3-pdm-backend"], output)
            .Should().BeEquivalentTo("python3-flit-core", "python3-pdm-backend");
    }

    [Theory]
    [InlineData("ID=debian", true)]
    [InlineData("ID=ubuntu\nID_LIKE=debian", true)]
    [InlineData("ID=linuxmint\nID_LIKE=\"ubuntu debian\"", true)]
    [InlineData("ID=\"fedora\"", false)]
    [InlineData("ID=alpine", false)]
    public void Os_release_tells_Debian_and_its_derivatives(string text, bool debianLike) =>
        OsRelease.IsDebianLike(text.Split('\n')).Should().Be(debianLike);

    [Theory]
    [InlineData("hatchling>=1.5", "python3-hatchling")]
    [InlineData("setuptools_scm[toml]>=6.2", "python3-setuptools-scm")]
    [InlineData("poetry-core>=1.0.0", "python3-poetry-core")]
    [InlineData("flit_core >=3.2,<4", "flit")]
    [InlineData("Hatch.VCS", "python3-hatch-vcs")]
    [InlineData("twine", "twine")]
    public void Debian_names_a_distribution_python3_name_except_for_tools_it_packages_by_command(string requirement, string package)
    {
        var item = ToolchainItem.PythonDistribution(requirement);
        item.DebianPackage.Should().Be(package);
        item.PipRequirement.Should().Be(requirement);
    }

    [Theory]
    [InlineData("setuptools_scm[toml]>=6.2", "setuptools_scm")]
    [InlineData("  flit_core >=3.2,<4", "flit_core")]
    [InlineData("tomli; python_version < \"3.11\"", "tomli")]
    [InlineData("zope.interface", "zope.interface")]
    public void The_requirement_name_is_the_distribution_at_its_start(string requirement, string name) =>
        ToolchainItem.RequirementName(requirement).Should().Be(name);
}
