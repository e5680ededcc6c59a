using System.Text.Json.Nodes;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Parameters;
using Wheelhouse.GitHub.Releases;

namespace Wheelhouse.GitHub.Tests.Releases;

/// <summary>
/// The component as the build declares it (build/IGitHubRelease.cs): the parameters of <see cref="IGitHubReleaseParameters"/>,
/// and a GitHubRelease target that requires the token and runs <see cref="ReleasePublisher"/>.
/// </summary>
public interface IReleaseComponent : IGitHubReleaseParameters
{
    Target GitHubRelease => _ => _
        .Requires(() => GitHubToken)
        .Executes(async cancellationToken => await ReleasePublisher.RunAsync(
            new GitHubReleaseRequest(RootDirectory, RootDirectory / "dist", "v{version}", GitHubToken!, GitHubRepository, GitHubApiUrl)
            {
                AddSecret = secret =>
                {
                    Context.Masker.Add(secret);
                    Context.Host.Mask(secret);
                },
            },
            cancellationToken));
}

public sealed class ReleaseBuild : BuildBase, IReleaseComponent;

/// <summary>Console output, the process environment and Serilog's static logger are process-wide: these tests run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EngineRunCollection
{
    public const string Name = "GitHubRelease through the engine";
}

[Collection(EngineRunCollection.Name)]
public sealed class GitHubReleaseTargetTests : IAsyncLifetime
{
    private FakeGitHub github = null!;
    private readonly ReleaseProject project = new();

    public async Task InitializeAsync()
    {
        github = await FakeGitHub.StartAsync();
        Directory.CreateDirectory(Path.Combine(project.Root, ".nuke"));
    }

    public async Task DisposeAsync()
    {
        await github.DisposeAsync();
        project.Dispose();
    }

    [Fact]
    public void The_token_is_a_secret_parameter_that_GitHub_Actions_environment_names_set()
    {
        var parameters = ParameterDescriptor.FromBuild(typeof(ReleaseBuild));
        var environment = new Dictionary<string, string>
        {
            ["GITHUB_TOKEN"] = "ghs_fromActions",
            ["GITHUB_REPOSITORY"] = "evalcheck/evalcheck",
            ["GITHUB_API_URL"] = "https://api.github.com",
        };

        var values = ParameterValues.Resolve(parameters, new ParameterSources(new Dictionary<string, IReadOnlyList<string>>(), environment, [], project.Root, project.Root));

        parameters.Single(p => p.Name == "GitHubToken").IsSecret.Should().BeTrue();
        values.Get("GitHubToken").Should().Be("ghs_fromActions");
        values.Get("GitHubRepository").Should().Be("evalcheck/evalcheck");
        values.Get("GitHubApiUrl").Should().Be("https://api.github.com");
        values.SecretValues.Should().Equal("ghs_fromActions");
    }

    [Fact]
    public void The_token_is_not_taken_from_the_command_line()
    {
        var (exitCode, _, error) = Run(["GitHubRelease", "--github-token", "ghp_onTheCommandLine"]);

        exitCode.Should().Be(BuildRunner.FailureExitCode);
        error.Should().Contain("is a secret and is not taken from the command line").And.NotContain("ghp_onTheCommandLine");
        github.Requests.Should().BeEmpty();
    }

    [Fact]
    public void Without_a_token_nothing_runs_and_the_error_names_the_parameter()
    {
        var (exitCode, output, error) = Run(["GitHubRelease", "--github-repository", "evalcheck/evalcheck", "--github-api-url", github.ApiUrl]);

        exitCode.Should().Be(BuildRunner.FailureExitCode);
        error.Should().Contain("Nothing was run, because target GitHubRelease requires parameter GitHubToken");
        output.Should().NotContain("Running");
        github.Requests.Should().BeEmpty();
    }

    [Fact]
    public void With_the_token_the_target_publishes_the_release_and_the_token_is_in_no_log()
    {
        File.WriteAllText(Path.Combine(project.Root, ".nuke", "parameters.json"), new JsonObject { ["GitHubToken"] = github.Token }.ToJsonString());

        var (exitCode, output, error) = Run(["GitHubRelease", "--github-repository", "evalcheck/evalcheck", "--github-api-url", github.ApiUrl]);

        exitCode.Should().Be(0, $"the run should succeed; it printed:\n{output}\n{error}");
        github.Release("v0.2.0")!.Assets.Should().HaveCount(3);
        var buildLog = File.ReadAllText(Path.Combine(project.Root, ".nuke", "temp", "build.log"));
        buildLog.Should().Contain("SHA256SUMS: uploading");
        buildLog.Should().NotContain(github.Token);
        output.Should().NotContain(github.Token);
        error.Should().NotContain(github.Token);
    }

    [Fact]
    public void A_failed_upload_fails_the_target_with_the_message_and_the_token_stays_out_of_the_output()
    {
        File.WriteAllText(Path.Combine(project.Root, ".nuke", "parameters.json"), new JsonObject { ["GitHubToken"] = github.Token }.ToJsonString());
        github.FailUploadAttempt = 1;

        var (exitCode, output, error) = Run(["GitHubRelease", "--github-repository", "evalcheck/evalcheck", "--github-api-url", github.ApiUrl, "--verbosity", "verbose"]);

        exitCode.Should().Be(BuildRunner.FailureExitCode);
        output.Should().Contain($"Uploading {project.Wheel} to release v0.2.0 failed");
        (output + error + File.ReadAllText(Path.Combine(project.Root, ".nuke", "temp", "build.log"))).Should().NotContain(github.Token);
    }

    /// <summary>Runs the build in the project folder, with standard output and error captured and no token in the environment.</summary>
    private (int ExitCode, string Output, string Error) Run(string[] args)
    {
        var hidden = Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => KebabCase.Loose(k) is "githubtoken")
            .ToDictionary(k => k, Environment.GetEnvironmentVariable);
        foreach (var name in hidden.Keys)
            Environment.SetEnvironmentVariable(name, null);
        var (originalOut, originalError) = (Console.Out, Console.Error);
        var (output, error) = (new StringWriter(), new StringWriter());
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            var exitCode = BuildRunner.Run(new ReleaseBuild(), [.. args, "--root", project.Root, "--host", "terminal"], []);
            return (exitCode, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
            foreach (var (name, value) in hidden)
                Environment.SetEnvironmentVariable(name, value);
        }
    }
}
