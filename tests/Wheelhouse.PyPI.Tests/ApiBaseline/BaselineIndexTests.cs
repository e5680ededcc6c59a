using Wheelhouse.Engine;
using Wheelhouse.PyPI.ApiBaseline;

namespace Wheelhouse.PyPI.Tests.ApiBaseline;

public sealed class BaselineIndexTests
{
    [Fact]
    public void PyPI_and_TestPyPI_are_known_by_host_and_any_other_root_serves_its_JSON_API_below_it()
    {
        BaselineIndex.Parse("https://pypi.org", "p").Should().Be(PackageIndex.PyPI);
        BaselineIndex.Parse("https://test.pypi.org/", "p").Should().Be(PackageIndex.TestPyPI);
        var local = BaselineIndex.Parse("http://127.0.0.1:8080/index", "p")!;
        local.ProjectJsonUrl("Pytest_Gate").ToString().Should().Be("http://127.0.0.1:8080/index/pypi/pytest-gate/json");
    }

    [Fact]
    public void None_asks_no_index() => BaselineIndex.Parse(" NONE ", "p").Should().BeNull();

    [Theory]
    [InlineData("pypi.org")]
    [InlineData("ftp://pypi.org/")]
    [InlineData("https://user:secret@pypi.example/")]
    public void Anything_else_is_refused_naming_the_parameter_without_credentials(string text)
    {
        var act = () => BaselineIndex.Parse(text, "api-baseline-index");

        act.Should().Throw<BuildException>().Which.Message.Should().StartWith("--api-baseline-index got").And.NotContain("secret").And.Contain("https://pypi.org/");
    }
}
