using Wheelhouse.Engine;
using Wheelhouse.Python.PluginApi;

namespace Wheelhouse.Python.Tests.PluginApi;

/// <summary>Real wheels in real venvs, read by the real pytest of this machine through the probe.</summary>
[Collection(ProbePluginsCollection.Name)]
public sealed class PluginApiExtractorTests(ProbePlugins plugins)
{
    private static ValueList<T> List<T>(params T[] items) => items.ToValueList();

    private static PythonValue Json(string json) => PythonValue.FromJson(json);

    private static PluginOption Option(string[] flags, string dest, string action, string? nargs, string? type, PythonValue[]? choices,
        PythonValue @default, string help) =>
        new(flags.ToValueList(), dest, action, nargs, type, choices?.ToValueList(), @default, false, help);

    [Fact]
    public async Task Reads_every_fixture_marker_ini_key_option_hookspec_and_entry_point_of_the_plugin()
    {
        var python = await plugins.SharedPythonAsync();

        var api = await PluginApiExtractor.ExtractAsync(python, "pytest-sample", plugins.NewWorkFolder());

        api.Distribution.Should().Be("pytest-sample");
        api.Version.Should().Be("1.2.3");
        api.RequiresPython.Should().Be(">=3.8");
        api.PytestVersion.Should().Be(await plugins.PytestVersionAsync());
        api.PythonVersion.Should().MatchRegex(@"^3\.\d+\.\d+$");
        api.EntryPoints.Should().Equal(
            new PluginEntryPoint("sample", "pytest_sample.plugin", null, true, null),
            new PluginEntryPoint("sample_extra", "pytest_sample.extra", null, true, null));
        api.Fixtures.Should().Equal(
            new PluginFixture("sample_autouse", "pytest_sample.plugin", "function", true, null),
            new PluginFixture("sample_extra", "pytest_sample.extra", "session", false, null),
            new PluginFixture("sample_value", "pytest_sample.plugin", "module", false, List("1", "'two'", "None", "PurePosixPath('p')")),
            new PluginFixture("tmp_path", "pytest_sample.extra", "function", false, null));
        api.Markers.Should().Equal(new PluginMarker("sample", "sample(name)", "mark a test as a sample"));
        api.IniOptions.Should().Equal(
            new PluginIniOption("sample_enabled", "bool", Json("true"), "Whether samples run.", ValueList<string>.Empty),
            new PluginIniOption("sample_name", "string", Json("\"\""), "A name.", ValueList<string>.Empty),
            new PluginIniOption("sample_paths", "linelist", Json("[]"), "Lines of paths.", ValueList<string>.Empty),
            new PluginIniOption("sample_threshold", "string", Json("\"0.5\""), "Smallest score that passes.", ValueList<string>.Empty));
        api.Options.Should().Equal(
            Option(["--sample-count"], "sample_count", "store", null, "int", null, Json("3"), "How many samples."),
            Option(["--sample-mode"], "sample_mode", "store", null, null, [Json("\"fast\""), Json("\"slow\"")], Json("\"fast\""), "How samples run."),
            Option(["--sample-out"], "sample_out", "store", null, null, null, PythonValue.FromRepr("PurePosixPath('out')"), "Where to write."),
            Option(["--sample-pair"], "sample_pair", "store", "2", null, null, PythonValue.FromRepr("('a', 'b')"), "Two words."),
            Option(["--sample-tag"], "sample_tag", "append", null, null, null, Json("[]"), "Tag (repeatable)."),
            Option(["-S", "--sample-verbose"], "sample_verbose", "store_true", "0", null, null, Json("false"), "Talk more."));
        api.HookSpecs.Should().Equal(
            new PluginHookSpec("pytest_sample_choose", "pytest_sample.hooks", List("config", "candidates"), FirstResult: true, Historic: false),
            new PluginHookSpec("pytest_sample_registered", "pytest_sample.hooks", List("name"), FirstResult: false, Historic: true));
        api.Unreadable.Should().BeEmpty("this machine's pytest keeps everything where the probe looks");
    }

    [Fact]
    public async Task Pytest_8_in_the_Debian_13_root_reads_the_same_api_as_Debian_12_s_pytest_7()
    {
        var onPytest7 = await PluginApiExtractor.ExtractAsync(await plugins.SharedPythonAsync(), "pytest-sample", plugins.NewWorkFolder());

        var onPytest8 = await PluginApiExtractor.ExtractAsync(await plugins.ModernPythonAsync(), "pytest-sample", plugins.NewWorkFolder());

        onPytest7.PytestVersion.Should().StartWith("7.");
        onPytest8.PytestVersion.Should().StartWith("8.");
        onPytest8.PythonVersion.Should().StartWith("3.13.");
        onPytest8.Unreadable.Should().BeEmpty("pytest 8 keeps everything where the probe (or its fallbacks) looks");
        onPytest8.Should().Be(onPytest7 with { PytestVersion = onPytest8.PytestVersion, PythonVersion = onPytest8.PythonVersion });
    }

    [Fact]
    public async Task The_probes_fallbacks_for_pytests_private_attributes_read_the_same_api()
    {
        var python = await plugins.SharedPythonAsync();
        // Each first choice the probe makes among pytest's and argparse's private attributes, made to find nothing.
        var source = PluginApiProbe.Source;
        foreach (var (from, to) in new[]
        {
            ("build = getattr(parser, \"_getparser\", None)", "build = None"),
            ("argparser = getattr(parser, \"optparser\", None)", "argparser = None"),
            ("autouse_by_node = getattr(manager, \"_nodeid_autousenames\", None)", "autouse_by_node = None"),
            ("getattr(argparser, \"_registries\", {})", "getattr(None, \"_registries\", {})"),
        })
        {
            source.Should().Contain(from, "the patch that forces a fallback must apply");
            source = source.Replace(from, to, StringComparison.Ordinal);
        }

        var primary = await PluginApiExtractor.ExtractAsync(python, "pytest-sample", plugins.NewWorkFolder());
        var work = plugins.NewWorkFolder();
        var fallback = await PluginApiExtractor.ExtractAsync(python, "pytest-sample", work, source, CancellationToken.None);

        fallback.Should().Be(primary);
        PluginApiJson.ReadFile(work / "without.json").Unreadable.Should().BeEmpty("the fallbacks read every fixture and option pytest itself has too");
    }

    [Fact]
    public async Task Pytests_own_api_and_every_other_installed_plugins_drop_out_of_the_difference()
    {
        var python = await plugins.SharedPythonAsync();
        var work = plugins.NewWorkFolder();

        var neighbour = await PluginApiExtractor.ExtractAsync(python, "pytest-neighbour", work);

        var withPlugin = PluginApiJson.ReadFile(work / "with.json");
        withPlugin.Fixtures.Should().Contain(f => f.Name == "tmp_path" && f.Module == "_pytest.tmpdir", "the probe sees pytest's own fixtures");
        withPlugin.Fixtures.Should().Contain(f => f.Name == "sample_value", "and the other plugin's");
        withPlugin.Options.Should().Contain(o => o.Flags.Contains("--verbose"));
        withPlugin.Markers.Should().Contain(m => m.Name == "skipif");
        withPlugin.IniOptions.Should().Contain(o => o.Name == "sample_threshold");
        withPlugin.HookSpecs.Should().Contain(h => h.Name == "pytest_collection_modifyitems");
        neighbour.EntryPoints.Should().Equal(new PluginEntryPoint("neighbour", "pytest_neighbour", null, true, null));
        neighbour.Fixtures.Should().Equal(new PluginFixture("neighbour_value", "pytest_neighbour", "function", false, null));
        neighbour.Markers.Should().Equal(new PluginMarker("neighbour", "neighbour", "next door"));
        neighbour.IniOptions.Should().Equal(new PluginIniOption("neighbour_level", "args", Json("[\"near\"]"), "How close.", ValueList<string>.Empty));
        neighbour.Options.Should().Equal(Option(["--neighbour"], "neighbour", "store_true", "0", null, null, Json("false"), "Be neighbourly."));
        neighbour.HookSpecs.Should().BeEmpty();
    }

    [Fact]
    public async Task The_same_plugin_gives_a_byte_identical_file_every_time_and_reads_back_equal()
    {
        var python = await plugins.SharedPythonAsync();
        var output = plugins.NewWorkFolder();

        var first = await PluginApiExtractor.ExtractAsync(python, "pytest-sample", plugins.NewWorkFolder());
        var second = await PluginApiExtractor.ExtractAsync(python, "pytest-sample", plugins.NewWorkFolder());
        PluginApiJson.WriteFile(first, output / "plugin-api" / "pytest-sample-1.2.3.json");
        PluginApiJson.WriteFile(second, output / "second.json");

        var bytes = await File.ReadAllBytesAsync(output / "plugin-api" / "pytest-sample-1.2.3.json");
        bytes.Should().Equal(await File.ReadAllBytesAsync(output / "second.json"));
        second.Should().Be(first);
        PluginApiJson.ReadFile(output / "second.json").Should().Be(first);
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        text.Should().StartWith("{\n  \"schema\": 1,\n  \"distribution\": \"pytest-sample\",").And.EndWith("}\n").And.NotContain("\r");
        Directory.GetFiles(output / "plugin-api").Should().ContainSingle("the file is written through a temp file that is renamed, nothing else is left");
    }

    [Fact]
    public async Task A_plugin_whose_entry_point_fails_to_import_stops_naming_the_distribution_the_entry_point_and_pytests_output()
    {
        var python = await plugins.BrokenPythonAsync();

        var act = () => PluginApiExtractor.ExtractAsync(python, "pytest-broken", plugins.NewWorkFolder());

        var message = (await act.Should().ThrowAsync<BuildException>()).Which.Message;
        message.Should().Contain($"pytest could not start in {python} with pytest-broken installed")
            .And.Contain("entry point 'broken' (pytest_broken.plugin) fails to import: ModuleNotFoundError: No module named 'pytest_broken_missing_dependency'")
            .And.Contain("pytest_broken/plugin.py, line 1")
            .And.Contain("pytest exited with code 1 before the probe could write its report")
            .And.Contain("pytest's output ends with:");
        message[message.IndexOf("pytest's output ends with:", StringComparison.Ordinal)..].Should()
            .Contain("ModuleNotFoundError", "the tail is pytest's own traceback");
    }

    [Fact]
    public async Task A_distribution_without_pytest11_entry_points_has_an_empty_api()
    {
        var python = await plugins.SharedPythonAsync();

        // pip is installed (the venv sees the system's) and is no pytest plugin.
        var api = await PluginApiExtractor.ExtractAsync(python, "pip", plugins.NewWorkFolder());

        api.Distribution.Should().Be("pip");
        api.EntryPoints.Should().BeEmpty();
        api.Fixtures.Should().BeEmpty();
        api.Options.Should().BeEmpty();
        api.IniOptions.Should().BeEmpty();
        api.Markers.Should().BeEmpty();
        api.HookSpecs.Should().BeEmpty();
    }

    [Fact]
    public async Task A_distribution_that_is_not_installed_is_named_in_the_error()
    {
        var python = await plugins.SharedPythonAsync();

        var act = () => PluginApiExtractor.ExtractAsync(python, "pytest-absent", plugins.NewWorkFolder());

        (await act.Should().ThrowAsync<BuildException>()).Which.Message.Should()
            .Contain("The plugin API of pytest-absent could not be read").And.Contain("no distribution named 'pytest-absent' is installed");
    }
}
