using System.Text.Json;
using Wheelhouse.Engine.Parameters;
using Wheelhouse.Engine.Planning;
using Wheelhouse.Engine.Tests.Definition;

namespace Wheelhouse.Engine.Tests.Parameters;

public class BuildSchemaTests
{
    public enum Isolation { Auto, Isolated, NoIsolation }

    public interface IPublish : IBuild
    {
        [Parameter("Token for the package index"), Secret]
        string? PypiToken => TryGetValue(() => PypiToken);

        Target Publish => _ => _.Unlisted();
    }

    private sealed class Build : BuildBase, IPublish
    {
        [Parameter("Build configuration"), Required]
        private readonly string configuration = "Debug";

        [Parameter]
        private readonly bool allowDirty = false;

        [Parameter]
        private readonly int retries = 1;

        [Parameter]
        private readonly double ratio = 0.5;

        [Parameter("How to isolate")]
        private readonly Isolation? isolation = null;

        [Parameter]
        private readonly string[] tags = [];

        [Parameter]
        private readonly Isolation[] modes = [];

        [Parameter]
        private readonly AbsolutePath? output = null;

        Target Clean => _ => _;
        Target Compile => _ => _.DependsOn(Clean);

        public override string ToString() => $"{configuration}{allowDirty}{retries}{ratio}{isolation}{tags}{modes}{output}";
    }

    private static string Render() =>
        BuildSchema.Render(TargetGraph.FromBuild(new Build()), ParameterDescriptor.FromBuild(typeof(Build)));

    private static JsonElement Parse() => JsonDocument.Parse(Render()).RootElement;

    private static JsonElement Property(string name) => Parse().GetProperty("properties").GetProperty(name);

    private static IEnumerable<string?> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString());

    [Fact]
    public void The_schema_is_valid_json_ending_in_one_newline_without_carriage_returns()
    {
        var text = Render();

        var act = () => JsonDocument.Parse(text);
        act.Should().NotThrow();
        text.Should().EndWith("}\n").And.NotEndWith("\n\n").And.NotContain("\r");
        Parse().GetProperty("$schema").GetString().Should().Be("https://json-schema.org/draft/2020-12/schema");
        Parse().GetProperty("additionalProperties").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public void Every_target_including_unlisted_ones_is_in_the_target_enum()
    {
        var definition = Parse().GetProperty("$defs").GetProperty("ExecutableTarget");

        definition.GetProperty("type").GetString().Should().Be("string");
        Strings(definition.GetProperty("enum")).Should().Equal("Clean", "Compile", "Publish");
    }

    [Fact]
    public void Target_and_Skip_are_lists_of_targets()
    {
        foreach (var name in new[] { "Target", "Skip" })
        {
            var property = Property(name);
            property.GetProperty("type").GetString().Should().Be("array");
            property.GetProperty("items").GetProperty("$ref").GetString().Should().Be("#/$defs/ExecutableTarget");
        }
    }

    [Fact]
    public void Verbosity_lists_its_levels_in_kebab_case()
    {
        Strings(Property("Verbosity").GetProperty("enum")).Should().Equal("quiet", "minimal", "normal", "verbose");
    }

    [Fact]
    public void Parallel_is_a_whole_number_from_one()
    {
        var parallel = Property("Parallel");
        parallel.GetProperty("type").GetString().Should().Be("integer");
        parallel.GetProperty("minimum").GetInt32().Should().Be(1);
    }

    [Fact]
    public void Parameters_have_json_types_descriptions_and_flags()
    {
        Property("configuration").GetProperty("type").GetString().Should().Be("string");
        Property("configuration").GetProperty("description").GetString().Should().Be("Build configuration");
        Property("configuration").GetProperty("x-required").GetBoolean().Should().BeTrue();
        Property("allowDirty").GetProperty("type").GetString().Should().Be("boolean");
        Property("allowDirty").TryGetProperty("description", out _).Should().BeFalse();
        Property("allowDirty").TryGetProperty("x-required", out _).Should().BeFalse();
        Property("retries").GetProperty("type").GetString().Should().Be("integer");
        Property("ratio").GetProperty("type").GetString().Should().Be("number");
        Property("output").GetProperty("type").GetString().Should().Be("string");
    }

    [Fact]
    public void Enum_parameters_list_their_values_in_kebab_case()
    {
        var isolation = Property("isolation");

        isolation.GetProperty("type").GetString().Should().Be("string");
        Strings(isolation.GetProperty("enum")).Should().Equal("auto", "isolated", "no-isolation");
        isolation.GetProperty("description").GetString().Should().Be("How to isolate");
    }

    [Fact]
    public void Array_parameters_are_arrays_of_their_element_type()
    {
        Property("tags").GetProperty("type").GetString().Should().Be("array");
        Property("tags").GetProperty("items").GetProperty("type").GetString().Should().Be("string");
        Strings(Property("modes").GetProperty("items").GetProperty("enum")).Should().Equal("auto", "isolated", "no-isolation");
    }

    [Fact]
    public void Secrets_are_marked_write_only()
    {
        var token = Property("PypiToken");

        token.GetProperty("writeOnly").GetBoolean().Should().BeTrue();
        token.GetProperty("x-secret").GetBoolean().Should().BeTrue();
        token.GetProperty("description").GetString().Should().Be("Token for the package index");
        Property("configuration").TryGetProperty("x-secret", out _).Should().BeFalse();
        Property("configuration").TryGetProperty("writeOnly", out _).Should().BeFalse();
    }

    [Fact]
    public void Rendering_is_stable()
    {
        Render().Should().Be(Render());
    }

    [Fact]
    public void WriteIfChanged_writes_once_and_leaves_an_unchanged_file_alone()
    {
        using var temp = new TempDirectory();
        var path = temp.Path / ".nuke" / "build.schema.json";
        var schema = Render();

        BuildSchema.WriteIfChanged(path, schema).Should().BeTrue();
        File.ReadAllText(path).Should().Be(schema);
        var past = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, past);

        BuildSchema.WriteIfChanged(path, schema).Should().BeFalse();
        File.GetLastWriteTimeUtc(path).Should().Be(past);

        BuildSchema.WriteIfChanged(path, schema.Replace("Build Schema", "Changed")).Should().BeTrue();
        File.GetLastWriteTimeUtc(path).Should().NotBe(past);
        File.ReadAllText(path).Should().Contain("Changed");
        Directory.GetFiles(temp.Path / ".nuke").Should().ContainSingle("no temp file is left beside it");
    }
}
