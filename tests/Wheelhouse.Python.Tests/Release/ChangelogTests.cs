using Wheelhouse.Engine;
using Wheelhouse.Python.Release;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Tests.Release;

public sealed class ChangelogTests
{
    private static readonly DateOnly Day = new(2026, 5, 17);

    private static ChangelogPromotion Promote(string text, string version = "0.3.0", string tagFormat = "v{version}") =>
        Changelog.Promote(text, Pep440Version.Parse(version), Day, tagFormat);

    [Fact]
    public void Promotes_unreleased_and_updates_compare_links()
    {
        var text = """
            # Changelog

            ## [Unreleased]

            ### Added

            - Something new.

            ## [0.2.0] - 2026-04-29

            - Old.

            [Unreleased]: https://github.com/o/r/compare/v0.2.0...HEAD
            [0.2.0]: https://github.com/o/r/releases/tag/v0.2.0

            """;

        var result = Promote(text);

        result.Warnings.Should().BeEmpty();
        result.Text.Should().Be("""
            # Changelog

            ## [Unreleased]

            ## [0.3.0] - 2026-05-17

            ### Added

            - Something new.

            ## [0.2.0] - 2026-04-29

            - Old.

            [Unreleased]: https://github.com/o/r/compare/v0.3.0...HEAD
            [0.3.0]: https://github.com/o/r/compare/v0.2.0...v0.3.0
            [0.2.0]: https://github.com/o/r/releases/tag/v0.2.0

            """);
    }

    [Fact]
    public void An_empty_unreleased_section_is_promoted_with_a_warning()
    {
        var result = Promote("## [Unreleased]\n\n## [0.2.0] - 2026-04-29\n\n- Old.\n");
        result.Text.Should().Be("## [Unreleased]\n\n## [0.3.0] - 2026-05-17\n\n## [0.2.0] - 2026-04-29\n\n- Old.\n");
        result.Warnings.Should().ContainSingle().Which.Should().Be(
            "The [Unreleased] section of CHANGELOG.md is empty, so the 0.3.0 entry has no notes. Write them under ## [0.3.0] before publishing.");
    }

    [Fact]
    public void A_first_release_links_to_its_release_page()
    {
        var text = "## [Unreleased]\n\n- First.\n\n[Unreleased]: https://github.com/o/r/commits/main\n";
        Promote(text, "0.1.0").Text.Should().Be(
            "## [Unreleased]\n\n## [0.1.0] - 2026-05-17\n\n- First.\n\n" +
            "[Unreleased]: https://github.com/o/r/compare/v0.1.0...HEAD\n[0.1.0]: https://github.com/o/r/releases/tag/v0.1.0\n");
    }

    [Fact]
    public void Without_an_unreleased_link_the_pattern_comes_from_release_links()
    {
        var text = "## [Unreleased]\n\n- New.\n\n## [0.2.0] - 2026-04-29\n\n[0.2.0]: https://github.com/o/r/releases/tag/v0.2.0\n";
        Promote(text).Text.Should().EndWith(
            "[Unreleased]: https://github.com/o/r/compare/v0.3.0...HEAD\n[0.3.0]: https://github.com/o/r/compare/v0.2.0...v0.3.0\n[0.2.0]: https://github.com/o/r/releases/tag/v0.2.0\n");
    }

    [Fact]
    public void Keeps_CRLF_the_compare_separator_and_the_tag_format()
    {
        var text = "## [Unreleased]\r\n\r\n- New.\r\n\r\n[unreleased]: https://gitlab.com/g/p/-/compare/release-0.2.0..main\r\n";
        Promote(text, tagFormat: "release-{version}").Text.Should().Be(
            "## [Unreleased]\r\n\r\n## [0.3.0] - 2026-05-17\r\n\r\n- New.\r\n\r\n" +
            "[unreleased]: https://gitlab.com/g/p/-/compare/release-0.3.0..main\r\n[0.3.0]: https://gitlab.com/g/p/-/compare/release-0.2.0..release-0.3.0\r\n");
    }

    [Fact]
    public void A_file_without_links_gets_only_the_new_heading()
    {
        Promote("## Unreleased\n- New.").Text.Should().Be("## Unreleased\n\n## 0.3.0 - 2026-05-17\n- New.");
        Promote("## [Unreleased]").Text.Should().Be("## [Unreleased]\n\n## [0.3.0] - 2026-05-17\n");
    }

    [Fact]
    public void A_file_without_an_unreleased_heading_is_left_unchanged_with_a_warning()
    {
        var text = "# Changelog\n\n## [0.2.0] - 2026-04-29\n";
        var result = Promote(text);
        result.Text.Should().Be(text);
        result.Warnings.Should().ContainSingle().Which.Should().StartWith("CHANGELOG.md has no '## [Unreleased]' heading");
    }

    [Fact]
    public void A_section_for_the_new_version_is_an_error()
    {
        var act = () => Promote("## [Unreleased]\n\n## [0.3.0] - 2026-05-01\n");
        act.Should().Throw<BuildException>().WithMessage("CHANGELOG.md already has a section for 0.3.0*");
    }

    [Fact]
    public void Promotes_the_repository_changelog()
    {
        var root = TempFolder.RepositoryRoot();
        var text = File.ReadAllText(Path.Combine(root, "CHANGELOG.md"));
        // The version the repository is at now, so a real BumpVersion (which adds its section) changes nothing here.
        var current = PyProject.Load(Path.Combine(root, "pyproject.toml")).Version!;
        var next = VersionBump.Apply(Pep440Version.Parse(current), [BumpKind.Minor]).ToString();

        var result = Promote(text, next);

        result.Text.Should().Contain($"## [Unreleased]\n\n## [{next}] - 2026-05-17\n");
        var links = $"[Unreleased]: https://github.com/evalcheck/evalcheck/compare/v{next}...HEAD\n[{next}]: https://github.com/evalcheck/evalcheck/compare/v{current}...v{next}\n";
        result.Text.Should().Contain(links);
        result.Text.Replace($"\n## [{next}] - 2026-05-17\n", "").Replace(links, $"[Unreleased]: https://github.com/evalcheck/evalcheck/compare/v{current}...HEAD\n")
            .Should().Be(text, "nothing else changes");
    }
}
