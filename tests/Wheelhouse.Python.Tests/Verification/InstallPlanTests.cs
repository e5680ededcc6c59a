using Wheelhouse.Engine;
using Wheelhouse.Engine.Http;
using Wheelhouse.Python.Verification;

namespace Wheelhouse.Python.Tests.Verification;

public sealed class InstallPlanTests
{
    private static readonly AbsolutePath Dist = AbsolutePath.Create("/repo/dist");
    private const string Venv = "/repo/.nuke/temp/verify/py3.11/venv";

    [Fact]
    public void From_dist_offline_installs_the_package_alone_from_dist_then_checks_dependencies_without_an_index()
    {
        var plan = InstallPlan.For("evalcheck", "0.2.0", new DistFolderSource(Dist), systemSitePackages: true, Venv);

        plan.VenvArguments.Should().Equal("-m", "venv", "--system-site-packages", Venv);
        plan.Steps.Should().HaveCount(2);
        plan.Steps[0].Arguments.Should().Equal("-m", "pip", "install", "--no-cache-dir", "--no-input", "--disable-pip-version-check",
            "--no-index", "--find-links", "/repo/dist", "--no-deps", "--ignore-installed", "evalcheck==0.2.0");
        plan.Steps[1].Arguments.Should().Equal("-m", "pip", "install", "--no-cache-dir", "--no-input", "--disable-pip-version-check",
            "--no-index", "--find-links", "/repo/dist", "evalcheck==0.2.0");
        plan.Steps.Should().OnlyContain(s => !s.RetryWhileNotVisible);
    }

    [Fact]
    public void From_dist_online_makes_a_clean_venv_and_resolves_dependencies_from_the_index()
    {
        var plan = InstallPlan.For("evalcheck", "0.2.0", new DistFolderSource(Dist), systemSitePackages: false, Venv);

        plan.VenvArguments.Should().Equal("-m", "venv", Venv);
        plan.Steps[0].Arguments.Should().ContainInOrder("--no-index", "--find-links", "/repo/dist", "--no-deps", "--ignore-installed", "evalcheck==0.2.0");
        plan.Steps[1].Arguments.Should().Equal("-m", "pip", "install", "--no-cache-dir", "--no-input", "--disable-pip-version-check", "evalcheck==0.2.0");
    }

    [Fact]
    public void From_an_index_is_one_plain_install_with_the_index_flags_retried_while_not_visible()
    {
        var plan = InstallPlan.For("evalcheck", "1.0.0rc1", new PackageIndexSource("https://test.pypi.org/simple/", "https://pypi.org/simple/"), false, Venv);

        plan.VenvArguments.Should().Equal("-m", "venv", Venv);
        var step = plan.Steps.Should().ContainSingle().Subject;
        step.Arguments.Should().Equal("-m", "pip", "install", "--no-cache-dir", "--no-input", "--disable-pip-version-check",
            "--index-url", "https://test.pypi.org/simple/", "--extra-index-url", "https://pypi.org/simple/", "evalcheck==1.0.0rc1");
        step.RetryWhileNotVisible.Should().BeTrue();
        step.Arguments.Should().NotContain(["--no-index", "--find-links", "--no-deps"]);
    }

    [Fact]
    public void Every_pip_run_has_the_cache_off()
    {
        PackageSource[] sources = [new DistFolderSource(Dist), new PackageIndexSource("http://127.0.0.1:8080/simple/")];
        foreach (var source in sources)
        foreach (var site in new[] { true, false })
            InstallPlan.For("evalcheck", "0.2.0", source, site, Venv).Steps.Should().OnlyContain(s => s.Arguments.Contains("--no-cache-dir"));
    }

    [Fact]
    public void An_index_url_with_credentials_goes_to_pip_in_the_environment_not_on_the_command_line()
    {
        var plan = InstallPlan.For("evalcheck", "0.2.0", new PackageIndexSource("https://__token__:pypi-SECRET@private.example/simple/", "https://pypi.org/simple/"), false, Venv);

        var step = plan.Steps.Single();
        step.Arguments.Should().NotContain(a => a.Contains("SECRET"));
        step.Arguments.Should().NotContain("--index-url").And.ContainInOrder("--extra-index-url", "https://pypi.org/simple/");
        step.Environment["PIP_INDEX_URL"].Should().Be("https://__token__:pypi-SECRET@private.example/simple/");
        InstallPlan.Display("/v/bin/python", step).Should().NotContain("SECRET").And.Contain("PIP_INDEX_URL=https://***@private.example/simple/");
    }

    [Fact]
    public void Pip_runs_without_the_settings_that_would_take_files_from_elsewhere()
    {
        var dist = InstallPlan.For("evalcheck", "0.2.0", new DistFolderSource(Dist), true, Venv).Steps[0].Environment;
        foreach (var name in new[] { "PIP_FIND_LINKS", "PIP_NO_INDEX", "PIP_USER", "PIP_UPGRADE", "PYTHONPATH", "PYTEST_ADDOPTS", "PYTEST_DISABLE_PLUGIN_AUTOLOAD" })
            dist.Should().ContainKey(name).WhoseValue.Should().BeNull();
        dist["PYTHONNOUSERSITE"].Should().Be("1");
        dist.Should().NotContainKey("PIP_INDEX_URL", "from dist/ the dependencies come from the index this machine is configured with");

        var index = InstallPlan.For("evalcheck", "0.2.0", new PackageIndexSource("https://test.pypi.org/simple/"), false, Venv).Steps[0].Environment;
        index["PIP_INDEX_URL"].Should().BeNull();
        index["PIP_EXTRA_INDEX_URL"].Should().BeNull();
    }

    [Fact]
    public void Urls_are_shown_without_credentials()
    {
        DisplaySafeUrl.Show("https://user:pw@example.org/simple/").Should().Be("https://***@example.org/simple/");
        DisplaySafeUrl.Show("https://example.org/simple/").Should().Be("https://example.org/simple/");
        new PackageIndexSource("https://u:p@a.example/simple/", "https://pypi.org/simple/").Describe()
            .Should().Be("the index https://***@a.example/simple/ (extra index https://pypi.org/simple/)");
    }

    [Theory]
    [InlineData("test.pypi.org/simple/")]
    [InlineData("ftp://example.org/simple/")]
    [InlineData("not a url")]
    public void An_index_url_must_be_absolute_http(string url) =>
        FluentActions.Invoking(() => IndexUrls.Check(url, "verify-index-url")).Should().Throw<BuildException>().WithMessage("--verify-index-url got*not an absolute http(s) URL*");
}
