using Wheelhouse.Engine;
using Wheelhouse.Python.Verification;

namespace Wheelhouse.Python.Tests.Verification;

public sealed class SitePackagesDecisionTests
{
    private static readonly PackageSource Dist = new DistFolderSource(AbsolutePath.Create("/repo/dist"));
    private static readonly PackageSource Index = new PackageIndexSource("https://test.pypi.org/simple/", "https://pypi.org/simple/");
    private const string PyPI = "https://pypi.org/simple/";

    [Fact]
    public void From_dist_offline_the_venv_sees_the_system_site_packages()
    {
        var decision = SitePackagesDecision.Decide(Dist, null, indexAnswers: false, PyPI);
        decision.UseSystemSitePackages.Should().BeTrue();
        decision.Reason.Should().Contain("cannot be reached").And.Contain("--no-index");
    }

    [Fact]
    public void From_dist_online_the_venv_is_clean() =>
        SitePackagesDecision.Decide(Dist, null, indexAnswers: true, PyPI).UseSystemSitePackages.Should().BeFalse();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void From_an_index_the_venv_is_clean_whether_or_not_the_default_index_answers(bool answers) =>
        SitePackagesDecision.Decide(Index, null, answers, PyPI).UseSystemSitePackages.Should().BeFalse();

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public void An_explicit_choice_wins(bool requested, bool answers)
    {
        SitePackagesDecision.Decide(Dist, requested, answers, PyPI).UseSystemSitePackages.Should().Be(requested);
        SitePackagesDecision.Decide(Index, requested, answers, PyPI).UseSystemSitePackages.Should().Be(requested);
    }

    [Fact]
    public void Forcing_a_clean_venv_offline_says_the_dependencies_will_need_the_index() =>
        SitePackagesDecision.Decide(Dist, false, indexAnswers: false, PyPI).Reason.Should().Contain("did not answer");
}
