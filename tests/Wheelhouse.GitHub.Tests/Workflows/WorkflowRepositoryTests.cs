using Wheelhouse.GitHub.Workflows;

namespace Wheelhouse.GitHub.Tests.Workflows;

public sealed class WorkflowRepositoryTests
{
    [Theory]
    [InlineData("https://github.com/evalcheck/evalcheck.git")]
    [InlineData("https://github.com/evalcheck/evalcheck")]
    [InlineData("https://github.com/evalcheck/evalcheck/")]
    [InlineData("https://user@github.com/evalcheck/evalcheck.git")]
    [InlineData("git@github.com:evalcheck/evalcheck.git")]
    [InlineData("github.com:evalcheck/evalcheck")]
    [InlineData("ssh://git@github.com/evalcheck/evalcheck.git")]
    [InlineData("ssh://git@github.com:22/evalcheck/evalcheck")]
    [InlineData("  https://GitHub.com/evalcheck/evalcheck.git\n")]
    public void A_github_remote_url_names_owner_and_repository(string url)
    {
        WorkflowRepository.FromRemoteUrl(url, "the origin remote").Should().Be(new WorkflowRepository("evalcheck", "evalcheck", "the origin remote"));
    }

    [Theory]
    [InlineData("https://gitlab.com/evalcheck/evalcheck.git")]
    [InlineData("https://github.com.evil.example/evalcheck/evalcheck.git")]
    [InlineData("/srv/git/evalcheck.git")]
    [InlineData("https://github.com/evalcheck")]
    [InlineData("")]
    public void Any_other_remote_names_none(string url)
    {
        WorkflowRepository.FromRemoteUrl(url, "the origin remote").Should().BeNull();
    }

    [Fact]
    public void Owner_and_name_parse_from_owner_slash_name_only()
    {
        WorkflowRepository.Parse("acme/evalcheck.fork", "GitHubRepository").Should().Be(new WorkflowRepository("acme", "evalcheck.fork", "GitHubRepository"));
        WorkflowRepository.Parse("acme", "GitHubRepository").Should().BeNull();
        WorkflowRepository.Parse("acme/evalcheck/extra", "GitHubRepository").Should().BeNull();
        WorkflowRepository.Parse("-acme/evalcheck", "GitHubRepository").Should().BeNull();
        new WorkflowRepository("acme", "evalcheck", "x").ToString().Should().Be("acme/evalcheck");
    }
}
