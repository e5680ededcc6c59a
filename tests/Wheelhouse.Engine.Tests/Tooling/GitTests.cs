using Wheelhouse.Engine.Tooling;

namespace Wheelhouse.Engine.Tests.Tooling;

/// <summary>The one git runner, with the real git in a temporary repository.</summary>
public sealed class GitTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("wheelhouse-git-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task A_question_gets_gits_trimmed_answer()
    {
        await Git.RunAsync(folder, ["init", "--quiet"], CancellationToken.None, throwOnFailure: true);
        await Git.RunAsync(folder, ["remote", "add", "origin", "https://x-access-token:ghs_secret@github.com/o/r.git"], CancellationToken.None, throwOnFailure: true);

        var remote = await Git.QueryAsync(folder, ["remote", "get-url", "origin"], CancellationToken.None);

        remote.Should().Be("https://x-access-token:ghs_secret@github.com/o/r.git");
    }

    [Fact]
    public async Task A_question_git_cannot_answer_is_null()
    {
        (await Git.QueryAsync(folder, ["rev-parse", "--verify", "--quiet", "refs/tags/v1^{commit}"], CancellationToken.None)).Should().BeNull();
        (await Git.QueryAsync(Path.Combine(folder, "missing"), ["status"], CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task A_failing_command_throws_only_when_asked_to()
    {
        var result = await Git.RunAsync(folder, ["rev-parse", "--verify", "HEAD"], CancellationToken.None);
        result.ExitCode.Should().NotBe(0);

        await FluentActions.Awaiting(() => Git.RunAsync(folder, ["rev-parse", "--verify", "HEAD"], CancellationToken.None, throwOnFailure: true))
            .Should().ThrowAsync<BuildException>();
    }
}
