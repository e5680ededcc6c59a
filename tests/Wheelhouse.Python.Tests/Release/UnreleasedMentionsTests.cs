using Wheelhouse.Python.ApiGate;
using Wheelhouse.Python.Release;

namespace Wheelhouse.Python.Tests.Release;

public sealed class UnreleasedMentionsTests
{
    private static readonly ApiChange IniRemoved = new(ApiChangeSeverity.Breaking, "ini-removed", "evalcheck_tolerance", "ini key 'evalcheck_tolerance' removed");
    private static readonly ApiChange OptionRemoved = new(ApiChangeSeverity.Breaking, "option-removed", "--evalcheck-update-baseline", "option removed");
    private static readonly ApiChange FixtureAdded = new(ApiChangeSeverity.Addition, "fixture-added", "evalcheck_report", "fixture added");

    [Fact]
    public void A_breaking_change_named_under_Removed_or_Changed_of_Unreleased_is_mentioned()
    {
        const string changelog = """
            # Changelog

            ## [Unreleased]

            ### Removed

            - The `evalcheck_tolerance` ini option: scores must not drop at all.

            ## [0.2.0] - 2026-04-29

            ### Changed

            - `--evalcheck-update-baseline` writes atomically.
            """;

        UnreleasedMentions.Missing(changelog, [IniRemoved, OptionRemoved, FixtureAdded]).Should().Equal([OptionRemoved],
            "the option is named only in an older release's section, and additions need no mention");
    }

    [Fact]
    public void A_name_under_another_heading_of_Unreleased_does_not_count()
    {
        const string changelog = "## [Unreleased]\n\n### Added\n\n- Not `evalcheck_tolerance` any more.\n\n### Changed\n\n- The `--EVALCHECK-update-baseline` flag takes a path.\n";

        UnreleasedMentions.Missing(changelog, [IniRemoved, OptionRemoved]).Should().Equal([IniRemoved]);
    }

    [Fact]
    public void Without_an_Unreleased_section_every_breaking_change_is_missing() =>
        UnreleasedMentions.Missing("# Changelog\n\n## [0.2.0]\n\n### Removed\n\n- evalcheck_tolerance\n", [IniRemoved]).Should().Equal([IniRemoved]);
}
