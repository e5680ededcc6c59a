using Wheelhouse.Engine.Parameters;
using Wheelhouse.Engine.Tests.Definition;

namespace Wheelhouse.Engine.Tests.Parameters;

public class ParameterSourcesTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private static readonly ParameterDescriptor Interpreter = new("PythonInterpreter", typeof(string), null, false, false);
    private static readonly ParameterDescriptor Token = new("PypiToken", typeof(string), null, true, false);

    private ParametersFile File(string name, string json) =>
        ParametersFile.Load(temp.Write(".nuke/" + name, json), ".nuke/" + name)!;

    private ParameterSources Sources(
        Dictionary<string, IReadOnlyList<string>>? options = null,
        Dictionary<string, string>? environment = null,
        params ParametersFile[] files) =>
        new(options ?? [], environment ?? [], files, "/work/dir", temp.Path);

    [Fact]
    public void The_command_line_wins_over_every_other_source()
    {
        var sources = Sources(
            new() { ["python-interpreter"] = ["cli"] },
            new() { ["PythonInterpreter"] = "env-exact", ["PYTHON_INTERPRETER"] = "env-loose" },
            File("parameters.ci.json", """{ "PythonInterpreter": "profile" }"""),
            File("parameters.json", """{ "PythonInterpreter": "base" }"""));

        var raw = sources.Find(Interpreter)!;

        raw.Values.Should().Equal("cli");
        raw.Source.Should().Be("command line option --python-interpreter");
        raw.BaseDirectory.Should().Be("/work/dir");
    }

    [Fact]
    public void An_environment_variable_with_the_exact_name_wins_over_a_loosely_matching_one()
    {
        var sources = Sources(environment: new() { ["PYTHON_INTERPRETER"] = "loose", ["PythonInterpreter"] = "exact" });

        var raw = sources.Find(Interpreter)!;

        raw.Values.Should().Equal("exact");
        raw.Source.Should().Be("environment variable PythonInterpreter");
    }

    [Theory]
    [InlineData("PYTHON_INTERPRETER")]
    [InlineData("python_interpreter")]
    [InlineData("PYTHONINTERPRETER")]
    [InlineData("Python-Interpreter")]
    public void Environment_variables_match_ignoring_case_and_underscores(string variable)
    {
        var raw = Sources(environment: new() { [variable] = "python3.12", ["UNRELATED"] = "x" }).Find(Interpreter)!;

        raw.Values.Should().Equal("python3.12");
        raw.Source.Should().Be($"environment variable {variable}");
    }

    [Fact]
    public void Environment_wins_over_parameter_files()
    {
        var raw = Sources(environment: new() { ["PYTHON_INTERPRETER"] = "env" }, files: File("parameters.json", """{ "PythonInterpreter": "file" }""")).Find(Interpreter)!;

        raw.Values.Should().Equal("env");
    }

    [Fact]
    public void A_profile_file_wins_over_the_base_file_and_values_from_files_are_relative_to_the_root()
    {
        var raw = Sources(files:
        [
            File("parameters.ci.json", """{ "PythonInterpreter": "profile" }"""),
            File("parameters.json", """{ "PythonInterpreter": "base", "Other": 1 }"""),
        ]).Find(Interpreter)!;

        raw.Values.Should().Equal("profile");
        raw.Source.Should().Be("key \"PythonInterpreter\" in .nuke/parameters.ci.json");
        raw.BaseDirectory.Should().Be(temp.Path.ToString());
    }

    [Fact]
    public void The_base_file_is_used_when_the_profile_file_lacks_the_key()
    {
        var raw = Sources(files:
        [
            File("parameters.ci.json", """{ "Other": "x" }"""),
            File("parameters.json", """{ "PythonInterpreter": "base" }"""),
        ]).Find(Interpreter)!;

        raw.Values.Should().Equal("base");
        raw.Source.Should().Be("key \"PythonInterpreter\" in .nuke/parameters.json");
    }

    [Fact]
    public void A_parameter_set_nowhere_has_no_raw_value()
    {
        Sources(new() { ["other"] = ["x"] }, new() { ["PATH"] = "/bin" }, File("parameters.json", "{}")).Find(Interpreter).Should().BeNull();
    }

    [Fact]
    public void A_secret_on_the_command_line_is_refused_without_echoing_the_value()
    {
        var act = () => Sources(new() { ["pypi-token"] = ["pypi-AgEIcHlwaS5vcmc"] }).Find(Token);

        act.Should().Throw<BuildException>()
            .WithMessage("Parameter --pypi-token is a secret and is not taken from the command line*Set environment variable PYPI_TOKEN instead*")
            .Which.Message.Should().NotContain("pypi-AgEIcHlwaS5vcmc");
    }

    [Fact]
    public void A_secret_is_taken_from_the_environment_and_from_files()
    {
        Sources(environment: new() { ["PYPI_TOKEN"] = "from-env" }).Find(Token)!.Values.Should().Equal("from-env");
        Sources(files: File("parameters.json", """{ "PypiToken": "from-file" }""")).Find(Token)!.Values.Should().Equal("from-file");
    }

    [Fact]
    public void File_keys_match_ignoring_case_and_separators()
    {
        var file = File("parameters.json", """{ "python_interpreter": "a", "PYPI-TOKEN": "b" }""");

        file.Find("PythonInterpreter").Should().Equal("a");
        file.Find("PypiToken").Should().Equal("b");
        file.Find("Missing").Should().BeNull();
    }

    [Fact]
    public void File_values_of_any_json_kind_become_text()
    {
        var file = File("parameters.json", """
            {
              // comments and trailing commas are allowed
              "Text": "hello",
              "Number": 3,
              "Flag": true,
              "List": ["a", 2, false],
              "Nothing": null,
            }
            """);

        file.Find("Text").Should().Equal("hello");
        file.Find("Number").Should().Equal("3");
        file.Find("Flag").Should().Equal("true");
        file.Find("List").Should().Equal("a", "2", "false");
        file.Find("Nothing").Should().BeNull();
        file.DisplayPath.Should().Be(".nuke/parameters.json");
    }

    [Fact]
    public void A_file_value_that_is_an_object_is_an_error_naming_the_file_and_key()
    {
        var file = File("parameters.json", """{ "Nested": { "a": 1 } }""");

        var act = () => file.Find("Nested");

        act.Should().Throw<BuildException>().WithMessage(".nuke/parameters.json: key \"Nested\" holds an object*");
    }

    [Fact]
    public void A_missing_file_loads_as_null()
    {
        ParametersFile.Load(temp.Path / "nope.json", "nope.json").Should().BeNull();
    }

    [Fact]
    public void Bad_json_is_an_error_naming_the_file()
    {
        var path = temp.Write(".nuke/parameters.json", "{ \"Python\": ");

        var act = () => ParametersFile.Load(path, ".nuke/parameters.json");

        act.Should().Throw<BuildException>().WithMessage(".nuke/parameters.json is not valid JSON (*). Fix the file or delete it.");
    }

    [Fact]
    public void Json_that_is_not_an_object_is_an_error_naming_the_file()
    {
        var path = temp.Write(".nuke/parameters.json", "[1, 2]");

        var act = () => ParametersFile.Load(path, ".nuke/parameters.json");

        act.Should().Throw<BuildException>().WithMessage(".nuke/parameters.json must hold a JSON object*");
    }
}
