using Wheelhouse.Python.PluginApi;
using Wheelhouse.Python.Verification;

namespace Wheelhouse.Python.Tests.Verification;

public sealed class ContractComparisonTests
{
    private static readonly PluginApiSnapshot Api = new(
        "pytest-demo", "1.0.0", ">=3.8", "7.2.1", "3.11.2",
        new[] { new PluginEntryPoint("demo", "pytest_demo.plugin", null, true, null) }.ToValueList(),
        new[]
        {
            new PluginFixture("demo_value", "pytest_demo.plugin", "function", false, null),
            new PluginFixture("demo_extra", "pytest_demo.extra", "session", false, null),
        }.ToValueList(),
        new[] { new PluginMarker("demo", "demo(level)", "a demo test") }.ToValueList(),
        new[] { new PluginIniOption("demo_level", "string", PythonValue.FromJson("\"1\""), "The level.", ValueList<string>.Empty) }.ToValueList(),
        new[]
        {
            new PluginOption(new[] { "-D", "--demo" }.ToValueList(), "demo", "store_true", "0", null, null, PythonValue.FromJson("false"), false, "Demo."),
        }.ToValueList(),
        new[] { new PluginHookSpec("pytest_demo_ready", "pytest_demo.hooks", new[] { "config" }.ToValueList(), false, false) }.ToValueList(),
        ValueList<string>.Empty);

    [Fact]
    public void The_same_api_read_with_another_python_pytest_or_version_has_no_difference() =>
        ContractComparison.Between(Api, Api with { PytestVersion = "8.3.5", PythonVersion = "3.13.5", Version = "1.0.1", Unreadable = new[] { "x" }.ToValueList() })
            .Should().BeEmpty();

    [Fact]
    public void An_item_only_one_side_has_is_named_with_the_side_and_a_note_on_its_module()
    {
        var withoutExtra = Api with { Fixtures = Api.Fixtures.Where(f => f.Name != "demo_extra").ToValueList(), HookSpecs = ValueList<PluginHookSpec>.Empty };

        var differences = ContractComparison.Between(withoutExtra, Api);

        differences.Select(d => d.Item.Display).Should().Equal("fixture 'demo_extra' (pytest_demo.extra)", "hookspec 'pytest_demo_ready' (pytest_demo.hooks)");
        ContractComparison.Describe(differences, "the installed wheel", "the source tree", m => m == "pytest_demo.extra" ? "defined in a module the wheel lacks" : null)
            .Should().Be(
                "  - fixture 'demo_extra' (pytest_demo.extra), defined in a module the wheel lacks, is in the source tree, not in the installed wheel" + Environment.NewLine +
                "  - hookspec 'pytest_demo_ready' (pytest_demo.hooks) is in the source tree, not in the installed wheel");
        ContractComparison.Describe(ContractComparison.Between(Api, withoutExtra), "Python 3.11", "Python 3.13")
            .Should().StartWith("  - fixture 'demo_extra' (pytest_demo.extra) is in Python 3.11, not in Python 3.13");
    }

    [Fact]
    public void A_changed_item_names_each_property_that_differs_with_both_values()
    {
        var changed = Api with
        {
            Options = new[] { Api.Options[0] with { Default = PythonValue.FromJson("true"), Help = "Demo!" } }.ToValueList(),
            IniOptions = new[] { Api.IniOptions[0] with { Type = "bool" } }.ToValueList(),
            EntryPoints = new[] { Api.EntryPoints[0] with { Loaded = false, LoadError = "blocked" } }.ToValueList(),
            Markers = new[] { Api.Markers[0] with { Description = "another demo test" } }.ToValueList(),
        };

        var described = ContractComparison.Describe(ContractComparison.Between(Api, changed), "A", "B");

        described.Split(Environment.NewLine).Should().Equal(
            "  - entry point 'demo': loaded 'true' in A, 'false' in B; load error 'none' in A, 'blocked' in B",
            "  - marker 'demo': description 'a demo test' in A, 'another demo test' in B",
            "  - ini option 'demo_level': type 'string' in A, 'bool' in B",
            "  - option -D/--demo: default 'false' in A, 'true' in B; help 'Demo.' in A, 'Demo!' in B");
    }

    [Fact]
    public void A_fixture_that_moved_to_another_module_is_two_differences() =>
        ContractComparison.Between(Api, Api with { Fixtures = new[] { Api.Fixtures[0] with { Module = "pytest_demo.fixtures" }, Api.Fixtures[1] }.ToValueList() })
            .Select(d => (d.First?.Display, d.Second?.Display))
            .Should().Equal(((string?)null, (string?)"fixture 'demo_value' (pytest_demo.fixtures)"), ("fixture 'demo_value' (pytest_demo.plugin)", null));
}
