using Wheelhouse.GitHub.Releases;
using Wheelhouse.GitHub.Tests.Workflows;

namespace Wheelhouse.GitHub.Tests.Releases;

/// <summary>The origin remote of a real git repository in a temp folder.</summary>
public sealed class OriginRemoteTests
{
    private static void Git(TempFolder folder, params string[] arguments) =>
        ChildProcess.Run("git", arguments, folder.Path).ExitCode.Should().Be(0, string.Join(' ', arguments));

    [Theory]
    [InlineData("https://github.com/octo-org/pytest-sample.git", "github.com")]
    [InlineData("git@github.com:octo-org/pytest-sample.git", "github.com")]
    [InlineData("ssh://git@gitlab.example.com:2222/octo-org/pytest-sample", "gitlab.example.com")]
    public async Task The_origin_remote_names_the_repository_in_https_and_ssh_forms(string url, string host)
    {
        using var folder = new TempFolder("origin");
        Git(folder, "init", "-q");
        Git(folder, "remote", "add", "origin", url);

        var remote = await OriginRemote.FindAsync(folder.Path);

        remote.Should().NotBeNull();
        remote!.Repository.ToString().Should().Be("octo-org/pytest-sample");
        remote.Host.Should().Be(host);
    }

    [Fact]
    public async Task Credentials_in_the_origin_url_are_protected_before_anything_else()
    {
        using var folder = new TempFolder("origin");
        Git(folder, "init", "-q");
        Git(folder, "remote", "add", "origin", "https://x-access-token:ghs_originSecret123@github.com/octo-org/pytest-sample.git");
        var secrets = new List<string>();

        var remote = await OriginRemote.FindAsync(folder.Path, secrets.Add);

        remote!.Repository.ToString().Should().Be("octo-org/pytest-sample");
        secrets.Should().Equal("ghs_originSecret123");
    }

    [Fact]
    public async Task No_repository_no_origin_or_a_local_path_give_nothing()
    {
        using var folder = new TempFolder("origin");
        (await OriginRemote.FindAsync(folder.Path)).Should().BeNull("the folder is no git repository");

        Git(folder, "init", "-q");
        (await OriginRemote.FindAsync(folder.Path)).Should().BeNull("the repository has no origin");

        Git(folder, "remote", "add", "origin", "/srv/git/pytest-sample.git");
        (await OriginRemote.FindAsync(folder.Path)).Should().BeNull("a local path names no owner/name");
    }
}
