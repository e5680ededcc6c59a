using Wheelhouse.Python.Verification;

namespace Wheelhouse.Python.Tests.Verification;

public sealed class PluginChecksTests
{
    private const string Pytest7VersionOutput = """
        This is pytest version 7.2.1, imported from /usr/lib/python3/dist-packages/pytest/__init__.py
        setuptools registered plugins:
          evalcheck-0.2.0 at /tmp/v/venv/lib/python3.11/site-packages/evalcheck/plugin.py
        """;

    private const string Pytest8VersionOutput = """
        This is pytest version 8.3.4, imported from /tmp/v/venv/lib/python3.12/site-packages/pytest/__init__.py
        registered third-party plugins:
          pytest-xdist-3.6.1 at /tmp/v/venv/lib/python3.12/site-packages/xdist/plugin.py
          evalcheck-0.2.0 at /tmp/v/venv/lib/python3.12/site-packages/evalcheck/plugin.py
        """;

    [Fact]
    public void Reads_the_plugin_listing_of_pytest_7_and_8()
    {
        PytestOutput.FindPlugin(Pytest7VersionOutput, "evalcheck").Should()
            .Be(new ListedPlugin("evalcheck", "0.2.0", "/tmp/v/venv/lib/python3.11/site-packages/evalcheck/plugin.py"));
        PytestOutput.Plugins(Pytest8VersionOutput).Select(p => (p.Distribution, p.Version))
            .Should().Equal(("pytest-xdist", "3.6.1"), ("evalcheck", "0.2.0"));
    }

    [Fact]
    public void Reads_the_plugins_line_of_a_session_header() =>
        PytestOutput.Plugins("platform linux -- Python 3.11.2, pytest-7.2.1, pluggy-1.0.0\nrootdir: /tmp/p, configfile: pytest.ini\nplugins: anyio-3.6.2, evalcheck-0.2.0\ncollected 2 items")
            .Select(p => p.Distribution + " " + p.Version).Should().Equal("anyio 3.6.2", "evalcheck 0.2.0");

    [Fact]
    public void Plugin_listed_with_the_installed_version_holds() =>
        PluginChecks.PluginListed(new PytestRun("pytest -VV", 0, Pytest7VersionOutput), "evalcheck", "0.2.0").Should().BeNull();

    [Fact]
    public void A_plugin_that_did_not_load_is_reported_with_pytest_output()
    {
        var output = "Traceback (most recent call last):\n  ...\nModuleNotFoundError: No module named 'evalcheck.missing_plugin'";
        PluginChecks.PluginListed(new PytestRun("pytest -VV", 1, output), "evalcheck", "0.2.0").Should()
            .Contain("expected 'pytest -VV' to list evalcheck-0.2.0 among pytest's plugins").And.Contain("exit code 1").And.Contain("No module named 'evalcheck.missing_plugin'");
    }

    [Fact]
    public void Another_version_of_the_plugin_is_reported() =>
        PluginChecks.PluginListed(new PytestRun("pytest -VV", 0, Pytest7VersionOutput), "evalcheck", "0.3.0").Should().Contain("expected pytest to load evalcheck 0.3.0, but it lists evalcheck-0.2.0");

    [Fact]
    public void The_marker_must_be_listed()
    {
        var output = "@pytest.mark.eval: an evaluation test; record its scores with the evalcheck fixture.\n\n@pytest.mark.skip(reason=None): skip the given test function";
        PytestOutput.Marker(output, "eval").Should().StartWith("an evaluation test");
        PluginChecks.MarkerRegistered(new PytestRun("pytest --markers", 0, output), "eval").Should().BeNull();
        PluginChecks.MarkerRegistered(new PytestRun("pytest --markers", 0, "@pytest.mark.evaluate: something else"), "eval")
            .Should().Contain("'@pytest.mark.eval' marker").And.Contain("not among the markers");
    }

    private static string JUnit(string improving, string regressing) => $"""
        <?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="0" failures="1" skipped="0" tests="2">
        <testcase classname="test_evalcheck_sample" name="test_improving_score" time="0.001">{improving}</testcase>
        <testcase classname="test_evalcheck_sample" name="test_regressing_score" time="0.001">{regressing}</testcase>
        </testsuite></testsuites>
        """;

    private const string RegressionFailure = "<failure message=\"evalcheck: accuracy regressed: baseline 0.900, score 0.800 (tolerance 0.000)\">evalcheck: accuracy regressed</failure>";

    [Fact]
    public void The_regression_proof_holds_when_only_the_regressing_test_fails_with_the_plugin_message() =>
        PluginChecks.RegressionCaught(new PytestRun("pytest", 1, "", JUnit("", RegressionFailure))).Should().BeNull();

    [Fact]
    public void A_regressing_test_that_passes_fails_the_proof()
    {
        var problem = PluginChecks.RegressionCaught(new PytestRun("pytest", 0, "2 passed", JUnit("", "")));
        problem.Should().Contain("test_evalcheck_sample.py::test_regressing_score records accuracy 0.800 against a baseline of 0.900 and should fail, but it passed");
    }

    [Fact]
    public void A_failure_with_another_message_fails_the_proof() =>
        PluginChecks.RegressionCaught(new PytestRun("pytest", 1, "", JUnit("", "<failure message=\"fixture 'evalcheck' not found\">E fixture 'evalcheck' not found</failure>")))
            .Should().Contain("not with the plugin's message 'evalcheck: accuracy regressed: baseline 0.900, score 0.800 ...'").And.Contain("fixture 'evalcheck' not found");

    [Fact]
    public void An_improving_test_that_fails_fails_the_proof() =>
        PluginChecks.RegressionCaught(new PytestRun("pytest", 1, "", JUnit("<failure message=\"boom\">boom</failure>", RegressionFailure)))
            .Should().Contain("test_improving_score records accuracy 0.950 against a baseline of 0.900 and should pass, but it failed: boom");

    [Fact]
    public void A_setup_error_counts_as_an_error_not_a_regression() =>
        PluginChecks.RegressionCaught(new PytestRun("pytest", 1, "", JUnit("", "<error message=\"failed on setup\">E fixture 'evalcheck' not found</error>")))
            .Should().Contain("should fail, but it errored: failed on setup");

    [Theory]
    [InlineData(2, ": interrupted")]
    [InlineData(3, ": internal error")]
    [InlineData(4, ": usage error")]
    [InlineData(5, ": no tests collected")]
    public void Pytest_exit_codes_other_than_pass_and_fail_are_explained(int exitCode, string meaning) =>
        PluginChecks.RegressionCaught(new PytestRun("pytest", exitCode, "ERROR: evalcheck: the baseline file is malformed")).Should()
            .Contain($"exited with code {exitCode}{meaning} and wrote no test report").And.Contain("the baseline file is malformed");

    [Fact]
    public void Reading_a_report_that_is_not_xml_gives_null() =>
        PytestOutput.JUnit("half a rep").Should().BeNull();

    [Fact]
    public void The_update_proof_checks_the_scores_written()
    {
        var run = new PytestRun("pytest --evalcheck-update-baseline", 0, "", JUnit("", ""));
        var good = SampleProject.BaselineJson(new Dictionary<string, double>
        {
            ["test_evalcheck_sample.py::test_improving_score"] = 0.95,
            ["test_evalcheck_sample.py::test_regressing_score"] = 0.8,
        });
        PluginChecks.BaselineUpdated(run, good).Should().BeNull();
        PluginChecks.BaselineUpdated(run, SampleProject.Files[SampleProject.BaselinePath]).Should()
            .Contain("test_evalcheck_sample.py::test_improving_score should have accuracy 0.950 but has 0.9");
        PluginChecks.BaselineUpdated(run, null).Should().Contain("the file is gone");
        PluginChecks.BaselineUpdated(new PytestRun("pytest --evalcheck-update-baseline", 1, "", JUnit("", RegressionFailure)), good)
            .Should().Contain("regressions must not fail tests");
    }

    [Fact]
    public void The_sample_baseline_has_the_plugin_format()
    {
        var text = SampleProject.Files[SampleProject.BaselinePath];
        var document = System.Text.Json.JsonDocument.Parse(text).RootElement;
        document.GetProperty("version").GetInt32().Should().Be(1);
        document.GetProperty("scores").GetProperty("test_evalcheck_sample.py::test_regressing_score").GetProperty("accuracy").GetDouble().Should().Be(0.9);
        SampleProject.ReadBaseline(text).Should().HaveCount(2);
        SampleProject.ExpectedFailureText.Should().Be("evalcheck: accuracy regressed: baseline 0.900, score 0.800");
    }

    [Fact]
    public void The_sample_test_file_uses_the_fixture_and_the_marker_and_there_is_no_conftest()
    {
        var files = SampleProject.Files;
        files.Keys.Should().NotContain(k => k.EndsWith("conftest.py", StringComparison.Ordinal));
        files[SampleProject.TestFile].Should().Contain("@pytest.mark.eval\ndef test_regressing_score(evalcheck):\n    evalcheck.record(\"accuracy\", 0.800)");
        files["pytest.ini"].Should().Contain("[pytest]");
    }
}
