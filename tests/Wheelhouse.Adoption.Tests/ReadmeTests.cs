using System.Text.RegularExpressions;
using Wheelhouse.Adoption.Tests.Support;

namespace Wheelhouse.Adoption.Tests;

/// <summary>README's "Use it for your plugin" shows what these tests do, so a newcomer who copies it does what is tested.</summary>
public sealed class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));

    [Fact]
    public void README_shows_the_hatchling_sdist_exclusions_the_adopted_plugin_uses()
    {
        Readme.Should().Contain(SamplePlugins.HatchlingSdistExclude.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void README_shows_every_export_ignore_line_of_the_template_s_gitattributes()
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, "templates", "Wheelhouse.Templates", "content", "wheelhouse", ".gitattributes"))
            .Where(l => l.EndsWith(" export-ignore", StringComparison.Ordinal)).ToList();

        lines.Should().NotBeEmpty();
        foreach (var line in lines)
            Readme.Should().Contain("\n" + line + "\n", line);
    }

    [Fact]
    public void README_adopts_with_the_options_the_tests_pass()
    {
        Readme.Should().Contain("./build.sh Pack")
            .And.Contain("dotnet new install ~/wheelhouse/artifacts/packages/Wheelhouse.Templates.")
            .And.Contain("dotnet new wheelhouse --package-name pytest-foo --repository owner/pytest-foo --package-source ~/wheelhouse/artifacts/packages")
            .And.Contain("./build.sh GenerateWorkflows");
    }

    private static IReadOnlyList<string> LayoutRows()
    {
        var start = Readme.IndexOf("## Repository layout", StringComparison.Ordinal);
        var end = Readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return Readme[start..end].Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)).ToList();
    }

    [Fact]
    public void Every_path_the_layout_table_names_exists()
    {
        var paths = LayoutRows().SelectMany(row => Regex.Matches(row.Split('|')[1], "`([^`]+)`").Select(m => m.Groups[1].Value)).ToList();

        paths.Should().HaveCountGreaterThan(15);
        foreach (var path in paths)
        {
            var full = Path.Combine(Repository.Root, path.TrimEnd('/'));
            (File.Exists(full) || Directory.Exists(full)).Should().BeTrue($"README's layout table names {path}");
        }
    }

    [Fact]
    public void The_layout_table_names_every_top_level_folder_every_library_and_every_test_project()
    {
        var table = string.Join("\n", LayoutRows());
        var expected = Directory.GetDirectories(Repository.Root)
            .Select(Path.GetFileName)
            // what .gitignore keeps out of the repository (dist/, artifacts/, .evalcheck/, ...) and editors' folders are no part of the layout
            .Where(name => name is not (".git" or ".vs" or ".idea" or ".vscode" or "dist" or "artifacts" or ".evalcheck" or ".pytest_cache" or "node_modules" or "TestResults"))
            .Select(name => $"`{name}/")
            .Concat(Directory.GetDirectories(Path.Combine(Repository.Root, "src")).Select(d => $"`src/{Path.GetFileName(d)}/"))
            .Concat(Directory.GetDirectories(Path.Combine(Repository.Root, "tests"))
                .Where(d => Directory.GetFiles(d, "*.csproj").Length > 0)
                .Select(d => $"`{Path.GetFileName(d)}`"))
            .ToList();

        foreach (var name in expected)
            table.Should().Contain(name, "README's layout table should say what each folder and project is");
    }
}
