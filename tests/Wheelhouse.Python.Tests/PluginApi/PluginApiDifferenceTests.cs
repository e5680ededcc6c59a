using Wheelhouse.Python.PluginApi;
using static Wheelhouse.Python.Tests.PluginApi.PluginApiSamples;

namespace Wheelhouse.Python.Tests.PluginApi;

public sealed class PluginApiDifferenceTests
{
    private static readonly PluginFixture PytestTmpPath = new("tmp_path", "_pytest.tmpdir", "function", false, null);
    private static readonly PluginFixture PluginTmpPath = new("tmp_path", "pytest_demo", "function", false, null);

    [Fact]
    public void What_both_runs_have_drops_out_and_what_only_the_run_with_the_plugin_has_stays()
    {
        var without = Empty() with
        {
            Fixtures = List(PytestTmpPath),
            Markers = List(new PluginMarker("skip", "skip(reason=None)", "skip the test")),
            IniOptions = List(new PluginIniOption("addopts", "args", PythonValue.FromJson("[]"), "Extra options.", ValueList<string>.Empty)),
            Options = List(Option("--verbose", "verbose")),
            HookSpecs = List(new PluginHookSpec("pytest_configure", "_pytest.hookspec", List("config"), false, true)),
        };
        var plugin = Empty() with
        {
            Fixtures = List(new PluginFixture("demo", "pytest_demo", "function", false, null)),
            Markers = List(new PluginMarker("demo", "demo", "a demo")),
            IniOptions = List(new PluginIniOption("demo_level", "string", PythonValue.FromJson("\"\""), "", ValueList<string>.Empty)),
            Options = List(Option("--demo", "demo")),
            HookSpecs = List(new PluginHookSpec("pytest_demo", "pytest_demo", List("config"), false, false)),
        };
        var with = without with
        {
            Fixtures = without.Fixtures.Concat(plugin.Fixtures).ToValueList(),
            Markers = plugin.Markers.Concat(without.Markers).ToValueList(),
            IniOptions = without.IniOptions.Concat(plugin.IniOptions).ToValueList(),
            Options = plugin.Options.Concat(without.Options).ToValueList(),
            HookSpecs = without.HookSpecs.Concat(plugin.HookSpecs).ToValueList(),
        };

        PluginApiDifference.Between(with, without).Should().Be(plugin);
    }

    [Fact]
    public void A_fixture_overriding_one_of_the_same_name_from_another_module_is_the_plugins()
    {
        var without = Empty() with { Fixtures = List(PytestTmpPath) };
        var with = Empty() with { Fixtures = List(PytestTmpPath, PluginTmpPath) };

        PluginApiDifference.Between(with, without).Fixtures.Should().Equal(PluginTmpPath);
    }

    [Fact]
    public void An_item_in_both_runs_whose_value_differs_between_runs_is_not_the_plugins()
    {
        var without = Empty() with { Options = List(Option("--other-seed", "seed", PythonValue.FromJson("1"))) };
        var with = Empty() with { Options = List(Option("--other-seed", "seed", PythonValue.FromJson("2"))) };

        PluginApiDifference.Between(with, without).Options.Should().BeEmpty();
    }

    [Fact]
    public void The_entry_points_and_header_come_from_the_run_with_the_plugin_and_both_runs_gaps_are_kept()
    {
        var entryPoint = new PluginEntryPoint("demo", "pytest_demo", null, true, null);
        var with = Empty() with { EntryPoints = List(entryPoint), Unreadable = List("markers: a") };
        var without = Empty() with
        {
            Version = "0.0.0",
            EntryPoints = List(entryPoint with { Loaded = false, LoadError = "blocked (-p no:demo)" }),
            Unreadable = List("fixtures: b", "markers: a"),
        };

        var api = PluginApiDifference.Between(with, without);

        api.Version.Should().Be("1.0.0");
        api.EntryPoints.Should().Equal(entryPoint);
        api.Unreadable.Should().Equal("fixtures: b", "markers: a");
    }
}
