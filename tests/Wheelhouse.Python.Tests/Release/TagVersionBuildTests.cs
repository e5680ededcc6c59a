using System.Formats.Tar;
using System.IO.Compression;
using Wheelhouse.Engine;
using Wheelhouse.Python.Release;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Tests.Release;

/// <summary>
/// The tag BumpVersion makes is the version the backend builds: a real plugin with setuptools-scm or hatch-vcs
/// (Debian 12's, under /usr/bin/python3), built with the build's own PackageBuilder before and after the bump.
/// </summary>
public sealed class TagVersionBuildTests
{
    private const string DebianPython = "/usr/bin/python3";

    [Theory]
    [InlineData(TagVersionedPlugin.SetuptoolsScm, "setuptools-scm")]
    [InlineData(TagVersionedPlugin.HatchVcs, "hatch-vcs")]
    public async Task After_BumpVersion_the_sdist_and_the_wheel_carry_exactly_the_tagged_version(string pyproject, string tool)
    {
        using var repo = await TagVersionedPlugin.CreateAsync(pyproject);
        var root = AbsolutePath.Create(repo.Root);
        var head = await repo.GitAsync("rev-parse", "--short", "HEAD");

        // Between tags (one commit after v0.1.0) the backend gives a local version, which PyPI would refuse.
        var between = await BuildAsync(root, root / "dist" / "between");
        between.Versions.Should().AllSatisfy(v =>
        {
            v.Public.ToString().Should().Be("0.1.1.dev1");
            v.Local.Should().StartWith("g").And.Contain(head[..7]);
        });

        var plan = await VersionRelease.RunAsync(repo.Root, new BumpRequest([BumpKind.Minor], null, Today: new DateOnly(2026, 5, 17)));
        plan.Source.Tool.Should().Be(tool);
        plan.Tag.Should().Be("v0.2.0");

        var release = await BuildAsync(root, root / "dist" / "release");
        release.Files.Should().HaveCount(2);
        release.Versions.Should().HaveCount(4).And.AllSatisfy(v => v.ToString().Should().Be("0.2.0"), "names and metadata of both artifacts say 0.2.0, with no local label");
        (await repo.GitAsync("status", "--porcelain")).Should().BeEmpty("the build's own files are ignored, so the tree stays clean for the next release");
    }

    /// <summary>Builds without isolation (offline, Debian's backends) and reads the version from each file's name and its metadata.</summary>
    private static async Task<(IReadOnlyList<string> Files, IReadOnlyList<Pep440Version> Versions)> BuildAsync(AbsolutePath root, AbsolutePath output)
    {
        var built = await PackageBuilder.BuildAsync(root, output, DebianPython, BuildIsolation.NotIsolated);
        var sdist = built.Single(f => f.Name.EndsWith(".tar.gz", StringComparison.Ordinal));
        var wheel = built.Single(f => f.Name.EndsWith(".whl", StringComparison.Ordinal));
        var sdistNameVersion = sdist.Name[..^".tar.gz".Length].Split('-')[^1];
        var wheelNameVersion = wheel.Name.Split('-')[1];
        var versions = new[] { sdistNameVersion, SdistMetadataVersion(sdist), wheelNameVersion, WheelMetadataVersion(wheel) }.Select(Pep440Version.Parse).ToList();
        return (built.Select(f => f.Name).ToList(), versions);
    }

    private static string WheelMetadataVersion(string wheel)
    {
        using var archive = ZipFile.OpenRead(wheel);
        var metadata = archive.Entries.Single(e => e.FullName.EndsWith(".dist-info/METADATA", StringComparison.Ordinal));
        using var reader = new StreamReader(metadata.Open());
        return VersionField(reader.ReadToEnd(), wheel);
    }

    private static string SdistMetadataVersion(string sdist)
    {
        using var gzip = new GZipStream(File.OpenRead(sdist), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            // The PKG-INFO at the top of the sdist's single folder, not an egg-info copy further down.
            if (entry.Name.Count(c => c == '/') == 1 && entry.Name.EndsWith("/PKG-INFO", StringComparison.Ordinal) && entry.DataStream is { } data)
                return VersionField(new StreamReader(data).ReadToEnd(), sdist);
        }

        throw new InvalidOperationException($"{sdist} has no PKG-INFO");
    }

    private static string VersionField(string metadata, string file) =>
        metadata.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith("Version: ", StringComparison.Ordinal))?["Version: ".Length..]
        ?? throw new InvalidOperationException($"{file}: its metadata has no Version field");
}
