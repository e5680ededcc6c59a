using Wheelhouse.Engine.Parameters;
using Wheelhouse.Engine.Tests.Definition;

namespace Wheelhouse.Engine.Tests.Parameters;

public class ParameterValuesTests
{
    public enum Isolation { Auto, Isolated, NoIsolation }

    public interface IPython : IBuild
    {
        [Parameter("Python interpreter")]
        string? PythonInterpreter => TryGetValue(() => PythonInterpreter);

        [Parameter]
        Isolation BuildIsolation => TryGetValue(() => BuildIsolation);

        [Parameter]
        int? Jobs => TryGetValue(() => Jobs);

        [Parameter, Secret]
        string? PypiToken => TryGetValue(() => this.PypiToken);
    }

    private sealed class Build : BuildBase, IPython
    {
        [Parameter]
        private readonly string configuration = "Debug";

        [Parameter]
        private readonly bool allowDirty = false;

        [Parameter]
        private readonly AbsolutePath? output = null;

        public string Configuration => configuration;
        public bool AllowDirty => allowDirty;
        public AbsolutePath? Output => output;
    }

    private static readonly IReadOnlyList<ParameterDescriptor> Descriptors = ParameterDescriptor.FromBuild(typeof(Build));

    private static ParameterValues Resolve(
        Dictionary<string, IReadOnlyList<string>>? options = null,
        Dictionary<string, string>? environment = null) =>
        ParameterValues.Resolve(Descriptors, new ParameterSources(options ?? [], environment ?? [], [], "/work", "/repo"));

    /// <summary>What BuildRunner does with resolved values.</summary>
    private static Build Injected(ParameterValues values)
    {
        var build = new Build();
        foreach (var parameter in Descriptors.Where(p => p.Member != null && values.Has(p.Name)))
            parameter.Inject(build, values.Get(parameter.Name));
        build.Attach(TestBuilds.Context(values));
        return build;
    }

    [Fact]
    public void Resolved_values_are_injected_into_private_readonly_fields()
    {
        var values = Resolve(new() { ["configuration"] = ["Release"], ["allow-dirty"] = [], ["output"] = ["out"] });

        var build = Injected(values);

        build.Configuration.Should().Be("Release");
        build.AllowDirty.Should().BeTrue();
        build.Output.Should().Be(AbsolutePath.Create("/work/out"));
    }

    [Fact]
    public void Unset_parameters_keep_their_declared_defaults()
    {
        var values = Resolve();

        var build = Injected(values);

        values.Has("configuration").Should().BeFalse();
        values.Get("configuration").Should().BeNull();
        build.Configuration.Should().Be("Debug");
    }

    [Fact]
    public void TryGetValue_on_a_component_reads_the_value_by_the_member_name()
    {
        var values = Resolve(
            new() { ["python-interpreter"] = ["python3.12"], ["build-isolation"] = ["no-isolation"], ["jobs"] = ["4"] },
            new() { ["PYPI_TOKEN"] = "pypi-secret" });

        IPython build = Injected(values);

        build.PythonInterpreter.Should().Be("python3.12");
        build.BuildIsolation.Should().Be(Isolation.NoIsolation);
        build.Jobs.Should().Be(4);
        build.PypiToken.Should().Be("pypi-secret");
    }

    [Fact]
    public void TryGetValue_gives_the_type_default_for_an_unset_parameter()
    {
        IPython build = Injected(Resolve());

        build.PythonInterpreter.Should().BeNull();
        build.BuildIsolation.Should().Be(Isolation.Auto);
        build.Jobs.Should().BeNull();
    }

    [Fact]
    public void Values_are_looked_up_ignoring_case()
    {
        var values = Resolve(new() { ["python-interpreter"] = ["py"] });

        values.Get("pythoninterpreter").Should().Be("py");
        values.Get<string>("PYTHONINTERPRETER").Should().Be("py");
        values.Get<int>("PythonInterpreter").Should().Be(0, "a value of another type reads as the default");
        values.Describe("PYTHONINTERPRETER")!.Name.Should().Be("PythonInterpreter");
        values.Describe("Missing").Should().BeNull();
    }

    [Fact]
    public void SecretValues_lists_only_set_non_empty_secrets()
    {
        Resolve(environment: new() { ["PYPI_TOKEN"] = "pypi-secret", ["PYTHON_INTERPRETER"] = "py" }).SecretValues.Should().Equal("pypi-secret");
        Resolve(environment: new() { ["PYPI_TOKEN"] = "" }).SecretValues.Should().BeEmpty();
        Resolve().SecretValues.Should().BeEmpty();
    }

    [Fact]
    public void The_first_bad_value_stops_resolution_with_an_error_naming_the_parameter()
    {
        var act = () => Resolve(new() { ["build-isolation"] = ["sometimes"] });

        act.Should().Throw<BuildException>().WithMessage("Parameter --build-isolation got 'sometimes'*one of: auto, isolated, no-isolation.");
    }
}
