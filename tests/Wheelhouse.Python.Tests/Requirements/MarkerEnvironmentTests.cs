using Wheelhouse.Engine;
using Wheelhouse.Python.Requirements;

namespace Wheelhouse.Python.Tests.Requirements;

public sealed class MarkerEnvironmentTests
{
    private const string DebianJson = """
        {"implementation_name": "cpython", "implementation_version": "3.11.2", "os_name": "posix",
         "platform_machine": "x86_64", "platform_release": "6.1.0-18-amd64", "platform_system": "Linux",
         "platform_version": "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)", "python_full_version": "3.11.2",
         "platform_python_implementation": "CPython", "python_version": "3.11", "sys_platform": "linux"}
        """;

    [Fact]
    public void Reads_the_variables_a_probe_prints_as_JSON()
    {
        var environment = MarkerEnvironment.FromJson(DebianJson);

        environment.Should().Be(Environments.CPython311Linux);
        environment.Extra.Should().BeEmpty();
    }

    [Fact]
    public void Round_trips_through_its_dictionary()
    {
        var values = Environments.CPython39Windows with { Extra = "test" };

        MarkerEnvironment.FromDictionary(values.ToDictionary()).Should().Be(values);
        values.ToDictionary().Keys.Should().BeEquivalentTo(MarkerEnvironment.InterpreterVariables.Append("extra"));
    }

    [Fact]
    public void Ignores_names_it_does_not_know()
    {
        var values = Environments.CPython311Linux.ToDictionary().ToDictionary(p => p.Key, p => p.Value);
        values["dependency_groups"] = "dev";

        MarkerEnvironment.FromDictionary(values).Should().Be(Environments.CPython311Linux);
    }

    [Fact]
    public void Names_every_missing_variable()
    {
        var values = Environments.CPython311Linux.ToDictionary().ToDictionary(p => p.Key, p => p.Value);
        values.Remove("python_version");
        values.Remove("sys_platform");

        var read = () => MarkerEnvironment.FromDictionary(values, "the probe of /usr/bin/python3");

        read.Should().Throw<BuildException>().Which.Message.Should()
            .StartWith("the probe of /usr/bin/python3 lacks the marker variables python_version, sys_platform; it needs every one of python_version, python_full_version,");
    }

    [Theory]
    [InlineData("not json", "is not a JSON object of marker variables")]
    [InlineData("[\"3.11\"]", "is not a JSON object of marker variables")]
    [InlineData("{\"python_version\": 3.11}", "is not a JSON object of marker variables")]
    [InlineData("null", "is JSON null")]
    [InlineData("{}", "lacks the marker variables python_version,")]
    public void Says_what_is_wrong_with_the_JSON(string json, string problem)
    {
        var read = () => MarkerEnvironment.FromJson(json, "the probe's output");

        read.Should().Throw<BuildException>().Which.Message.Should().StartWith("the probe's output ").And.Contain(problem);
    }

    [Theory]
    [InlineData("python_version", "3.11")]
    [InlineData("python_full_version", "3.11.2")]
    [InlineData("platform_python_implementation", "CPython")]
    [InlineData("extra", "")]
    [InlineData("no_such_variable", null)]
    public void Gives_a_variable_by_its_marker_name(string name, string? value)
    {
        Environments.CPython311Linux.Value(name).Should().Be(value);
    }

    [Fact]
    public void Reads_an_untagged_build_s_version_as_a_local_version()
    {
        (Environments.CPython311Linux with { PythonFullVersion = "3.11.1+" }).Value("python_full_version").Should().Be("3.11.1+local");
    }
}
