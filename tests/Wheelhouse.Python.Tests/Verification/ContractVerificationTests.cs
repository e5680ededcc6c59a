using Wheelhouse.Engine;
using Wheelhouse.Python.PluginApi;
using Wheelhouse.Python.Verification;

namespace Wheelhouse.Python.Tests.Verification;

/// <summary>
/// The proofs every plugin gets, on small real plugins that are not evalcheck, built and installed offline into real
/// venvs: the API document, every entry point loaded, the smoke tests, and the installed API against the source tree's.
/// </summary>
[Collection(SmallPluginsCollection.Name)]
public sealed class ContractVerificationTests(SmallPlugins plugins)
{
    private async Task<string> FailureAsync(VerificationRequest request)
    {
        var python = await plugins.SystemPythonAsync();
        var act = () => InstallVerifier.VerifyAsync(request, [python]);
        return (await act.Should().ThrowAsync<BuildException>()).Which.Message;
    }

    [Fact]
    public async Task A_small_plugin_passes_with_two_interpreters_and_one_document_lists_its_fixture_marker_ini_option_and_option()
    {
        var request = await plugins.RequestAsync(SmallPlugins.Tiny);
        var python = await plugins.SystemPythonAsync();

        // The same interpreter twice: two venvs, two readings of the API, which must agree.
        var verified = await InstallVerifier.VerifyAsync(request, [python, python]);

        verified.ApiFile.Should().Be(request.PluginApiDirectory! / "pytest-tiny-1.0.0.json");
        Directory.GetFiles(request.PluginApiDirectory!).Should().ContainSingle();
        var api = PluginApiJson.ReadFile(verified.ApiFile!);
        api.Distribution.Should().Be("pytest-tiny");
        api.EntryPoints.Should().Equal(new PluginEntryPoint("tiny", "pytest_tiny.plugin", null, true, null));
        api.Fixtures.Should().Equal(
            new PluginFixture("tiny_extra", "pytest_tiny.extra", "session", false, null),
            new PluginFixture("tiny_value", "pytest_tiny.plugin", "function", false, null));
        api.Markers.Should().Equal(new PluginMarker("tiny", "tiny(size)", "a tiny test"));
        api.IniOptions.Should().Equal(new PluginIniOption("tiny_level", "string", PythonValue.FromJson("\"1\""), "How much tiny tests report.", ValueList<string>.Empty));
        api.Options.Select(o => (o.FirstFlag, o.Default.ToString(), o.Choices!.ToString())).Should().Equal(("--tiny-mode", "\"fast\"", "[\"fast\", \"slow\"]"));
        verified.Proved.Should().Contain(["the smoke tests (tests/smoke) pass", "its API equals the source tree's"]);
        Directory.GetFileSystemEntries(request.WorkRoot).Should().BeEmpty("both interpreters' folders passed and were removed");
    }

    [Fact]
    public async Task A_module_the_wheel_leaves_out_is_named_with_the_fixture_it_defines_as_a_difference_from_the_source_tree()
    {
        var request = await plugins.RequestAsync(SmallPlugins.TinyMissingModule);

        var message = await FailureAsync(request);

        message.Should().Contain("the plugin API of the installed wheel differs from the source tree's (src/pytest_tiny):")
            .And.Contain("  - fixture 'tiny_extra' (pytest_tiny.extra), defined in a module the wheel lacks, is in the source tree, not in the installed wheel")
            .And.Contain("The source tree has module(s) the wheel lacks: pytest_tiny.extra.");
        message.Should().NotContain("tiny_value", "only what differs is named").And.NotContain("smoke tests");
        File.Exists(request.PluginApiDirectory! / "pytest-tiny-1.0.0.json").Should().BeFalse();
    }

    [Fact]
    public async Task An_entry_point_pytest_does_not_load_is_named_with_the_reason()
    {
        var request = await plugins.RequestAsync(SmallPlugins.TinyEntryPointNameTaken);

        var message = await FailureAsync(request);

        message.Should().Contain("pytest did not load the pytest11 entry point 'tmpdir' (pytest_tiny.extra) of pytest-tiny: the plugin name 'tmpdir' is taken by _pytest.tmpdir")
            .And.Contain("-p no:NAME");
        message.Should().NotContain("entry point 'tiny' (", "the other entry point loaded");
    }

    [Fact]
    public async Task A_failing_smoke_test_is_named_with_its_message_and_the_end_of_pytests_output()
    {
        var request = await plugins.RequestAsync(SmallPlugins.TinyFailingSmokeTest);

        var message = await FailureAsync(request);

        message.Should().Contain("the smoke tests (tests/smoke, from [tool.wheelhouse.verify] in pyproject.toml) failed against the installed package: " +
                "FAILED tests/smoke/test_tiny.py::test_the_mode_is_slow_by_default - AssertionError: expected the slow mode")
            .And.Contain("Last output:").And.Contain("1 failed, 1 passed");
        message.Should().NotContain("test_the_mode_is_fast_by_default");
    }

    [Fact]
    public async Task A_setuptools_plugin_of_one_module_with_metadata_in_setup_cfg_is_verified_from_the_target_parameters()
    {
        var dist = await plugins.DistAsync(SmallPlugins.Flat);
        var work = plugins.NewWorkRoot();

        var verified = await InstallVerification.RunAsync(new VerifyInstallParameters(plugins.ProjectOf(SmallPlugins.Flat), dist, work / "verify", Pythons: [SmallPlugins.SystemPython])
        {
            BuildPython = SmallPlugins.SystemPython,
            BuildIsolation = BuildIsolation.NotIsolated,
        });

        verified.ApiFile.Should().Be(work / "plugin-api" / "pytest-flat-2.0.0.json");
        var api = PluginApiJson.ReadFile(verified.ApiFile!);
        api.EntryPoints.Should().Equal(new PluginEntryPoint("flat", "pytest_flat", null, true, null));
        api.Fixtures.Should().Equal(new PluginFixture("flat_value", "pytest_flat", "module", false, null));
        api.Markers.Select(m => m.Name).Should().Equal("flat");
        api.IniOptions.Select(o => o.Name).Should().Equal("flat_style");
        api.Options.Select(o => (o.FirstFlag, o.Type)).Should().Equal(("--flat-size", "int"));
        verified.Proved.Should().Equal(
            "pytest_flat import from the venv's site-packages", "pytest loads its 1 entry point(s)", "the smoke tests (tests) pass", "its API equals the source tree's");
        Directory.GetFileSystemEntries(work / "verify").Should().BeEmpty();
    }
}
