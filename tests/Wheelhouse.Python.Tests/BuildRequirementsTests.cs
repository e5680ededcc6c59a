using Wheelhouse.Engine;

namespace Wheelhouse.Python.Tests;

/// <summary>A build without isolation checks build-system.requires against Debian 12's interpreter (hatchling 1.12, hatch-vcs 0.3).</summary>
public sealed class BuildRequirementsTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private void Plugin(string requires)
    {
        folder.Write("pyproject.toml", $"""
            [build-system]
            requires = [{requires}]
            build-backend = "hatchling.build"

            [project]
            name = "pytest-reqshape"
            version = "1.0"
            """);
        folder.Write("pytest_reqshape/__init__.py", "");
    }

    [Fact]
    public async Task An_unmet_requirement_stops_Build_with_one_paragraph_naming_it_the_installed_version_and_the_ways_out()
    {
        Plugin("\"hatchling>=1.18\", \"hatch-vcs>=99\", \"no-such-backend-plugin\"");

        var act = () => PackageBuilder.BuildAsync(folder.Absolute, folder.Absolute / "dist", "/usr/bin/python3", BuildIsolation.NotIsolated);

        var message = (await act.Should().ThrowAsync<BuildException>()).Which.Message;
        message.Should().MatchRegex(@"hatchling>=1\.18: 1\.\d+\.\d+ installed, >=1\.18 wanted")
            .And.MatchRegex(@"hatch-vcs>=99: 0\.\d+\.\d+ installed, >=99 wanted")
            .And.Contain("no-such-backend-plugin: not installed")
            .And.Contain("--build-isolation isolated")
            .And.Contain("--python")
            .And.NotContain("Traceback")
            .And.NotContain("\n");
        Directory.Exists(folder.Absolute / "dist").Should().BeFalse("nothing is built");
    }

    [Fact]
    public async Task Debian_hatchling_without_editables_builds_because_that_gap_is_tolerated_by_name()
    {
        Plugin("\"hatchling\"");
        var built = await PackageBuilder.BuildAsync(folder.Absolute, folder.Absolute / "dist", "/usr/bin/python3", BuildIsolation.NotIsolated);
        built.Select(p => Path.GetFileName(p.ToString())).Should().HaveCount(2).And.Contain(n => n.EndsWith(".whl")).And.Contain("pytest_reqshape-1.0.tar.gz");
    }

    [Fact]
    public void The_tolerated_gap_carries_its_reason() =>
        BuildRequirements.Tolerated["editables"].Should().Contain("editable installs");
}
