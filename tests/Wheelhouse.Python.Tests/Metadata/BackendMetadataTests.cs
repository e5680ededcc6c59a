using System.Diagnostics;
using Wheelhouse.Engine;
using Wheelhouse.Python.Inspection;
using Wheelhouse.Python.Metadata;

namespace Wheelhouse.Python.Tests.Metadata;

/// <summary>
/// The backend's own metadata, asked through the build frontend in Debian 12's interpreter: a setuptools project whose
/// metadata lives in setup.cfg (one top-level module), and a setuptools-scm project whose version is its git tag.
/// </summary>
public sealed class BackendMetadataTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private AbsolutePath SetupCfgPlugin()
    {
        folder.Write("pyproject.toml", "[build-system]\nrequires = [\"setuptools>=61\"]\nbuild-backend = \"setuptools.build_meta\"\n");
        folder.Write("setup.cfg", """
            [metadata]
            name = pytest-cfgshape
            version = 0.3.1

            [options]
            py_modules = pytest_cfgshape
            install_requires = pytest>=7
            python_requires = >=3.9

            [options.entry_points]
            pytest11 =
                cfgshape = pytest_cfgshape
            """);
        folder.Write("pytest_cfgshape.py", "import pytest\n\n@pytest.fixture\ndef cfgshape():\n    return 1\n");
        return folder.Absolute;
    }

    [Fact]
    public async Task Setup_cfg_metadata_comes_from_the_backend_with_its_entry_points()
    {
        var metadata = await ProjectMetadataReader.ReadAsync(SetupCfgPlugin(), "/usr/bin/python3", BuildIsolation.NotIsolated, null);

        metadata.Name.Should().Be("pytest-cfgshape");
        metadata.Version.Should().Be("0.3.1");
        metadata.Group("pytest11").Should().Equal(new Dictionary<string, string> { ["cfgshape"] = "pytest_cfgshape" });
        metadata.Dependencies.Should().Equal("pytest (>=7)"); // setuptools 66 still writes the parenthesised form
        metadata.RequiresPython.Should().Be(">=3.9");
        metadata.Source.Should().Be("the build backend (setuptools.build_meta)");
    }

    [Fact]
    public async Task A_tag_versioned_project_gets_the_version_of_its_tag()
    {
        folder.Write("pyproject.toml", """
            [build-system]
            requires = ["setuptools>=61", "setuptools-scm>=7"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "pytest-tagshape"
            dynamic = ["version"]

            [project.entry-points.pytest11]
            tagshape = "pytest_tagshape"

            [tool.setuptools_scm]
            """);
        folder.Write("src/pytest_tagshape/__init__.py", "");
        Git("init", "-q");
        Git("add", "-A");
        Git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "first");
        Git("tag", "v1.4.0");

        var metadata = await ProjectMetadataReader.ReadAsync(folder.Absolute, "/usr/bin/python3", BuildIsolation.NotIsolated, null);

        metadata.Version.Should().Be("1.4.0");
        metadata.Group("pytest11").Should().ContainKey("tagshape");
    }

    [Fact]
    public async Task InspectWheel_compares_a_setup_cfg_plugin_with_the_backend_and_finds_it_fresh()
    {
        var project = SetupCfgPlugin();
        var dist = project / "dist";
        await PackageBuilder.BuildAsync(project, dist, "/usr/bin/python3", BuildIsolation.NotIsolated);
        var metadata = await ProjectMetadataReader.ReadAsync(project, "/usr/bin/python3", BuildIsolation.NotIsolated, null);

        var report = WheelInspection.Inspect(dist, project / "pyproject.toml", null, metadata: metadata);

        report.Findings.Where(f => f.Check.Id is "P003" or "M005" && !f.Ignored).Should().BeEmpty();
    }

    [Fact]
    public async Task A_wheel_built_before_an_entry_point_was_renamed_is_stale_against_the_backend()
    {
        var project = SetupCfgPlugin();
        var dist = project / "dist";
        await PackageBuilder.BuildAsync(project, dist, "/usr/bin/python3", BuildIsolation.NotIsolated);
        File.WriteAllText(project / "setup.cfg", File.ReadAllText(project / "setup.cfg").Replace("cfgshape = pytest_cfgshape", "renamed = pytest_cfgshape"));
        var metadata = await ProjectMetadataReader.ReadAsync(project, "/usr/bin/python3", BuildIsolation.NotIsolated, null);

        var report = WheelInspection.Inspect(dist, project / "pyproject.toml", null, metadata: metadata);

        report.Findings.Where(f => f.Check.Id == "P003").Select(f => f.Message).Should().Contain(m =>
            m.Contains("the build backend (setuptools.build_meta) declares pytest11 entry point 'renamed = pytest_cfgshape', the wheel lacks it"));
    }

    [Fact]
    public async Task A_hatch_vcs_plugin_gets_its_tag_version_from_the_backend_and_its_stated_entry_points()
    {
        folder.Write("pyproject.toml", """
            [build-system]
            requires = ["hatchling", "hatch-vcs"]
            build-backend = "hatchling.build"

            [project]
            name = "pytest-vcsshape"
            dynamic = ["version"]

            [project.entry-points.pytest11]
            vcsshape = "pytest_vcsshape"

            [tool.hatch.version]
            source = "vcs"
            """);
        folder.Write("pytest_vcsshape/__init__.py", "");
        Git("init", "-q");
        Git("add", "-A");
        Git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "first");
        Git("tag", "v2.1.0");
        var dist = folder.Absolute / "dist";
        await PackageBuilder.BuildAsync(folder.Absolute, dist, "/usr/bin/python3", BuildIsolation.NotIsolated);

        var metadata = await ProjectMetadataReader.ReadAsync(folder.Absolute, "/usr/bin/python3", BuildIsolation.NotIsolated, null);

        metadata.Version.Should().Be("2.1.0");
        metadata.Group("pytest11").Should().Equal(new Dictionary<string, string> { ["vcsshape"] = "pytest_vcsshape" });
        var report = WheelInspection.Inspect(dist, folder.Absolute / "pyproject.toml", null, metadata: metadata);
        report.Findings.Where(f => f.Check.Id is "P003" or "M005" && !f.Ignored).Should().BeEmpty("hatchling's metadata hook writes no entry_points.txt; the stated ones count");
    }

    [Fact]
    public async Task Entry_points_a_backend_leaves_out_of_its_metadata_hook_are_read_from_a_wheel_it_builds()
    {
        // A real (tiny) in-tree PEP 517 backend whose prepare_metadata_for_build_wheel writes METADATA only, as hatchling's does.
        folder.Write("pyproject.toml", "[build-system]\nrequires = []\nbuild-backend = \"backend\"\nbackend-path = [\"_backend\"]\n");
        folder.Write("_backend/backend.py", """
            import os, zipfile
            NAME, VERSION = "pytest_hookless", "0.5.0"
            DIST_INFO = f"{NAME}-{VERSION}.dist-info"
            META = f"Metadata-Version: 2.1\nName: pytest-hookless\nVersion: {VERSION}\n"
            def prepare_metadata_for_build_wheel(directory, config_settings=None):
                os.makedirs(os.path.join(directory, DIST_INFO))
                with open(os.path.join(directory, DIST_INFO, "METADATA"), "w") as f:
                    f.write(META)
                return DIST_INFO
            def build_wheel(directory, config_settings=None, metadata_directory=None):
                name = f"{NAME}-{VERSION}-py3-none-any.whl"
                with zipfile.ZipFile(os.path.join(directory, name), "w") as z:
                    z.writestr("pytest_hookless.py", "")
                    z.writestr(f"{DIST_INFO}/METADATA", META)
                    z.writestr(f"{DIST_INFO}/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
                    z.writestr(f"{DIST_INFO}/entry_points.txt", "[pytest11]\nhookless = pytest_hookless\n")
                    z.writestr(f"{DIST_INFO}/RECORD", "")
                return name
            """);

        var metadata = await ProjectMetadataReader.ReadAsync(folder.Absolute, "/usr/bin/python3", BuildIsolation.NotIsolated, null);

        metadata.Name.Should().Be("pytest-hookless");
        metadata.Group("pytest11").Should().Equal(new Dictionary<string, string> { ["hookless"] = "pytest_hookless" });
    }

    [Fact]
    public async Task A_backend_that_fails_is_a_clear_error_with_its_output()
    {
        folder.Write("pyproject.toml", "[build-system]\nrequires = [\"setuptools>=61\"]\nbuild-backend = \"setuptools.build_meta\"\n");
        folder.Write("setup.py", "raise SystemExit('setup.py is broken on purpose')\n");

        var act = () => ProjectMetadataReader.ReadAsync(folder.Absolute, "/usr/bin/python3", BuildIsolation.NotIsolated, null);

        (await act.Should().ThrowAsync<BuildException>())
            .WithMessage("The build backend (setuptools.build_meta) could not prepare the metadata of *setup.py is broken on purpose*");
    }

    private void Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = folder.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        process.ExitCode.Should().Be(0, process.StandardError.ReadToEnd());
    }
}
