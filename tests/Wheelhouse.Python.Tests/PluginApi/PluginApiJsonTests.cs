using System.Text;
using Wheelhouse.Engine;
using Wheelhouse.Python.PluginApi;
using static Wheelhouse.Python.Tests.PluginApi.PluginApiSamples;

namespace Wheelhouse.Python.Tests.PluginApi;

public sealed class PluginApiJsonTests
{
    private static string Text(PluginApiSnapshot api) => Encoding.UTF8.GetString(PluginApiJson.Serialize(api));

    [Fact]
    public void Every_field_reads_back_equal()
    {
        var api = Full();

        var read = PluginApiJson.Read(Text(api), "test");

        read.Should().Be(api.InStableOrder());
        read.Should().NotBe(api, "the sample is out of order on purpose, and order is part of equality");
    }

    [Fact]
    public void The_same_api_in_any_order_gives_the_same_bytes()
    {
        var api = Full();
        var reversed = api with
        {
            EntryPoints = api.EntryPoints.Reverse().ToValueList(),
            Fixtures = api.Fixtures.Reverse().ToValueList(),
            Options = api.Options.Reverse().ToValueList(),
            IniOptions = api.IniOptions.Reverse().ToValueList(),
            Unreadable = api.Unreadable.Reverse().ToValueList(),
        };

        PluginApiJson.Serialize(reversed).Should().Equal(PluginApiJson.Serialize(api));
    }

    [Fact]
    public void The_document_is_indented_with_two_spaces_lf_and_a_final_newline_in_a_fixed_property_order()
    {
        var api = Empty() with
        {
            EntryPoints = List(new PluginEntryPoint("demo", "pytest_demo", null, true, null)),
            Fixtures = List(new PluginFixture("demo_value", "pytest_demo", "session", true, List("1", "'é'"))),
            Markers = List(new PluginMarker("demo", "demo", "a demo")),
            IniOptions = List(new PluginIniOption("demo_level", "string", PythonValue.FromJson("\"low\""), "Level.", ValueList<string>.Empty)),
            Options = List(new PluginOption(List("--demo"), "demo", "store", null, "int", List(PythonValue.FromJson("1")), PythonValue.FromRepr("Path('x')"),
                false, "Demo.")),
            HookSpecs = List(new PluginHookSpec("pytest_demo", "pytest_demo", List("config"), false, true)),
        };

        Text(api).Should().Be("""
            {
              "schema": 1,
              "distribution": "pytest-demo",
              "version": "1.0.0",
              "requires_python": ">=3.9",
              "pytest_version": "8.3.5",
              "python_version": "3.13.5",
              "entry_points": [
                {
                  "name": "demo",
                  "module": "pytest_demo",
                  "attribute": null,
                  "loaded": true,
                  "load_error": null
                }
              ],
              "fixtures": [
                {
                  "name": "demo_value",
                  "module": "pytest_demo",
                  "scope": "session",
                  "autouse": true,
                  "params": [
                    "1",
                    "'é'"
                  ]
                }
              ],
              "markers": [
                {
                  "name": "demo",
                  "signature": "demo",
                  "description": "a demo"
                }
              ],
              "ini_options": [
                {
                  "name": "demo_level",
                  "type": "string",
                  "default": "low",
                  "help": "Level.",
                  "aliases": []
                }
              ],
              "options": [
                {
                  "flags": [
                    "--demo"
                  ],
                  "dest": "demo",
                  "action": "store",
                  "nargs": null,
                  "type": "int",
                  "choices": [
                    1
                  ],
                  "default": {
                    "repr": "Path('x')"
                  },
                  "required": false,
                  "help": "Demo."
                }
              ],
              "hookspecs": [
                {
                  "name": "pytest_demo",
                  "module": "pytest_demo",
                  "arguments": [
                    "config"
                  ],
                  "firstresult": false,
                  "historic": true
                }
              ],
              "unreadable": []
            }

            """);
    }

    [Fact]
    public void A_value_is_its_json_when_exact_and_its_repr_otherwise_and_ints_stay_apart_from_floats()
    {
        PythonValue.FromJson("{\"repr\": \"('a',)\"}").Should().Be(PythonValue.FromRepr("('a',)"));
        PythonValue.FromJson("{\"repr\": \"('a',)\"}").Json.Should().BeNull();
        PythonValue.FromJson("1").Should().NotBe(PythonValue.FromJson("1.0"), "Python's 1 and 1.0 are different defaults");
        PythonValue.FromJson("[ \"a\",\n 1 ]").Should().Be(PythonValue.FromJson("[\"a\",1]"), "JSON text is kept in one canonical form");
        PythonValue.FromJson("\"\\u00e9\"").Json.Should().Be("\"é\"");
        PythonValue.FromJson("null").Should().Be(PythonValue.None);
        PythonValue.FromJson("{\"repr\": \"x\", \"other\": 1}").Repr.Should().BeNull("only an object with the one key repr stands for a repr");
    }

    [Fact]
    public void A_missing_property_is_an_error_naming_the_source_and_where_it_is_missing()
    {
        var text = Text(Full()).Replace("\"scope\": \"function\",", "", StringComparison.Ordinal);

        var act = () => PluginApiJson.Read(text, "plugin-api.json");

        act.Should().Throw<BuildException>().WithMessage("plugin-api.json is not a plugin API document: fixtures[0].scope is missing.*");
    }

    [Fact]
    public void A_property_of_the_wrong_kind_is_an_error_naming_what_was_expected()
    {
        var text = Text(Full()).Replace("\"loaded\": true", "\"loaded\": \"yes\"", StringComparison.Ordinal);

        var act = () => PluginApiJson.Read(text, "plugin-api.json");

        act.Should().Throw<BuildException>().WithMessage("*entry_points[0].loaded should be true or false but is a string*");
    }

    [Fact]
    public void Another_schema_version_is_refused()
    {
        var text = Text(Full()).Replace("\"schema\": 1", "\"schema\": 2", StringComparison.Ordinal);

        var act = () => PluginApiJson.Read(text, "plugin-api.json");

        act.Should().Throw<BuildException>().WithMessage("plugin-api.json has plugin API schema 2; this build reads schema 1 only.*");
    }

    [Fact]
    public void Text_that_is_not_json_is_an_error_naming_the_file()
    {
        using var folder = new TempFolder();
        var file = folder.Write("plugin-api.json", "{ not json");

        var act = () => PluginApiJson.ReadFile(file);

        act.Should().Throw<BuildException>().WithMessage($"{file} is not valid JSON*");
    }

    [Fact]
    public void Writing_replaces_the_file_whole_and_leaves_no_temp_file()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "plugin-api", "pytest-demo-1.0.0.json");
        PluginApiJson.WriteFile(Full(), file);

        PluginApiJson.WriteFile(Empty(), file);

        PluginApiJson.ReadFile(file).Should().Be(Empty());
        Directory.GetFiles(Path.GetDirectoryName(file)!).Should().Equal(file);
    }
}
