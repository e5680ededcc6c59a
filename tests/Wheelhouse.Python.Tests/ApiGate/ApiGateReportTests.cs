using Wheelhouse.Python.ApiGate;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Tests.ApiGate;

public sealed class ApiGateReportTests
{
    private static ApiGateVerdict Verdict(string baseline, string release, ApiGateSettings? settings = null)
    {
        var before = ApiGateSamples.Api(baseline);
        var after = ApiGateSamples.WithMarker(ApiGateSamples.WithoutFixture(before), "sample_slow");
        return ApiGateVerdict.Decide(Pep440Version.Parse(baseline), Pep440Version.Parse(release), PluginApiDiff.Compare(before, after), settings ?? ApiGateSettings.Default);
    }

    [Fact]
    public void The_failure_lists_each_change_on_its_own_line_with_its_kind_then_the_smallest_right_version_and_the_ways_out()
    {
        var verdict = Verdict("1.4.2", "1.5.0");

        var lines = ApiGateReport.Failure(verdict, ApiGateSettings.Default, "pytest-sample", "PyPI's 1.4.2").Split(Environment.NewLine);

        lines[0].Should().Be("pytest-sample 1.5.0 changes the plugin API in a way its version does not say: against PyPI's 1.4.2, a breaking change needs MAJOR, " +
            "but 1.4.2 → 1.5.0 is a MINOR bump. The smallest right version is 2.0.0.");
        lines[1].Should().Be("  breaking  fixture-removed:sample_db  fixture 'sample_db' removed");
        lines[2].Should().Be("  addition  marker-added:sample_slow  marker 'sample_slow' added");
        lines[3].Should().Contain("./build.sh BumpVersion --bump auto").And.Contain("allow = [{ change = \"fixture-removed:sample_db\", reason = \"...\" }]");
    }

    [Fact]
    public void Below_1_0_0_the_reason_names_the_setting_and_Cargos_rule()
    {
        var verdict = Verdict("0.2.0", "0.2.1");

        ApiGateReport.Why(verdict, ApiGateSettings.Default).Should().Be("a breaking change below 1.0.0 needs MINOR ([tool.wheelhouse.api] zero-major-breaking = \"minor\", Cargo's rule, the default)");
        verdict.SmallestRight.ToString().Should().Be("0.3.0");
    }

    [Fact]
    public void An_unbumped_version_is_said_to_be_the_baselines_own()
    {
        var verdict = Verdict("0.2.0", "0.2.0");

        ApiGateReport.Made(verdict).Should().Be("0.2.0 is the baseline's own version (no bump)");
        verdict.Passes.Should().BeFalse();
    }

    [Fact]
    public void Allowed_changes_are_printed_with_their_reasons_and_unused_entries_are_pointed_out()
    {
        var settings = new ApiGateSettings([new AllowedChange("fixture-removed:sample_db", "renamed to db; deprecated since 1.2"), new AllowedChange("ini-removed:gone", "old")], SemverBump.Minor);
        var verdict = Verdict("1.4.2", "1.5.0", settings);

        var lines = ApiGateReport.LogLines(verdict, settings, "PyPI's 1.4.2");

        verdict.Passes.Should().BeTrue("the breaking change is allowed; the addition needs MINOR");
        lines.Should().Contain("  breaking  fixture-removed:sample_db  fixture 'sample_db' removed  (allowed: renamed to db; deprecated since 1.2)");
        lines.Should().Contain("Allowed by [tool.wheelhouse.api] in pyproject.toml, so it does not count: fixture-removed:sample_db (renamed to db; deprecated since 1.2)");
        lines.Should().Contain(l => l.Contains("allows ini-removed:gone, but there is no such change"));
        lines[^1].Should().Be("1.4.2 → 1.5.0 is a MINOR bump; an addition needs MINOR: the version is right.");
    }

    [Fact]
    public void The_release_notes_part_marks_breaking_changes_and_says_none_when_there_are_none()
    {
        ApiGateReport.Markdown(Verdict("1.4.2", "2.0.0"), "PyPI").Should().Be(
            "Against 1.4.2 (PyPI):\n\n- **breaking** `fixture-removed:sample_db`: fixture 'sample_db' removed\n- addition `marker-added:sample_slow`: marker 'sample_slow' added\n");
        var same = ApiGateVerdict.Decide(Pep440Version.Parse("1.4.2"), Pep440Version.Parse("1.4.3"), [], ApiGateSettings.Default);
        ApiGateReport.Markdown(same, "PyPI").Should().Be("None: the plugin API is the same as in 1.4.2 (PyPI).\n");
    }

    [Fact]
    public void The_changes_file_is_named_by_the_canonical_version() =>
        ApiGateReport.ChangesFile(Engine.AbsolutePath.Create("/tmp/plugin-api"), "1.0.0-RC1").ToString().Should().Be("/tmp/plugin-api/changes-1.0.0rc1.md");
}
