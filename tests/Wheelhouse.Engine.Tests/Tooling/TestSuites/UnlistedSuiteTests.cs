using Wheelhouse.Engine.Tooling.TestSuites;

namespace Wheelhouse.Engine.Tests.Tooling.TestSuites;

public sealed class UnlistedSuiteTests
{
    private static readonly IReadOnlyList<TestSuite> Listed =
        [TestSuite.DotNet("tests/A.Tests/A.Tests.csproj"), TestSuite.Pytest("tests/python")];

    [Fact]
    public void A_test_project_on_disk_that_the_list_does_not_name_fails_with_its_path()
    {
        var verdicts = SuiteJudge.Unlisted(["tests/A.Tests/A.Tests.csproj", "tests/B.Tests/B.Tests.csproj"], Listed);

        var verdict = verdicts.Should().ContainSingle().Which;
        verdict.Status.Should().Be(SuiteStatus.Unlisted);
        verdict.Succeeded.Should().BeFalse();
        verdict.Totals.Failed.Should().Be(1, "it counts as a failure in the closing line");
        verdict.Problem.Should().Contain("tests/B.Tests/B.Tests.csproj is a test project the Test target does not list");
        verdict.StatusText.Should().Be("not listed");
    }

    [Fact]
    public void Listed_projects_and_other_paths_spellings_are_not_reported() =>
        SuiteJudge.Unlisted(["tests\\A.Tests\\A.Tests.csproj"], Listed).Should().BeEmpty();
}
