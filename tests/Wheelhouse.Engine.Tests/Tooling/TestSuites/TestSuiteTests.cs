using Wheelhouse.Engine.Tooling.TestSuites;

namespace Wheelhouse.Engine.Tests.Tooling.TestSuites;

public class TestSuiteTests
{
    [Fact]
    public void A_CSharp_suite_is_named_after_its_project_file_and_reports_to_a_trx_of_that_name()
    {
        var suite = TestSuite.DotNet("tests/Demo.Tests/Demo.Tests.csproj");

        (suite.Name, suite.Location, suite.Runner, suite.ReportFileName)
            .Should().Be(("Demo.Tests", "tests/Demo.Tests/Demo.Tests.csproj", TestRunner.DotNetTest, "Demo.Tests.trx"));
    }

    [Fact]
    public void A_pytest_suite_is_named_after_pytest_and_its_folder_and_reports_to_a_file_name_without_separators()
    {
        var suite = TestSuite.Pytest("tests/python");

        (suite.Name, suite.Runner, suite.ReportFileName).Should().Be(("pytest tests/python", TestRunner.Pytest, "pytest_tests_python.xml"));
    }
}
