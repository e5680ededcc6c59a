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
}
