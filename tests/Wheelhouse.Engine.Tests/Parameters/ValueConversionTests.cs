using Wheelhouse.Engine.Parameters;
using Wheelhouse.Engine.Tests.Definition;

namespace Wheelhouse.Engine.Tests.Parameters;

public class ValueConversionTests
{
    public enum Isolation { Auto, Isolated, NoIsolation }

    private const string WorkingDirectory = "/work/dir";
    private const string Root = "/repo";

    private static ParameterDescriptor Parameter<T>(string name = "Value", bool secret = false) => new(name, typeof(T), null, secret, false);

    private static object? FromCommandLine<T>(params string[] values) =>
        ValueConverter.Convert(Parameter<T>(), new RawValue(values, "command line option --value", WorkingDirectory));

    private static object? FromEnvironment<T>(string value) =>
        ValueConverter.Convert(Parameter<T>(), new RawValue([value], "environment variable VALUE", WorkingDirectory));

    private static object? FromFile<T>(params string[] values) =>
        ValueConverter.Convert(Parameter<T>(), new RawValue(values, "key \"Value\" in .nuke/parameters.json", Root));

    [Fact]
    public void Strings_are_taken_as_given()
    {
        FromCommandLine<string>("  spaced value ").Should().Be("  spaced value ");
        FromCommandLine<string>("").Should().Be("");
    }

    [Fact]
    public void A_bare_bool_flag_is_true()
    {
        FromCommandLine<bool>().Should().Be(true);
        FromCommandLine<bool?>().Should().Be(true);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("yes", true)]
    [InlineData("1", true)]
    [InlineData("on", true)]
    [InlineData("false", false)]
    [InlineData("FALSE", false)]
    [InlineData("no", false)]
    [InlineData("0", false)]
    [InlineData("off", false)]
    public void Bools_accept_the_usual_spellings(string text, bool value)
    {
        FromCommandLine<bool>(text).Should().Be(value);
    }

    [Fact]
    public void Numbers_are_read_with_the_invariant_culture()
    {
        FromCommandLine<int>("42").Should().Be(42);
        FromCommandLine<int>("-7").Should().Be(-7);
        FromCommandLine<int?>("5").Should().Be(5);
        FromCommandLine<long>("9000000000").Should().Be(9000000000L);
        FromCommandLine<double>("1.5").Should().Be(1.5);
    }

    [Theory]
    [InlineData("Auto", Isolation.Auto)]
    [InlineData("auto", Isolation.Auto)]
    [InlineData("NOISOLATION", Isolation.NoIsolation)]
    [InlineData("no-isolation", Isolation.NoIsolation)]
    [InlineData("No-Isolation", Isolation.NoIsolation)]
    public void Enums_match_names_ignoring_case_and_in_kebab_case(string text, Isolation value)
    {
        FromCommandLine<Isolation>(text).Should().Be(value);
    }

    [Fact]
    public void Arrays_take_each_value_of_a_repeated_option()
    {
        FromCommandLine<string[]>("a", "b c", "d,e").Should().BeEquivalentTo(new[] { "a", "b c", "d,e" }, o => o.WithStrictOrdering());
        FromCommandLine<int[]>("1", "2").Should().BeEquivalentTo(new[] { 1, 2 }, o => o.WithStrictOrdering());
        FromCommandLine<Isolation[]>("auto", "no-isolation").Should().BeEquivalentTo(new[] { Isolation.Auto, Isolation.NoIsolation }, o => o.WithStrictOrdering());
        FromCommandLine<string[]>().Should().BeOfType<string[]>().Which.Should().BeEmpty();
    }

    [Fact]
    public void Arrays_from_an_environment_variable_split_on_commas_and_spaces()
    {
        FromEnvironment<string[]>("a, b c,,d").Should().BeEquivalentTo(new[] { "a", "b", "c", "d" }, o => o.WithStrictOrdering());
        FromEnvironment<int[]>("1 2,3").Should().BeEquivalentTo(new[] { 1, 2, 3 }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Arrays_from_a_file_keep_each_element_whole()
    {
        FromFile<string[]>("a b", "c").Should().BeEquivalentTo(new[] { "a b", "c" }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Paths_from_the_command_line_and_environment_are_relative_to_the_working_directory()
    {
        FromCommandLine<AbsolutePath>("dist").Should().Be(AbsolutePath.Create("/work/dir/dist"));
        FromEnvironment<AbsolutePath>("../out").Should().Be(AbsolutePath.Create("/work/out"));
        FromCommandLine<AbsolutePath>("/abs/path").Should().Be(AbsolutePath.Create("/abs/path"));
    }

    [Fact]
    public void Paths_from_a_parameters_file_are_relative_to_the_root()
    {
        FromFile<AbsolutePath>("dist").Should().Be(AbsolutePath.Create("/repo/dist"));
        FromFile<AbsolutePath[]>("a", "b").Should().BeEquivalentTo(new[] { AbsolutePath.Create("/repo/a"), AbsolutePath.Create("/repo/b") });
    }

    [Theory]
    [InlineData(typeof(int), "abc", "a whole number")]
    [InlineData(typeof(long), "1.5", "a whole number")]
    [InlineData(typeof(double), "one", "a number")]
    [InlineData(typeof(bool), "maybe", "true or false")]
    [InlineData(typeof(Isolation), "sometimes", "one of: auto, isolated, no-isolation")]
    [InlineData(typeof(int[]), "x", "a whole number")]
    [InlineData(typeof(AbsolutePath), "", "a path")]
    public void A_bad_value_is_an_error_naming_the_option_the_value_the_source_and_what_it_accepts(Type type, string text, string accepted)
    {
        var parameter = new ParameterDescriptor("BuildIsolation", type, null, false, false);

        var act = () => ValueConverter.Convert(parameter, new RawValue([text], "command line option --build-isolation", WorkingDirectory));

        act.Should().Throw<BuildException>()
            .Which.Message.Should().Be($"Parameter --build-isolation got '{text}' from command line option --build-isolation, but it takes {accepted}.");
    }

    [Fact]
    public void A_bad_secret_value_is_an_error_that_does_not_echo_the_value()
    {
        var parameter = Parameter<int>("PinCode", secret: true);

        var act = () => ValueConverter.Convert(parameter, new RawValue(["s3cr3t-pin"], "environment variable PIN_CODE", WorkingDirectory));

        act.Should().Throw<BuildException>()
            .Which.Message.Should().Be("Parameter --pin-code got a value from environment variable PIN_CODE, but it takes a whole number.")
            .And.NotContain("s3cr3t-pin");
    }

    [Fact]
    public void A_bad_secret_element_of_an_array_does_not_echo_the_value()
    {
        var parameter = new ParameterDescriptor("Pins", typeof(int[]), null, true, false);

        var act = () => ValueConverter.Convert(parameter, new RawValue(["1,s3cr3t"], "environment variable PINS", WorkingDirectory));

        act.Should().Throw<BuildException>().Which.Message.Should().NotContain("s3cr3t");
    }

    [Fact]
    public void An_option_without_a_value_is_an_error_unless_it_is_a_bool()
    {
        var act = () => FromCommandLine<string>();

        act.Should().Throw<BuildException>().WithMessage("Parameter --value got no value from command line option --value, but it takes a value.");
    }

    [Fact]
    public void Several_values_for_a_single_valued_parameter_are_an_error()
    {
        var act = () => FromCommandLine<int>("1", "2");

        act.Should().Throw<BuildException>().WithMessage("Parameter --value takes one value but command line option --value gives 2. Pass a single value.");
    }

    [Fact]
    public void An_unsupported_type_is_an_error_listing_the_supported_ones()
    {
        var act = () => FromCommandLine<DateTime>("2024-01-01");

        act.Should().Throw<BuildException>().WithMessage("Parameter Value has type DateTime, which the engine cannot read; use string, bool, int, long, double, an enum, AbsolutePath, or an array of these.");
    }

    [Fact]
    public void Accepted_describes_each_type_for_help_and_errors()
    {
        ValueConverter.Accepted(typeof(Isolation[])).Should().Be("one of: auto, isolated, no-isolation");
        ValueConverter.Accepted(typeof(bool?)).Should().Be("true or false");
        ValueConverter.Accepted(typeof(AbsolutePath)).Should().Be("a path");
        ValueConverter.Accepted(typeof(string)).Should().Be("text");
    }
}
