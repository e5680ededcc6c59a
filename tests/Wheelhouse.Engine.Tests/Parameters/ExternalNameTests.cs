using Wheelhouse.Engine.Parameters;

namespace Wheelhouse.Engine.Tests.Parameters;

public sealed class ExternalNameTests
{
    private sealed class NamedBuild : BuildBase
    {
        [Parameter("A token", Name = "GithubToken"), Secret]
        public string? GitHubToken { get; set; }

        [Parameter("Where", Name = "Destination")]
        public string? Target2 { get; set; }
    }

    [Fact]
    public void Parameter_name_overrides_the_option_and_environment_names()
    {
        var parameters = ParameterDescriptor.FromBuild(typeof(NamedBuild));
        var token = parameters.Single(p => p.Name == "GitHubToken");
        token.ArgumentName.Should().Be("github-token");
        token.EnvironmentName.Should().Be("GITHUB_TOKEN");
        parameters.Single(p => p.Name == "Target2").ArgumentName.Should().Be("destination");
    }

    [Fact]
    public void Environment_variable_under_the_external_name_is_found()
    {
        var parameters = ParameterDescriptor.FromBuild(typeof(NamedBuild));
        var sources = new ParameterSources(
            new Dictionary<string, IReadOnlyList<string>> { ["destination"] = ["there"] },
            new Dictionary<string, string> { ["GITHUB_TOKEN"] = "t0ken-value" },
            [], "/work", "/work");
        var values = ParameterValues.Resolve(parameters, sources);
        values.Get("GitHubToken").Should().Be("t0ken-value");
        values.Get("Target2").Should().Be("there");
    }
}
