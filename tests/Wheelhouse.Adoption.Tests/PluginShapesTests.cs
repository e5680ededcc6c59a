using System.Text.Json;
using Wheelhouse.Adoption.Tests.Support;
using Xunit.Abstractions;

namespace Wheelhouse.Adoption.Tests;

/// <summary>
/// Real pytest plugins of four shapes adopt the build as README says and release, offline: in the Debian 13 root with its
/// modern toolchain, and with Debian 12's own tools (see <see cref="ShapeAdoption"/> for the steps, each run once per shape).
/// </summary>
[Collection(PackedWheelhouseCollection.Name)]
public sealed class PluginShapesTests(PackedWheelhouse packed, ShapeAdoptions adoptions, ITestOutputHelper output) : IClassFixture<ShapeAdoptions>
{
    public static TheoryData<string> Shapes => new(PluginShape.All.Select(s => s.Key));

    public static TheoryData<string> TagVersionedShapes => new(PluginShape.All.Where(s => s.IsTagVersioned).Select(s => s.Key));

    public static TheoryData<string> SetuptoolsShapes => new(PluginShape.All.Where(s => s.Backend == "setuptools").Select(s => s.Key));

    public static TheoryData<string> OtherShapes => new(PluginShape.All.Where(s => s.Backend != "setuptools").Select(s => s.Key));

    private ShapeAdoption Adopt(string key)
    {
        var adoption = adoptions.For(PluginShape.Get(key), packed);
        output.WriteLine($"{adoption.Shape.Name}: {adoption.Timings}");
        return adoption;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_rehearsal_passes_in_the_Debian_13_root(string shape)
    {
        var adoption = Adopt(shape);
        var plugin = adoption.Shape;

        adoption.Rehearsal.ExitCode.Should().Be(0, adoption.Rehearsal.Describe());
        adoption.Rehearsal.Out.Should().Contain($"Rehearsal passed: {plugin.Module} {plugin.FirstRelease} published through trusted publishing")
            .And.Contain("the smoke tests (tests/smoke) pass").And.Contain("its API equals the source tree's");
        adoption.Rehearsed.Files.Should().Equal($"{plugin.Module}-{plugin.FirstRelease}-py3-none-any.whl", $"{plugin.Module}-{plugin.FirstRelease}.tar.gz");
    }

    [Theory]
    [MemberData(nameof(TagVersionedShapes))]
    public void Before_the_first_release_tag_the_rehearsal_stops_at_M007_and_BumpVersion_tags_the_release(string shape)
    {
        var adoption = Adopt(shape);
        var before = adoption.RehearsalBeforeTag!;

        before.ExitCode.Should().Be(1, before.Describe());
        before.Out.Should().Contain("M007").And.Contain("PyPI refuses local versions").And.Contain("./build.sh BumpVersion");
        adoption.FirstTag!.Out.Should().Contain($"annotated tag v{adoption.Shape.FirstRelease}").And.Contain("the tag is the version");
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_plugin_API_lists_its_entry_point_fixture_marker_ini_option_and_option(string shape)
    {
        var adoption = Adopt(shape);

        adoption.PluginApi.Should().NotBeNull(adoption.Rehearsal.Describe());
        ShouldListTheApi(adoption.PluginApi!, adoption.Shape, adoption.Shape.FirstRelease, pytestMajor: 8);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_sdist_holds_the_plugin_and_none_of_the_build_s_files(string shape)
    {
        var adoption = Adopt(shape);
        var files = adoption.Rehearsed.SdistFiles;

        files.Should().Contain(["PKG-INFO", "pyproject.toml", "README.md"]);
        files.Should().Contain(f => f.EndsWith($"{adoption.Shape.Module}.py", StringComparison.Ordinal) || f.StartsWith($"{adoption.Shape.Module}/", StringComparison.Ordinal) || f.StartsWith($"src/{adoption.Shape.Module}/", StringComparison.Ordinal));
        files.Where(BuildFiles.IsBuildFile).Should().BeEmpty();
        if (adoption.Shape.Backend == "setuptools")
        {
            // setuptools-scm is installed in the root: its file finder puts every tracked file in any setuptools sdist
            // built there (README, step 3), so only the template's export-ignore lines keep the build out.
            files.Should().Contain(".gitattributes");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void BumpVersion_minor_then_Build_gives_the_minor_version_in_both_artifacts(string shape)
    {
        var adoption = Adopt(shape);
        var plugin = adoption.Shape;

        adoption.MinorBump.ExitCode.Should().Be(0, adoption.MinorBump.Describe());
        adoption.MinorBump.Out.Should().Contain($"Released {plugin.FirstRelease} → {plugin.MinorRelease}").And.Contain($"annotated tag v{plugin.MinorRelease}");
        adoption.Build.ExitCode.Should().Be(0, adoption.Build.Describe());
        adoption.Built.Files.Should().Equal($"{plugin.Module}-{plugin.MinorRelease}-py3-none-any.whl", $"{plugin.Module}-{plugin.MinorRelease}.tar.gz");
        adoption.Built.WheelVersion.Should().Be(plugin.MinorRelease, "the wheel's METADATA states the released version");
        adoption.Built.SdistVersion.Should().Be(plugin.MinorRelease, "the sdist's PKG-INFO states the released version");
        adoption.StatusAfterRelease.Should().BeEmpty("the release committed what it changed, and the builds left nothing git sees");
    }

    [Theory]
    [MemberData(nameof(OtherShapes))]
    public void With_Debian_12_s_own_tools_the_rehearsal_passes_too(string shape)
    {
        var adoption = Adopt(shape);

        adoption.Debian12Rehearsal.ExitCode.Should().Be(0, adoption.Debian12Rehearsal.Describe());
        adoption.Debian12Rehearsal.Out.Should().Contain("with /usr/bin/python3.11")
            .And.Contain("the smoke tests (tests/smoke) pass").And.Contain("its API equals the source tree's");
        adoption.Debian12PluginApi.Should().NotBeNull(adoption.Debian12Rehearsal.Describe());
        ShouldListTheApi(adoption.Debian12PluginApi!, adoption.Shape, adoption.Shape.MinorRelease, pytestMajor: 7);
    }

    [Theory]
    [MemberData(nameof(SetuptoolsShapes))]
    public void With_Debian_12_s_setuptools_the_rehearsal_stops_at_S001_naming_the_backend_its_version_and_the_fix(string shape)
    {
        var adoption = Adopt(shape);
        var plugin = adoption.Shape;
        var installed = ChildProcess.Run("/usr/bin/python3", ["-I", "-c", "import importlib.metadata as m; print(m.version('setuptools'))"], Path.GetTempPath()).Out.Trim();
        var run = adoption.Debian12Rehearsal;

        installed.Should().StartWith("66.", "Debian 12's setuptools");
        run.ExitCode.Should().Be(1, run.Describe());
        run.Out.Should().Contain($"S001 the file name is '{plugin.Name}-{plugin.MinorRelease}.tar.gz', PEP 625 requires '{plugin.Module}-{plugin.MinorRelease}.tar.gz'")
            .And.Contain($"the build used setuptools {installed}, which still writes the old name")
            .And.Contain("setuptools 69.3.0 and later write PEP 625 names");
        (run.Out + run.Err).Should().NotContain("Traceback").And.NotContain("   at Wheelhouse.");
    }

    [Fact]
    public void README_shows_the_adoption_steps_the_shapes_take()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));

        readme.Should().Contain($"git add {string.Join(' ', ShapeAdoption.ReadmeGitAdd)} && git commit -m \"{ShapeAdoption.ReadmeCommitMessage}\"")
            .And.Contain(ShapeAdoption.ReadmeNuGetExclude)
            .And.Contain("ignore `build/`").And.Contain("remove that line")
            .And.Contain("`./build.sh BumpVersion --bump patch`");
    }

    /// <summary>The API JSON names the shape's entry point (loaded), fixture, marker, ini option and option.</summary>
    private static void ShouldListTheApi(string json, PluginShape plugin, string version, int pytestMajor)
    {
        using var document = JsonDocument.Parse(json);
        var api = document.RootElement;
        api.GetProperty("distribution").GetString().Should().Be(plugin.Name);
        api.GetProperty("version").GetString().Should().Be(version);
        api.GetProperty("pytest_version").GetString().Should().StartWith($"{pytestMajor}.");

        var entryPoint = api.GetProperty("entry_points").EnumerateArray().Should().ContainSingle().Subject;
        entryPoint.GetProperty("name").GetString().Should().Be(plugin.EntryPoint);
        entryPoint.GetProperty("loaded").GetBoolean().Should().BeTrue(json);
        Names(api, "fixtures", "name").Should().Equal([plugin.Fixture], json);
        Names(api, "markers", "name").Should().Equal([plugin.Marker], json);
        Names(api, "ini_options", "name").Should().Equal([plugin.IniOption], json);
        api.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("flags").EnumerateArray().Select(f => f.GetString()).ToList())
            .Should().ContainSingle(json).Which.Should().Equal(plugin.Option);
    }

    private static List<string?> Names(JsonElement api, string list, string property) =>
        api.GetProperty(list).EnumerateArray().Select(e => e.GetProperty(property).GetString()).ToList();
}
