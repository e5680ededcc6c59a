using Wheelhouse.PyPI.Rehearsal;

namespace Wheelhouse.PyPI.Tests.Rehearsal;

public sealed class RehearsalRepositoryTests
{
    [Fact]
    public void The_parameter_comes_first()
    {
        RehearsalRepository.Choose(" acme/fork ", "octo-org/pytest-sample", "pytest-sample")
            .Should().Be(new RehearsalRepository("acme/fork", "--rehearsal-repository"));
    }

    [Fact]
    public void Without_the_parameter_the_origin_remote_names_it()
    {
        RehearsalRepository.Choose(null, "octo-org/pytest-sample", "pytest-sample")
            .Should().Be(new RehearsalRepository("octo-org/pytest-sample", "the origin remote"));
    }

    [Fact]
    public void With_neither_a_neutral_name_is_made_from_the_projects_and_says_so()
    {
        var chosen = RehearsalRepository.Choose("", null, "Pytest_Sample.Plugin");

        chosen.Repository.Should().Be("local/pytest-sample-plugin");
        chosen.Source.Should().Be("made from the project's name: neither --rehearsal-repository nor an origin remote names a repository");
        new WorkflowIdentity(chosen.Repository, "release.yml", "pypi", "refs/tags/v1.0.0").Validated().Subject.Should().Be("repo:local/pytest-sample-plugin:environment:pypi");
    }
}
