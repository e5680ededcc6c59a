namespace Wheelhouse.Python.Tests;

public sealed class ProjectNameTests
{
    [Theory]
    [InlineData("Eval_Check", "eval-check")]
    [InlineData("pytest.Foo--bar", "pytest-foo-bar")]
    [InlineData("  pytest-foo ", "pytest-foo")]
    [InlineData("A", "a")]
    public void Normalises_case_and_runs_of_separators_as_PEP_503_says(string given, string normalised)
    {
        ProjectName.Normalise(given).Should().Be(normalised);
        new ProjectName(given).Normalised.Should().Be(normalised);
        new ProjectName(given).Given.Should().Be(given);
    }

    [Fact]
    public void Names_that_normalise_alike_are_the_same_project()
    {
        new ProjectName("Eval_Check").Should().Be(new ProjectName("eval.check"));
        (new ProjectName("Eval_Check") == new ProjectName("EVAL-CHECK")).Should().BeTrue();
        new ProjectName("eval-check").Should().NotBe(new ProjectName("evalcheck"));
        ProjectName.Same("pytest_Foo", "pytest-foo").Should().BeTrue();
        new HashSet<ProjectName> { new("a_b"), new("A.B") }.Should().ContainSingle();
    }

    [Fact]
    public void File_names_spell_the_normalised_name_with_underscores() =>
        new ProjectName("Pytest.Eval-Check").FileNameForm.Should().Be("pytest_eval_check");
}
