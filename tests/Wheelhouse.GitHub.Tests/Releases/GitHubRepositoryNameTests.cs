using Wheelhouse.Engine;
using Wheelhouse.GitHub.Releases;

namespace Wheelhouse.GitHub.Tests.Releases;

public sealed class GitHubRepositoryNameTests
{
    [Theory]
    [InlineData("https://github.com/evalcheck/evalcheck.git", "github.com")]
    [InlineData("https://github.com/evalcheck/evalcheck", "github.com")]
    [InlineData("https://github.com/evalcheck/evalcheck/", "github.com")]
    [InlineData("http://GitHub.com:80/evalcheck/evalcheck.git", "github.com")]
    [InlineData("git@github.com:evalcheck/evalcheck.git", "github.com")]
    [InlineData("github.com:evalcheck/evalcheck", "github.com")]
    [InlineData("ssh://git@github.com/evalcheck/evalcheck.git", "github.com")]
    [InlineData("ssh://git@ssh.github.com:443/evalcheck/evalcheck.git", "ssh.github.com")]
    [InlineData("git://github.com/evalcheck/evalcheck.git", "github.com")]
    [InlineData("https://ghe.example.com/evalcheck/evalcheck.git", "ghe.example.com")]
    public void Remote_URLs_in_https_and_ssh_forms_name_the_repository(string url, string host)
    {
        var remote = GitHubRepositoryName.FromRemoteUrl(url);

        remote.Should().NotBeNull();
        remote!.Repository.ToString().Should().Be("evalcheck/evalcheck");
        remote.Host.Should().Be(host);
        remote.Credentials.Should().BeEmpty();
    }

    [Theory]
    [InlineData("https://x-access-token:ghs_abc123@github.com/o/r.git", "ghs_abc123")]
    [InlineData("https://ghp_abcdef0123456789@github.com/o/r.git", "ghp_abcdef0123456789")]
    [InlineData("https://octocat:p%40ss@github.com/o/r", "p@ss")]
    public void Credentials_in_an_https_remote_are_handed_back_to_be_masked(string url, string secret)
    {
        var remote = GitHubRepositoryName.FromRemoteUrl(url)!;

        remote.Repository.ToString().Should().Be("o/r");
        remote.Credentials.Should().Contain(secret);
        remote.Credentials.Should().NotContain("octocat", "a plain user name is not a secret");
    }

    [Theory]
    [InlineData("/home/me/evalcheck")]
    [InlineData("https://github.com/evalcheck")]
    [InlineData("https://github.com/a/b/c")]
    [InlineData("file:///srv/git/evalcheck.git")]
    [InlineData("")]
    public void URLs_without_an_owner_and_name_give_nothing(string url)
    {
        GitHubRepositoryName.FromRemoteUrl(url).Should().BeNull();
    }

    [Theory]
    [InlineData("evalcheck/evalcheck", "evalcheck", "evalcheck")]
    [InlineData("my-org/my.repo_2", "my-org", "my.repo_2")]
    [InlineData(" octo_emu/repo.git ", "octo_emu", "repo")]
    public void Owner_slash_name_is_parsed(string text, string owner, string name)
    {
        GitHubRepositoryName.Parse(text, "GitHubRepository").Should().Be(new GitHubRepositoryName(owner, name));
    }

    [Theory]
    [InlineData("evalcheck")]
    [InlineData("a/b/c")]
    [InlineData("-x/y")]
    [InlineData("o/..")]
    [InlineData("o/na me")]
    [InlineData("o/r?x=1")]
    public void Anything_else_is_an_error_naming_the_expected_form(string text)
    {
        var act = () => GitHubRepositoryName.Parse(text, "GitHubRepository");

        act.Should().Throw<BuildException>().WithMessage("GitHubRepository is '*', which is not a GitHub repository: give it as owner/name*");
    }
}
