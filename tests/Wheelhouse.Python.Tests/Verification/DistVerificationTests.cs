using Wheelhouse.Engine;
using Wheelhouse.Python.PluginApi;
using Wheelhouse.Python.Verification;

namespace Wheelhouse.Python.Tests.Verification;

/// <summary>
/// Real venvs, real pip, real pytest: evalcheck built into a temp dist/ is installed offline (the venv sees the system
/// site-packages, where /usr/bin/python3 has pytest), its API read, its smoke tests (tests/smoke) run against it and its
/// API compared with its source tree's. Broken variants must fail, naming what broke.
/// </summary>
[Collection(BuiltPluginsCollection.Name)]
public sealed class DistVerificationTests(BuiltPlugins plugins)
{
    private async Task<(VerificationRequest Request, InterpreterProbe Python)> RequestAsync(string variant, string? version = null)
    {
        var dist = await plugins.DistAsync(variant);
        var work = plugins.NewWorkRoot();
        var request = new VerificationRequest("evalcheck", version ?? plugins.Version, new DistFolderSource(dist), work, SystemSitePackages: true, TimeSpan.Zero)
        {
            Project = plugins.SourceOf(variant),
            PluginApiDirectory = work / "plugin-api",
        };
        return (request, await plugins.SystemPythonAsync());
    }

    private static async Task<string> FailureAsync(VerificationRequest request, InterpreterProbe python)
    {
        var act = () => InstallVerifier.VerifyAsync(request, [python]);
        return (await act.Should().ThrowAsync<BuildException>()).Which.Message;
    }

    [Fact]
    public async Task The_built_plugin_passes_every_proof_its_api_is_written_and_its_folder_is_removed()
    {
        var (request, python) = await RequestAsync(BuiltPlugins.Good);
        Directory.CreateDirectory(request.WorkRoot / "py3.9" / "venv"); // kept by an earlier failed run

        var verified = await InstallVerifier.VerifyAsync(request, [python]);

        verified.ApiFile.Should().Be(request.WorkRoot / "plugin-api" / $"evalcheck-{plugins.Version}.json");
        verified.Proved.Should().Equal("evalcheck import from the venv's site-packages", "pytest loads its 1 entry point(s)",
            "the smoke tests (tests/smoke) pass", "its API equals the source tree's");
        var api = PluginApiJson.ReadFile(verified.ApiFile!);
        api.Should().Be(verified.Api);
        api.EntryPoints.Should().Equal(new PluginEntryPoint("evalcheck", "evalcheck.plugin", null, true, null));
        api.Fixtures.Select(f => (f.Name, f.Module)).Should().Equal(("evalcheck", "evalcheck.plugin"));
        api.Markers.Select(m => m.Name).Should().Equal("eval");
        api.IniOptions.Select(o => o.Name).Should().Equal("evalcheck_baseline", "evalcheck_tolerance");
        api.Options.Select(o => o.FirstFlag).Should().Equal("--evalcheck-update-baseline");
        Directory.GetFileSystemEntries(request.WorkRoot).Should().Equal([request.WorkRoot / "plugin-api"],
            "a folder whose verification passed is removed, and so are those earlier runs kept");
    }

    [Fact]
    public async Task An_entry_point_naming_a_missing_module_fails_naming_it_and_the_folder_is_kept()
    {
        var (request, python) = await RequestAsync(BuiltPlugins.MissingEntryPointModule);

        var message = await FailureAsync(request, python);

        message.Should().Contain($"Verifying evalcheck=={plugins.Version} from the local folder").And.Contain($"with {python}")
            .And.Contain("entry point 'evalcheck' (evalcheck.missing_plugin) fails to import: ModuleNotFoundError: No module named 'evalcheck.missing_plugin'");
        var kept = request.WorkRoot / $"py{python.Version.ToString(2)}";
        message.Should().Contain($"kept in {kept}");
        File.Exists(kept / "logs" / "import.log").Should().BeTrue();
        Directory.Exists(kept / "venv").Should().BeTrue();
        File.Exists(request.PluginApiDirectory! / $"evalcheck-{plugins.Version}.json").Should().BeFalse("no document is written for a failed verification");
    }

    [Fact]
    public async Task A_plugin_whose_regression_check_is_off_fails_its_smoke_test_and_shows_pytests_output()
    {
        var (request, python) = await RequestAsync(BuiltPlugins.RegressionCheckOff);

        var message = await FailureAsync(request, python);

        message.Should().Contain("the smoke tests (tests/smoke, from [tool.wheelhouse.verify] in pyproject.toml) failed against the installed package: " +
                "FAILED tests/smoke/test_installed_plugin.py::test_an_improving_score_passes_and_a_regressing_score_fails_with_evalchecks_message")
            .And.Contain("Last output:").And.Contain("1 failed, 2 passed");
        message.Should().NotContain("test_the_eval_marker_is_registered").And.NotContain("differs from the source tree's");
        message.Should().Contain($"pytest's whole output: {request.WorkRoot / $"py{python.Version.ToString(2)}" / "logs" / "smoke-tests.log"}");
    }

    [Fact]
    public async Task A_plugin_that_lost_its_marker_fails_the_smoke_tests_that_use_it()
    {
        var (request, python) = await RequestAsync(BuiltPlugins.MarkerLost);

        var message = await FailureAsync(request, python);

        message.Should().Contain("FAILED tests/smoke/test_installed_plugin.py::test_the_eval_marker_is_registered")
            .And.Contain("FAILED tests/smoke/test_installed_plugin.py::test_an_improving_score_passes_and_a_regressing_score_fails_with_evalchecks_message");
    }

    [Fact]
    public async Task A_source_tree_at_another_version_is_not_compared_with_the_installed_release()
    {
        var (request, python) = await RequestAsync(BuiltPlugins.Good);
        var source = plugins.SourceOf(BuiltPlugins.Good);
        // Another version than the built one, whatever the repository's version is now (BumpVersion moves it).
        request = request with { Project = source with { Metadata = source.Metadata! with { Version = source.Metadata.Version + ".post999" } } };

        var verified = await InstallVerifier.VerifyAsync(request, [python]);

        verified.Proved.Should().Contain("the smoke tests (tests/smoke) pass").And.NotContain("its API equals the source tree's");
    }

    [Fact]
    public async Task The_project_gives_its_smoke_tests_and_its_static_metadata_unless_it_turns_the_comparison_off()
    {
        using var folder = new TempFolder();
        folder.Write("pyproject.toml", "[project]\nname = \"pytest-demo\"\nversion = \"1.0.0\"\n[tool.wheelhouse.verify]\ntests = [\"tests/smoke\"]\n");
        folder.Write("tests/smoke/test_demo.py", "");
        var parameters = new VerifyInstallParameters(folder.Absolute, folder.Absolute / "dist", folder.Absolute / "work");

        var project = await InstallVerification.ReadProjectAsync(parameters);

        project.Settings.Tests.Should().Equal("tests/smoke");
        project.Metadata!.Version.Should().Be("1.0.0");
        project.Metadata.Source.Should().Be("pyproject.toml");
        folder.Write("pyproject.toml", "[project]\nname = \"pytest-demo\"\nversion = \"1.0.0\"\n[tool.wheelhouse.verify]\ncompare-source = false\n");
        (await InstallVerification.ReadProjectAsync(parameters)).Metadata.Should().BeNull();
    }

    [Fact]
    public async Task A_stale_version_attribute_fails_the_import_check()
    {
        var (request, python) = await RequestAsync(BuiltPlugins.StaleVersionAttribute);

        var message = await FailureAsync(request, python);

        message.Should().Contain($"evalcheck.__version__ is '{BuiltPlugins.StaleVersion}' but the distribution's version is {plugins.Version}");
    }

    [Fact]
    public async Task A_version_dist_does_not_have_fails_naming_the_versions_it_has()
    {
        var (request, python) = await RequestAsync(BuiltPlugins.Good, version: "9.9.9");

        var message = await FailureAsync(request, python);

        message.Should().Contain($"has no distribution of evalcheck==9.9.9 (pip sees versions: {plugins.Version})").And.Contain("./build.sh Build");
    }

    [Fact]
    public async Task An_empty_dist_folder_fails_before_any_venv_is_made()
    {
        using var empty = new TempFolder();
        var request = new VerificationRequest("evalcheck", "0.2.0", new DistFolderSource(empty.Absolute / "dist"), empty.Absolute / "work", true, TimeSpan.Zero);

        var message = await FailureAsync(request, await plugins.SystemPythonAsync());

        message.Should().Contain("holds no wheel or sdist of evalcheck").And.Contain("--skip");
        Directory.Exists(empty.Absolute / "work").Should().BeFalse();
    }

    [Fact]
    public async Task The_whole_target_runs_from_its_parameters()
    {
        var dist = await plugins.DistAsync(BuiltPlugins.Good);
        var work = plugins.NewWorkRoot();

        // No site-packages choice: offline this verifies with --no-index and the system's pytest, online in a clean venv.
        var verified = await InstallVerification.RunAsync(new VerifyInstallParameters(plugins.ProjectOf(BuiltPlugins.Good), dist, work / "verify", Pythons: ["/usr/bin/python3"]));

        verified.ApiFile.Should().Be(work / "plugin-api" / $"evalcheck-{plugins.Version}.json", "by default the document goes beside the work root");
        File.Exists(verified.ApiFile!).Should().BeTrue();
        Directory.GetFileSystemEntries(work / "verify").Should().BeEmpty();
    }

    [Fact]
    public async Task Default_interpreters_are_distinct_and_usable()
    {
        var found = await VerificationInterpreters.FindAsync(null, ["pytest"]);

        found.Should().NotBeEmpty();
        found.Select(f => f.Executable).Should().OnlyHaveUniqueItems();
        found.Should().OnlyContain(f => f.Unusable(new[] { "pytest" }) == null && f.Distributions["pytest"] != null);
    }

    [Fact]
    public async Task A_requested_interpreter_that_is_missing_or_not_python_is_an_error()
    {
        var missing = () => VerificationInterpreters.FindAsync(["/nowhere/python3.99"], []);
        (await missing.Should().ThrowAsync<BuildException>()).WithMessage("*'/nowhere/python3.99' given by --verify-python was not found*");
        var notPython = () => VerificationInterpreters.FindAsync(["/bin/false"], []);
        (await notPython.Should().ThrowAsync<BuildException>()).WithMessage("*did not run as a Python 3 interpreter*");
    }

    [Theory]
    [InlineData(null, "https://pypi.org/simple/", null, "*--verify-extra-index-url is only used together with --verify-index-url*")]
    [InlineData("pypi.org/simple", null, null, "*--verify-index-url got 'pypi.org/simple'*")]
    [InlineData(null, null, -1, "*--verify-timeout got -1*")]
    public async Task Bad_parameters_are_errors_before_anything_runs(string? index, string? extra, int? timeout, string expected)
    {
        using var folder = new TempFolder();
        folder.Write("pyproject.toml", "[project]\nname = \"evalcheck\"\nversion = \"0.2.0\"\n");
        var act = () => InstallVerification.RunAsync(new VerifyInstallParameters(folder.Absolute, folder.Absolute / "dist", folder.Absolute / "work",
            IndexUrl: index, ExtraIndexUrl: extra, TimeoutSeconds: timeout));
        (await act.Should().ThrowAsync<BuildException>()).WithMessage(expected);
    }

    [Fact]
    public async Task A_dynamic_version_without_a_built_wheel_asks_for_a_build()
    {
        using var folder = new TempFolder();
        folder.Write("pyproject.toml", "[project]\nname = \"evalcheck\"\ndynamic = [\"version\"]\n");
        var act = () => InstallVerification.RunAsync(new VerifyInstallParameters(folder.Absolute, folder.Absolute / "dist", folder.Absolute / "work"));
        (await act.Should().ThrowAsync<BuildException>()).WithMessage("*does not state the project's name and version*holds no wheel to read them from. Run ./build.sh Build first*");
    }
}
