using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Wheelhouse.Bootstrap.Tests;

/// <summary>
/// What the bootstrap's `dotnet publish` leaves behind: a ReadyToRun build in build/bin/publish,
/// and src/ projects still built RID-neutral into bin/Debug/net10.0, where the test projects
/// find them.
/// </summary>
[Collection(CompiledCopyCollection.Name)]
public sealed class ReadyToRunTests(CompiledCopy copy)
{
    /// <summary>A ReadyToRun image carries native code behind the CLI header's ManagedNativeHeader
    /// (the READYTORUN header); an IL-only assembly has none.</summary>
    private static bool IsReadyToRun(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var cor = pe.PEHeaders.CorHeader ?? throw new InvalidOperationException($"{path} is not a .NET assembly");
        return cor.ManagedNativeHeaderDirectory.Size > 0;
    }

    /// <summary>How a runtime identifier for this machine ends, e.g. "-x64" in linux-x64.</summary>
    private static readonly string RidSuffix = "-" + RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();

    private string EngineDll(string configuration) =>
        Path.Combine(copy.Root, "src", "Wheelhouse.Engine", "bin", configuration, "net10.0", "Wheelhouse.Engine.dll");

    [Theory]
    [InlineData("_build.dll")]
    [InlineData("Wheelhouse.Engine.dll")]
    [InlineData("Wheelhouse.Python.dll")]
    public void The_published_build_and_its_assemblies_are_ReadyToRun(string assembly)
    {
        copy.EnsureWarm();

        IsReadyToRun(Path.Combine(copy.PublishDir, assembly)).Should().BeTrue(
            "build.sh publishes with PublishReadyToRun, so {0} must hold precompiled code", assembly);
    }

    [Fact]
    public void The_check_tells_IL_only_from_ReadyToRun()
    {
        copy.EnsureWarm();

        // the library's own build output is IL only: the check does not pass everything
        IsReadyToRun(EngineDll("Debug")).Should().BeFalse();
    }

    [Fact]
    public void Src_projects_stay_RID_neutral_Debug_builds_shared_with_the_tests()
    {
        copy.EnsureWarm();

        File.Exists(EngineDll("Debug")).Should().BeTrue("publish keeps the Debug configuration for src/ projects");
        Directory.Exists(Path.Combine(copy.Root, "src", "Wheelhouse.Engine", "bin", "Release"))
            .Should().BeFalse("publish must not switch to Release (PublishRelease is off)");
        foreach (var project in Directory.EnumerateDirectories(Path.Combine(copy.Root, "src"), "Wheelhouse.*"))
        {
            var name = Path.GetFileName(project);
            Directory.EnumerateDirectories(Path.Combine(project, "bin", "Debug", "net10.0"))
                .Select(Path.GetFileName)
                .Should().NotContain(d => d!.EndsWith(RidSuffix, StringComparison.Ordinal),
                    "{0} must not be built for a runtime identifier (a bin/Debug/net10.0/<os>{1} folder)", name, RidSuffix);
            var assets = JsonNode.Parse(File.ReadAllText(Path.Combine(project, "obj", "project.assets.json")))!;
            assets["project"]?["runtimes"].Should().BeNull(
                "{0} must be restored without a runtime identifier, as the test projects restore it", name);
        }
    }
}
