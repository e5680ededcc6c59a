using Serilog.Events;
using Wheelhouse.Engine.Execution;
using Wheelhouse.Engine.Hosts;
using Wheelhouse.Engine.Tests.Definition;
using Wheelhouse.Engine.Tests.Logging;

namespace Wheelhouse.Engine.Tests.Hosts;

public class BuildHostTests
{
    private static readonly BuildResult Failed = new(
    [
        new TargetResult("Clean", TargetStatus.Succeeded, TimeSpan.FromMilliseconds(1234), null),
        new TargetResult("Publish", TargetStatus.Failed, TimeSpan.FromSeconds(61), "boom | bang"),
    ], false);

    [Theory]
    [InlineData(null, "true", typeof(GitHubActionsHost))]
    [InlineData(null, null, typeof(TerminalHost))]
    [InlineData(null, "false", typeof(TerminalHost))]
    [InlineData("terminal", "true", typeof(TerminalHost))]
    [InlineData("github-actions", null, typeof(GitHubActionsHost))]
    [InlineData("GitHubActions", null, typeof(GitHubActionsHost))]
    public void Detect_follows_the_request_then_the_GITHUB_ACTIONS_variable(string? requested, string? githubActions, Type expected)
    {
        var environment = githubActions is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["GITHUB_ACTIONS"] = githubActions };

        BuildHost.Detect(environment, requested).Should().BeOfType(expected);
    }

    [Fact]
    public void Detect_refuses_an_unknown_host()
    {
        var act = () => BuildHost.Detect(TestBuilds.NoEnvironment, "jenkins");

        act.Should().Throw<BuildException>().WithMessage("Unknown host 'jenkins' given to --host. Use terminal or github-actions*");
    }

    [Fact]
    public void A_terminal_has_no_annotations()
    {
        var host = new TerminalHost(TestBuilds.NoEnvironment);

        host.Name.Should().Be("terminal");
        host.AnnotationPrefix(LogEventLevel.Error).Should().BeNull();
        host.AnnotationPrefix(LogEventLevel.Warning).Should().BeNull();
    }

    [Theory]
    [InlineData(LogEventLevel.Verbose, null)]
    [InlineData(LogEventLevel.Debug, null)]
    [InlineData(LogEventLevel.Information, null)]
    [InlineData(LogEventLevel.Warning, "::warning::")]
    [InlineData(LogEventLevel.Error, "::error::")]
    [InlineData(LogEventLevel.Fatal, "::error::")]
    public void GitHub_Actions_annotates_warnings_and_errors(LogEventLevel level, string? prefix)
    {
        new GitHubActionsHost(TestBuilds.NoEnvironment).AnnotationPrefix(level).Should().Be(prefix);
    }

    [Fact]
    public void GitHub_Actions_is_a_server_build_and_knows_the_ref()
    {
        var host = new GitHubActionsHost(new Dictionary<string, string> { ["GITHUB_REF"] = "refs/tags/v1.0" });

        host.IsServerBuild.Should().BeTrue();
        host.Name.Should().Be("github-actions");
        host.Ref.Should().Be("refs/tags/v1.0");
    }

    [Fact]
    public void A_local_build_has_no_ref_whatever_the_environment_says() =>
        BuildHost.Detect(new Dictionary<string, string> { ["GITHUB_REF"] = "refs/tags/v1.0" }, null).Ref.Should().BeNull();

    [Fact]
    public void The_summary_markdown_is_a_table_of_targets_with_escaped_pipes_and_a_total()
    {
        GitHubActionsHost.SummaryMarkdown(Failed).Split(Environment.NewLine).Should().Equal(
            "### Build failed",
            "",
            "| Target | Status | Duration | Note |",
            "|---|---|---:|---|",
            "| Clean | Succeeded | 0:01.23 |  |",
            "| Publish | Failed | 1:01.00 | boom \\| bang |",
            "| **Total** | | 1:02.23 | |",
            "",
            "");
    }

    [Fact]
    public void The_summary_markdown_headline_says_when_the_build_succeeded()
    {
        GitHubActionsHost.SummaryMarkdown(new BuildResult([], false)).Should().StartWith("### Build succeeded");
    }

    [Fact]
    public void WriteSummary_appends_to_the_GITHUB_STEP_SUMMARY_file()
    {
        using var temp = new TempDirectory();
        var summary = temp.Write("summary.md", "earlier step\n");
        var host = new GitHubActionsHost(new Dictionary<string, string> { ["GITHUB_STEP_SUMMARY"] = summary });

        host.WriteSummary(Failed);
        host.WriteSummary(Failed);

        var text = File.ReadAllText(summary);
        text.Should().StartWith("earlier step\n### Build failed");
        text.Should().Be("earlier step\n" + GitHubActionsHost.SummaryMarkdown(Failed) + GitHubActionsHost.SummaryMarkdown(Failed));
    }

    [Fact]
    public void WriteSummary_without_GITHUB_STEP_SUMMARY_writes_nothing()
    {
        var act = () => new GitHubActionsHost(TestBuilds.NoEnvironment).WriteSummary(Failed);

        act.Should().NotThrow();
    }
}

[Collection(Runner.ConsoleCollection.Name)]
public class GitHubActionsConsoleTests
{
    [Fact]
    public void Mask_announces_each_line_of_a_secret_as_add_mask()
    {
        using var console = new ConsoleCapture();

        new GitHubActionsHost(TestBuilds.NoEnvironment).Mask("first-line\r\n second-line \n");

        console.Output.Split(Environment.NewLine).Should().Equal("::add-mask::first-line", "::add-mask::second-line", "");
    }

    [Fact]
    public void Targets_are_folded_into_groups()
    {
        using var console = new ConsoleCapture();
        var host = new GitHubActionsHost(TestBuilds.NoEnvironment);

        host.BeginTarget("Compile");
        host.EndTarget("Compile");

        console.Output.Split(Environment.NewLine).Should().Equal("::group::Compile", "::endgroup::", "");
    }

    [Fact]
    public void A_terminal_writes_nothing_for_masks_and_groups()
    {
        using var console = new ConsoleCapture();
        var host = new TerminalHost(TestBuilds.NoEnvironment);

        host.Mask("secret");
        host.BeginTarget("Compile");
        host.EndTarget("Compile");
        host.WriteSummary(new BuildResult([], false));

        console.Output.Should().BeEmpty();
    }
}
