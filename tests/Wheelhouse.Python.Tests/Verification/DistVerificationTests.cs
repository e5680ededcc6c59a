using Wheelhouse.Engine;
using Wheelhouse.Python.Verification;

namespace Wheelhouse.Python.Tests.Verification;

/// <summary>
/// Real venvs, real pip, real pytest: the plugin built into a temp dist/ is installed offline (the venv sees the system
/// site-packages, where /usr/bin/python3 has pytest) and tried on the sample project.
/// </summary>
[Collection(BuiltPluginsCollection.Name)]
public sealed class DistVerificationTests(BuiltPlugins plugins)
{
    private async Task<(VerificationRequest Request, InterpreterProbe Python)> RequestAsync(string variant, string? version = null)
    {
        var dist = await plugins.DistAsync(variant);
        var request = new VerificationRequest("evalcheck", version ?? plugins.Version, new DistFolderSource(dist), plugins.NewWorkRoot(), SystemSitePackages: true, TimeSpan.Zero);
        return (request, await plugins.SystemPythonAsync());
    }

    private static async Task<string> FailureAsync(VerificationRequest request, InterpreterProbe python)
    {
        var act = () => InstallVerifier.VerifyAsync(request, [python]);
        return (await act.Should().ThrowAsync<BuildException>()).Which.Message;
    }

    [Fact]
    public async Task The_built_plugin_installs_from_dist_and_passes_every_proof_and_its_folder_is_removed()
    {
        var (request, python) = await RequestAsync(BuiltPlugins.Good);
        Directory.CreateDirectory(request.WorkRoot / "py3.9" / "venv"); // kept by an earlier failed run

        await InstallVerifier.VerifyAsync(request, [python]);

        Directory.GetFileSystemEntries(request.WorkRoot).Should().BeEmpty("a folder whose verification passed is removed, and so are those earlier runs kept");
    }

    [Fact]
    public async Task An_entry_point_naming_a_missing_module_fails_and_the_folder_is_kept()
    {
        var (request, python) = await RequestAsync(BuiltPlugins.MissingEntryPointModule);

        var message = await FailureAsync(request, python);

        message.Should().Contain($"Verifying evalcheck=={plugins.Version} from the local folder").And.Contain($"with {python}")
            .And.Contain($"expected 'pytest -VV -p no:cacheprovider --color=no' to list evalcheck-{plugins.Version} among pytest's plugins")
            .And.Contain("evalcheck.missing_plugin");
        var kept = request.WorkRoot / $"py{python.Version.ToString(2)}";
        message.Should().Contain($"kept in {kept}");
        File.Exists(kept / "logs" / "pytest-version.log").Should().BeTrue();
        Directory.Exists(kept / "venv").Should().BeTrue();
        File.Exists(kept / "project" / SampleProject.TestFile).Should().BeTrue();
    }

    [Fact]
    public async Task A_plugin_whose_regression_check_is_off_fails_saying_the_regressing_test_passed()
    {
        var (request, python) = await RequestAsync(BuiltPlugins.RegressionCheckOff);

        var message = await FailureAsync(request, python);

        message.Should().Contain("test_evalcheck_sample.py::test_regressing_score records accuracy 0.800 against a baseline of 0.900 and should fail, but it passed");
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
        await InstallVerification.RunAsync(new VerifyInstallParameters(plugins.ProjectOf(BuiltPlugins.Good), dist, work, Pythons: ["/usr/bin/python3"]));

        Directory.GetFileSystemEntries(work).Should().BeEmpty();
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
    public async Task A_dynamic_version_needs_the_version_parameter()
    {
        using var folder = new TempFolder();
        folder.Write("pyproject.toml", "[project]\nname = \"evalcheck\"\ndynamic = [\"version\"]\n");
        var act = () => InstallVerification.RunAsync(new VerifyInstallParameters(folder.Absolute, folder.Absolute / "dist", folder.Absolute / "work"));
        (await act.Should().ThrowAsync<BuildException>()).WithMessage("*no static ?project? version (it is dynamic); pass the version to verify with --verify-version*");
    }
}
