using Wheelhouse.Engine.Parameters;

namespace Wheelhouse.Engine.Tests.Parameters;

public class ParameterDescriptorTests
{
    public interface IPython : IBuild
    {
        [Parameter("Python interpreter to use")]
        string? PythonInterpreter => TryGetValue(() => PythonInterpreter);

        [Parameter("Index token"), Secret]
        string? PypiToken => TryGetValue(() => PypiToken);

        /// <summary>Not a parameter: no attribute.</summary>
        string? Unmarked => null;
    }

    public interface IShadowed : IBuild
    {
        [Parameter("from the interface")]
        string? Configuration => TryGetValue(() => Configuration);
    }

    private class BaseBuild : BuildBase
    {
        [Parameter("declared on the base class")]
        private readonly string? fromBase = null;

        public string? FromBase => fromBase;
    }

    private sealed class ParameterBuild : BaseBuild, IPython, IShadowed
    {
        [Parameter("Build configuration"), Required]
        private readonly string Configuration = "Debug";

        [Parameter]
        public int Retries { get; set; }

        [Parameter("Upload key"), Secret, Required]
        internal string? UploadKey { get; private set; }

        public string? NotAParameter = null;

        public string ConfigurationValue => Configuration;
    }

    private static IReadOnlyList<ParameterDescriptor> Parameters => ParameterDescriptor.FromBuild(typeof(ParameterBuild));

    private static ParameterDescriptor Named(string name) => Parameters.Single(p => p.Name == name);

    [Fact]
    public void Fields_and_properties_of_the_class_and_its_bases_and_interface_properties_are_found_in_order()
    {
        Parameters.Select(p => p.Name).Should().Equal("fromBase", "Configuration", "Retries", "UploadKey", "PythonInterpreter", "PypiToken");
    }

    [Fact]
    public void Types_descriptions_and_flags_come_from_the_declaration()
    {
        Named("Configuration").Should().BeEquivalentTo(new { ValueType = typeof(string), Description = "Build configuration", IsSecret = false, IsRequired = true });
        Named("Retries").Should().BeEquivalentTo(new { ValueType = typeof(int), Description = (string?)null, IsSecret = false, IsRequired = false });
        Named("UploadKey").Should().BeEquivalentTo(new { IsSecret = true, IsRequired = true });
        Named("PypiToken").Should().BeEquivalentTo(new { ValueType = typeof(string), Description = "Index token", IsSecret = true, IsRequired = false });
    }

    [Fact]
    public void Class_members_can_be_set_and_interface_properties_cannot()
    {
        Named("fromBase").Member.Should().NotBeNull();
        Named("Configuration").Member.Should().NotBeNull();
        Named("Retries").Member.Should().NotBeNull();
        Named("UploadKey").Member.Should().NotBeNull("a private setter is still a setter");
        Named("PythonInterpreter").Member.Should().BeNull();
    }

    [Fact]
    public void A_class_member_wins_over_an_interface_parameter_of_the_same_name()
    {
        var configuration = Parameters.Should().ContainSingle(p => p.Name == "Configuration").Which;

        configuration.Description.Should().Be("Build configuration");
        configuration.Member.Should().NotBeNull();
    }

    [Fact]
    public void Inject_sets_private_readonly_fields_base_class_fields_and_private_setters()
    {
        var build = new ParameterBuild();

        Named("Configuration").Inject(build, "Release");
        Named("fromBase").Inject(build, "base value");
        Named("UploadKey").Inject(build, "key");
        Named("Retries").Inject(build, 3);
        Named("PythonInterpreter").Inject(build, "ignored: nothing to set");

        build.ConfigurationValue.Should().Be("Release");
        build.FromBase.Should().Be("base value");
        build.UploadKey.Should().Be("key");
        build.Retries.Should().Be(3);
    }

    [Theory]
    [InlineData("PythonInterpreter", "python-interpreter")]
    [InlineData("PypiToken", "pypi-token")]
    [InlineData("IndexURL", "index-url")]
    [InlineData("URLIndex", "url-index")]
    [InlineData("Python3Path", "python3-path")]
    [InlineData("configuration", "configuration")]
    [InlineData("snake_case", "snake-case")]
    [InlineData("A", "a")]
    public void KebabCase_splits_words_and_keeps_acronyms_together(string name, string kebab)
    {
        KebabCase.From(name).Should().Be(kebab);
    }

    [Fact]
    public void Argument_and_environment_names_derive_from_the_member_name()
    {
        var parameter = Named("PythonInterpreter");

        parameter.ArgumentName.Should().Be("python-interpreter");
        parameter.EnvironmentName.Should().Be("PYTHON_INTERPRETER");
        new ParameterDescriptor("IndexURL", typeof(string), null, false, false).EnvironmentName.Should().Be("INDEX_URL");
    }

    [Fact]
    public void HowToSet_offers_the_command_line_only_for_non_secrets()
    {
        Named("PythonInterpreter").HowToSet.Should().Be("--python-interpreter, environment variable PYTHON_INTERPRETER, or key \"PythonInterpreter\" in .nuke/parameters.json");
        Named("PypiToken").HowToSet.Should().NotContain("--pypi-token").And.Contain("PYPI_TOKEN").And.Contain("not taken from the command line");
    }

    private sealed class UnderscoreBuild : BuildBase
    {
        [Parameter("Build configuration")]
        private readonly string _configuration = "Debug";

        [Parameter]
        private readonly string? __pypiToken = null;

        public string Configuration => _configuration;

        public override string ToString() => _configuration + __pypiToken;
    }

    [Fact]
    public void Leading_underscores_of_a_field_name_are_not_part_of_the_parameter_name()
    {
        var parameters = ParameterDescriptor.FromBuild(typeof(UnderscoreBuild));

        parameters.Select(p => (p.Name, p.ArgumentName, p.EnvironmentName)).Should().Equal(
            ("configuration", "configuration", "CONFIGURATION"),
            ("pypiToken", "pypi-token", "PYPI_TOKEN"));
        var build = new UnderscoreBuild();
        parameters[0].Inject(build, "Release");
        build.Configuration.Should().Be("Release");
    }
}
