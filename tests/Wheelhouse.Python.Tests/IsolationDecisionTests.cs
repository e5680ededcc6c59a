using Wheelhouse.Engine;

namespace Wheelhouse.Python.Tests;

public sealed class IsolationDecisionTests
{
    private static IsolationDecision Decide(BuildIsolation requested, bool index, bool backend) =>
        IsolationDecision.Decide(requested, index, backend, "https://pypi.org/simple/", "hatchling.build", "apt-get install python3-hatchling");

    [Fact]
    public void Auto_isolates_when_the_index_answers() =>
        Decide(BuildIsolation.Auto, index: true, backend: false).Should().Be(new IsolationDecision(true, null));

    [Fact]
    public void Auto_falls_back_to_the_installed_backend_with_a_warning_when_offline()
    {
        var decision = Decide(BuildIsolation.Auto, index: false, backend: true);
        decision.Isolated.Should().BeFalse();
        decision.Warning.Should().Contain("cannot be reached").And.Contain("without isolation").And.Contain("hatchling.build");
    }

    [Fact]
    public void Auto_offline_without_backend_names_the_install_command()
    {
        var act = () => Decide(BuildIsolation.Auto, index: false, backend: false);
        act.Should().Throw<BuildException>().WithMessage("*apt-get install python3-hatchling*");
    }

    [Fact]
    public void Isolated_is_kept_even_offline() =>
        Decide(BuildIsolation.Isolated, index: false, backend: false).Isolated.Should().BeTrue();

    [Fact]
    public void Not_isolated_needs_the_backend()
    {
        Decide(BuildIsolation.NotIsolated, index: true, backend: true).Should().Be(new IsolationDecision(false, null));
        var act = () => Decide(BuildIsolation.NotIsolated, index: true, backend: false);
        act.Should().Throw<BuildException>().WithMessage("*'hatchling.build' installed*");
    }
}
