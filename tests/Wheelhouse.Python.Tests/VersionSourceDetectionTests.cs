using Wheelhouse.Engine;

namespace Wheelhouse.Python.Tests;

/// <summary>Where the version comes from, from pyproject.toml (and setup.cfg) as real projects of each tool write them.</summary>
public sealed class VersionSourceDetectionTests
{
    private const string Setuptools = "[build-system]\nrequires = [\"setuptools>=64\"]\nbuild-backend = \"setuptools.build_meta\"\n";
    private const string Hatchling = "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n";
    private const string DynamicProject = "[project]\nname = \"pytest-demo\"\ndynamic = [\"version\"]\n";

    private static VersionSource Detect(string pyproject, string? setupCfg = null) => VersionSourceDetection.Detect(pyproject, setupCfg);

    [Fact]
    public void A_literal_project_version_is_static_even_when_setuptools_scm_is_a_build_requirement()
    {
        // setuptools-scm is often required only for its file finder (every tracked file in the sdist).
        var source = Detect("[build-system]\nrequires = [\"setuptools\", \"setuptools_scm\"]\n[project]\nname = \"x\"\nversion = \"1.2.0\"\n[tool.setuptools_scm]\n");
        source.Should().Be(new VersionSource(VersionOrigin.PyProject, null, "project.version in pyproject.toml"));
        source.IsVcsTag.Should().BeFalse();
    }

    [Fact]
    public void Setuptools_scm_with_its_tool_table_is_a_tag_version()
    {
        var source = Detect("[build-system]\nrequires = [\"setuptools>=64\", \"setuptools-scm>=8\"]\nbuild-backend = \"setuptools.build_meta\"\n" + DynamicProject + "[tool.setuptools_scm]\n");
        source.Should().Be(new VersionSource(VersionOrigin.VcsTag, "setuptools-scm", "[tool.setuptools_scm] in pyproject.toml"));
        source.Description.Should().Be("git tags (setuptools-scm)");
    }

    [Theory]
    [InlineData("setuptools_scm[toml]>=6.2")]
    [InlineData("setuptools-scm")]
    [InlineData("Setuptools.SCM >= 7 ; python_version >= '3.8'")]
    public void Setuptools_scm_in_the_requirements_with_a_dynamic_version_is_a_tag_version(string requirement)
    {
        var source = Detect($"[build-system]\nrequires = [\"setuptools>=64\", \"{requirement}\"]\nbuild-backend = \"setuptools.build_meta\"\n" + DynamicProject);
        source.Origin.Should().Be(VersionOrigin.VcsTag);
        source.Tool.Should().Be("setuptools-scm");
        source.Evidence.Should().Be("setuptools-scm in build-system.requires of pyproject.toml");
    }

    [Fact]
    public void A_setup_py_project_with_setuptools_scm_and_no_project_table_is_a_tag_version()
    {
        Detect("[build-system]\nrequires = [\"setuptools\", \"wheel\", \"setuptools_scm\"]\n").Should()
            .Be(new VersionSource(VersionOrigin.VcsTag, "setuptools-scm", "setuptools-scm in build-system.requires of pyproject.toml"));
    }

    [Fact]
    public void Setuptools_with_a_version_attribute_is_dynamic_even_with_setuptools_scm_required()
    {
        var source = Detect("[build-system]\nrequires = [\"setuptools\", \"setuptools_scm\"]\nbuild-backend = \"setuptools.build_meta\"\n" + DynamicProject +
                            "[tool.setuptools.dynamic]\nversion = { attr = \"pytest_demo.__version__\" }\n");
        source.Should().Be(new VersionSource(VersionOrigin.Dynamic, "setuptools", "[tool.setuptools.dynamic] version = { attr = \"pytest_demo.__version__\" } in pyproject.toml"));
    }

    [Fact]
    public void Hatch_vcs_is_a_tag_version()
    {
        var source = Detect("[build-system]\nrequires = [\"hatchling\", \"hatch-vcs\"]\nbuild-backend = \"hatchling.build\"\n" + DynamicProject + "[tool.hatch.version]\nsource = \"vcs\"\n");
        source.Should().Be(new VersionSource(VersionOrigin.VcsTag, "hatch-vcs", "[tool.hatch.version] source = \"vcs\" in pyproject.toml"));
    }

    [Fact]
    public void Hatchling_reading_a_file_is_another_dynamic_version()
    {
        var source = Detect(Hatchling + DynamicProject + "[tool.hatch.version]\npath = \"src/pytest_demo/__about__.py\"\n");
        source.Should().Be(new VersionSource(VersionOrigin.Dynamic, "hatchling", "[tool.hatch.version] path = \"src/pytest_demo/__about__.py\" in pyproject.toml"));
        source.Description.Should().Be("hatchling, computed at build time ([tool.hatch.version] path = \"src/pytest_demo/__about__.py\" in pyproject.toml)");
    }

    [Fact]
    public void A_hatch_version_table_means_nothing_to_another_backend()
    {
        var source = Detect(Setuptools + DynamicProject + "[tool.hatch.version]\nsource = \"vcs\"\n");
        source.Origin.Should().Be(VersionOrigin.Dynamic);
        source.Tool.Should().Be("setuptools");
    }

    [Theory]
    [InlineData("versioningit", "versioningit")]
    [InlineData("uv-dynamic-versioning", "uv-dynamic-versioning")]
    public void Hatchling_version_plugins_that_read_tags_are_tag_versions(string hatchSource, string tool)
    {
        var source = Detect(Hatchling + DynamicProject + $"[tool.hatch.version]\nsource = \"{hatchSource}\"\n");
        source.Origin.Should().Be(VersionOrigin.VcsTag);
        source.Tool.Should().Be(tool);
    }

    [Fact]
    public void Versioningit_with_setuptools_is_a_tag_version()
    {
        var source = Detect("[build-system]\nrequires = [\"setuptools\", \"versioningit\"]\nbuild-backend = \"setuptools.build_meta\"\n" + DynamicProject + "[tool.versioningit.vcs]\nmethod = \"git\"\n");
        source.Should().Be(new VersionSource(VersionOrigin.VcsTag, "versioningit", "[tool.versioningit] in pyproject.toml"));
    }

    [Fact]
    public void Pdm_backend_with_the_scm_source_is_a_tag_version_and_with_a_file_is_dynamic()
    {
        const string pdm = "[build-system]\nrequires = [\"pdm-backend\"]\nbuild-backend = \"pdm.backend\"\n" + DynamicProject;
        Detect(pdm + "[tool.pdm.version]\nsource = \"scm\"\n").Should()
            .Be(new VersionSource(VersionOrigin.VcsTag, "pdm-backend", "[tool.pdm.version] source = \"scm\" in pyproject.toml"));
        Detect(pdm + "[tool.pdm.version]\nsource = \"file\"\npath = \"src/pytest_demo/__init__.py\"\n").Should()
            .Be(new VersionSource(VersionOrigin.Dynamic, "pdm-backend", "[tool.pdm.version] source = \"file\" in pyproject.toml"));
    }

    [Fact]
    public void Poetry_dynamic_versioning_counts_only_when_enabled()
    {
        const string poetry = "[build-system]\nrequires = [\"poetry-core\", \"poetry-dynamic-versioning>=1,<2\"]\nbuild-backend = \"poetry_dynamic_versioning.backend\"\n" +
                              "[tool.poetry]\nname = \"pytest-demo\"\nversion = \"0.0.0\"\n";
        Detect(poetry + "[tool.poetry-dynamic-versioning]\nenable = true\n").Should()
            .Be(new VersionSource(VersionOrigin.VcsTag, "poetry-dynamic-versioning", "[tool.poetry-dynamic-versioning] enable = true in pyproject.toml"));
        Detect(poetry + "[tool.poetry-dynamic-versioning]\nenable = false\n").Should()
            .Be(new VersionSource(VersionOrigin.PyProject, null, "tool.poetry.version in pyproject.toml"));
    }

    [Fact]
    public void Setuptools_git_versioning_flit_scm_and_scikit_build_core_with_setuptools_scm_are_tag_versions()
    {
        Detect(Setuptools + DynamicProject + "[tool.setuptools-git-versioning]\nenabled = true\n").Tool.Should().Be("setuptools-git-versioning");
        Detect("[build-system]\nrequires = [\"flit_scm\"]\nbuild-backend = \"flit_scm:buildapi\"\n" + DynamicProject).Should()
            .Be(new VersionSource(VersionOrigin.VcsTag, "flit_scm", "build-backend = \"flit_scm:buildapi\" in pyproject.toml"));
        var skbuild = Detect("[build-system]\nrequires = [\"scikit-build-core\", \"setuptools-scm\"]\nbuild-backend = \"scikit_build_core.build\"\n" + DynamicProject +
                             "[tool.scikit-build]\nmetadata.version.provider = \"scikit_build_core.metadata.setuptools_scm\"\n");
        skbuild.Origin.Should().Be(VersionOrigin.VcsTag);
        skbuild.Tool.Should().Be("setuptools-scm");
    }

    [Fact]
    public void Versioneer_and_pbr_are_tag_versions_unless_setup_cfg_states_the_version()
    {
        Detect("[build-system]\nrequires = [\"setuptools\", \"versioneer[toml]\"]\n[tool.versioneer]\nVCS = \"git\"\n").Tool.Should().Be("versioneer");
        Detect("[build-system]\nrequires = [\"pbr>=6\", \"setuptools\"]\nbuild-backend = \"pbr.build\"\n").Should()
            .Be(new VersionSource(VersionOrigin.VcsTag, "pbr", "pbr in build-system.requires of pyproject.toml"));
        Detect("[build-system]\nrequires = [\"pbr>=6\", \"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n").Tool.Should().Be("pbr");
        Detect("[build-system]\nrequires = [\"pbr>=6\", \"setuptools\"]\nbuild-backend = \"setuptools.build_meta\"\n", "[metadata]\nname = demo\nversion = 2.0\n").Origin
            .Should().Be(VersionOrigin.SetupCfg);
    }

    [Fact]
    public void Flit_core_with_a_dynamic_version_reads_the_module()
    {
        var source = Detect("[build-system]\nrequires = [\"flit_core>=3.4\"]\nbuild-backend = \"flit_core.buildapi\"\n" + DynamicProject);
        source.Should().Be(new VersionSource(VersionOrigin.Dynamic, "flit_core", "flit_core reads __version__ from the module (dynamic = [\"version\"] in pyproject.toml)"));
    }

    [Theory]
    [InlineData("[metadata]\nname = pytest-demo\nversion = 0.3.1\n")]
    [InlineData("# comment\n[metadata]\nname = pytest-demo\nVersion : 0.3.1\n\n[options]\nversion = not this\n")]
    public void A_literal_version_in_setup_cfg_is_static_there(string setupCfg)
    {
        Detect(Setuptools, setupCfg).Should().Be(new VersionSource(VersionOrigin.SetupCfg, null, "version in setup.cfg's [metadata]"));
    }

    [Fact]
    public void A_setup_cfg_version_read_by_a_directive_is_dynamic()
    {
        Detect(Setuptools, "[metadata]\nname = pytest-demo\nversion = attr: pytest_demo.__version__\n").Should()
            .Be(new VersionSource(VersionOrigin.Dynamic, "setuptools", "version = attr: pytest_demo.__version__ in setup.cfg's [metadata]"));
    }

    [Fact]
    public void Without_any_declaration_the_source_is_unknown()
    {
        Detect(Setuptools).Origin.Should().Be(VersionOrigin.Unknown);
        VersionSourceDetection.Detect(pyprojectText: null).Origin.Should().Be(VersionOrigin.Unknown);
    }

    [Fact]
    public void Read_takes_both_files_from_the_project_folder()
    {
        using var folder = new TempFolder();
        folder.Write("pyproject.toml", "[build-system]\nrequires = [\"setuptools\", \"setuptools_scm\"]\n");
        folder.Write("setup.cfg", "[metadata]\nversion = 1.0\n");
        VersionSourceDetection.Read(folder.Path).Origin.Should().Be(VersionOrigin.SetupCfg, "a stated version wins over setuptools-scm that is only required");
        File.Delete(Path.Combine(folder.Path, "setup.cfg"));
        VersionSourceDetection.Read(folder.Path).Origin.Should().Be(VersionOrigin.VcsTag);
    }

    [Fact]
    public void Invalid_toml_is_an_error_naming_the_file()
    {
        using var folder = new TempFolder();
        var path = folder.Write("pyproject.toml", "[project\nname = ");
        var act = () => VersionSourceDetection.Read(folder.Path);
        act.Should().Throw<BuildException>().WithMessage($"{path} is not valid TOML*");
    }

    [Theory]
    [InlineData("setuptools_scm[toml]>=6.2", "setuptools-scm")]
    [InlineData("  Hatch_VCS", "hatch-vcs")]
    [InlineData("pbr; python_version<'4'", "pbr")]
    [InlineData("zope.interface>=5", "zope-interface")]
    public void Requirement_names_are_normalised(string requirement, string name) =>
        VersionSourceDetection.RequirementName(requirement).Should().Be(name);
}
