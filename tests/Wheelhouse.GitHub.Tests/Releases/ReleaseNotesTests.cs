using Wheelhouse.Engine;
using Wheelhouse.GitHub.Releases;
using Wheelhouse.Python;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.GitHub.Tests.Releases;

public sealed class ReleaseNotesTests
{
    private static string Extract(string changelog, string version) => ReleaseNotes.Extract(changelog, Pep440Version.Parse(version));

    [Fact]
    public void The_notes_are_the_lines_between_the_heading_and_the_next_section_without_the_heading()
    {
        Extract(ReleaseProject.SampleChangelog, "1.0.0rc1").Should().Be("### Changed\n\n- Baselines are written atomically.");
    }

    [Fact]
    public void The_file_s_link_definitions_are_not_part_of_the_last_section_but_the_ones_it_uses_are_carried()
    {
        Extract(ReleaseProject.SampleChangelog, "0.1.0").Should().Be("- First release.");
        Extract(ReleaseProject.SampleChangelog, "0.2.0").Should().Be(ReleaseProject.Notes020);
    }

    [Fact]
    public void The_last_section_carries_the_definitions_it_uses_from_the_trailing_block()
    {
        var changelog = "## [0.1.0] - 2026-03-01\n\n- First ([#3]).\n\n[0.1.0]: https://example.org/v0.1.0\n[#3]: https://example.org/pull/3\n";

        Extract(changelog, "0.1.0").Should().Be("- First ([#3]).\n\n[#3]: https://example.org/pull/3");
    }

    [Fact]
    public void The_repository_s_own_changelog_gives_notes_for_its_version()
    {
        var root = RepositoryRoot();
        var changelog = File.ReadAllText(Path.Combine(root, "CHANGELOG.md"));
        // The version pyproject.toml says now: BumpVersion adds its section, which may still be empty.
        var version = PyProject.Load(Path.Combine(root, "pyproject.toml")).Version!;

        var notes = Extract(changelog, version);

        notes.Should().NotContain("[Unreleased]:").And.NotContain("## [").And.NotContain($"[{version}]:");
    }

    [Fact]
    public void The_repository_s_own_changelog_gives_the_notes_of_its_first_release()
    {
        var changelog = File.ReadAllText(Path.Combine(RepositoryRoot(), "CHANGELOG.md"));

        // 0.2.0 is history: its section stays as it is whatever the version is now.
        var notes = Extract(changelog, "0.2.0");

        notes.Should().StartWith("### Added\n\n- The `evalcheck` fixture").And.EndWith("loads the plugin automatically.");
        notes.Should().NotContain("[Unreleased]:").And.NotContain("## [");
    }

    [Fact]
    public void Versions_match_after_PEP_440_normalisation()
    {
        Extract("## [1.0.0-RC1] - 2026-05-10\n\nNotes.\n", "1.0.0rc1").Should().Be("Notes.");
        Extract("## [v2.0] - 2026-05-10\n\nNotes.\n", "2.0.0").Should().Be("Notes.");
    }

    [Fact]
    public void Headings_without_brackets_or_date_are_found_too()
    {
        Extract("# Changelog\n\n## 0.2.0\n\n- Plain heading.\n\n## 0.1.0\n\n- Older.\n", "0.2.0").Should().Be("- Plain heading.");
    }

    [Fact]
    public void CRLF_files_give_LF_notes()
    {
        Extract("## [0.2.0] - 2026-04-29\r\n\r\n- One.\r\n- Two.\r\n\r\n## [0.1.0]\r\n", "0.2.0").Should().Be("- One.\n- Two.");
    }

    [Fact]
    public void A_heading_inside_a_fenced_code_block_does_not_end_the_section()
    {
        var changelog = "## [0.2.0] - 2026-04-29\n\n- Example:\n\n  ```markdown\n## [9.9.9] not a heading\n  ```\n\n- After.\n\n## [0.1.0]\n- Older.\n";

        Extract(changelog, "0.2.0").Should().Be("- Example:\n\n  ```markdown\n## [9.9.9] not a heading\n  ```\n\n- After.");
    }

    [Fact]
    public void A_heading_inside_a_code_block_is_not_taken_for_the_version_s_section()
    {
        var changelog = "## [Unreleased]\n\n```\n## [0.2.0] - fake\n```\n\n## [0.2.0] - 2026-04-29\n\n- Real.\n";

        Extract(changelog, "0.2.0").Should().Be("- Real.");
    }

    [Fact]
    public void Third_level_headings_belong_to_the_section()
    {
        Extract("## [0.2.0]\n### Added\n- A.\n### Fixed\n- B.\n## [0.1.0]\n", "0.2.0").Should().Be("### Added\n- A.\n### Fixed\n- B.");
    }

    [Fact]
    public void An_empty_section_gives_empty_notes()
    {
        Extract("## [Unreleased]\n\n## [0.2.0] - 2026-04-29\n\n## [0.1.0] - 2026-03-01\n- Older.\n", "0.2.0").Should().BeEmpty();
    }

    [Fact]
    public void A_missing_section_is_an_error_that_says_to_run_BumpVersion_or_add_it()
    {
        var act = () => Extract(ReleaseProject.SampleChangelog, "0.3.0");

        act.Should().Throw<BuildException>()
            .WithMessage("CHANGELOG.md has no section for 0.3.0 (a heading '## [0.3.0] - YYYY-MM-DD')*Run ./build.sh BumpVersion*or add the section by hand.");
    }

    [Fact]
    public void The_Unreleased_section_is_never_taken_for_a_version()
    {
        var act = () => Extract("## [Unreleased]\n\n- Pending.\n", "0.2.0");

        act.Should().Throw<BuildException>();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CHANGELOG.md")) && Directory.Exists(Path.Combine(directory.FullName, ".nuke")))
                return directory.FullName;
        }

        throw new InvalidOperationException("The repository root (with CHANGELOG.md and .nuke) was not found above the test's output folder.");
    }
}
