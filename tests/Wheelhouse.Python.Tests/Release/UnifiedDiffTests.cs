using Wheelhouse.Python.Release;

namespace Wheelhouse.Python.Tests.Release;

public sealed class UnifiedDiffTests
{
    [Fact]
    public void Equal_texts_give_no_diff()
    {
        UnifiedDiff.Create("a\nb\n", "a\nb\n", "a/x", "b/x").Should().BeEmpty();
    }

    [Fact]
    public void A_changed_line_with_context()
    {
        var old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
        var @new = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
        UnifiedDiff.Create(old, @new, "a/f", "b/f", context: 2).Should().Be(
            "--- a/f\n+++ b/f\n@@ -3,5 +3,5 @@\n 3\n 4\n-5\n+five\n 6\n 7\n");
    }

    [Fact]
    public void Separate_changes_get_separate_hunks_and_close_ones_share_one()
    {
        var old = string.Concat(Enumerable.Range(1, 20).Select(i => $"{i}\n"));
        var @new = old.Replace("2\n3\n", "2\nthree\n").Replace("\n18\n", "\neighteen\n");
        UnifiedDiff.Create(old, @new, "a/f", "b/f", context: 1).Should().Be(
            "--- a/f\n+++ b/f\n@@ -2,3 +2,3 @@\n 2\n-3\n+three\n 4\n@@ -17,3 +17,3 @@\n 17\n-18\n+eighteen\n 19\n");
        UnifiedDiff.Create(old, @new.Replace("\n5\n", "\nfive\n"), "a/f", "b/f", context: 1).Should().StartWith(
            "--- a/f\n+++ b/f\n@@ -2,5 +2,5 @@\n 2\n-3\n+three\n 4\n-5\n+five\n 6\n@@ -17,3");
    }

    [Fact]
    public void Insertions_at_the_start_and_deletions_at_the_end()
    {
        UnifiedDiff.Create("a\nb\n", "new\na\nb\n", "a/f", "b/f").Should().Be("--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n+new\n a\n b\n");
        UnifiedDiff.Create("a\nb\n", "a\n", "a/f", "b/f").Should().Be("--- a/f\n+++ b/f\n@@ -1,2 +1 @@\n a\n-b\n");
        UnifiedDiff.Create("", "a\n", "a/f", "b/f").Should().Be("--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+a\n");
    }

    [Fact]
    public void Marks_a_missing_final_newline_and_hides_carriage_returns()
    {
        UnifiedDiff.Create("a\r\nb", "a\r\nc", "a/f", "b/f").Should().Be(
            "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n");
    }

    [Fact]
    public void Inserted_lines_between_kept_ones()
    {
        UnifiedDiff.Create("## [Unreleased]\n\n### Added\n", "## [Unreleased]\n\n## [1.0] - 2026-01-01\n\n### Added\n", "a/CHANGELOG.md", "b/CHANGELOG.md").Should().Be(
            "--- a/CHANGELOG.md\n+++ b/CHANGELOG.md\n@@ -1,3 +1,5 @@\n ## [Unreleased]\n \n+## [1.0] - 2026-01-01\n+\n ### Added\n");
    }
}
