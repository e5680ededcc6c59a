using Wheelhouse.Engine;
using Wheelhouse.PyPI.ApiBaseline;
using Wheelhouse.PyPI.Tests.LocalIndex;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.PyPI.Tests.ApiBaseline;

/// <summary>The last release as the index the release goes to lists it: the local index's JSON API and files.</summary>
public sealed class IndexBaselineTests : IAsyncLifetime
{
    private TestIndex index = null!;
    private readonly string folder = TempDirectory.Create("api-baseline");

    public async Task InitializeAsync()
    {
        index = await TestIndex.StartAsync();
        using var http = index.Client();
        foreach (var version in new[] { "1.0.0", "1.1.0", "1.2.0rc1", "2.0.0" })
        {
            var response = await http.SendAsync(UploadRequest.For(index.Upload, TestDist.Wheel("pytest-sample", version)));
            response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
        }
    }

    public async Task DisposeAsync()
    {
        await index.DisposeAsync();
        TempDirectory.Delete(folder);
    }

    private Task<IndexBaselineAnswer> FetchAsync(string building, string project = "pytest-sample")
    {
        var http = index.Client();
        return IndexBaseline.FetchAsync(http, index.Server.Index, project, Pep440Version.Parse(building), AbsolutePath.Create(folder));
    }

    [Fact]
    public async Task The_newest_final_release_below_the_one_being_built_is_downloaded_with_its_sha256_checked()
    {
        var answer = await FetchAsync("1.2.0");

        var found = answer.Should().BeOfType<IndexBaselineAnswer.Found>().Which;
        found.Wheel.Version.Should().Be("1.1.0", "1.2.0rc1 is a pre-release and 2.0.0 is not below 1.2.0");
        File.Exists(found.File).Should().BeTrue();
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(found.File))).Should().Be(found.Wheel.Sha256);
    }

    [Fact]
    public async Task A_wheel_whose_bytes_differ_from_the_listed_sha256_is_refused_and_nothing_is_kept()
    {
        var stored = Directory.GetFiles(index.Directory, "pytest_sample-1.1.0-*.whl", SearchOption.AllDirectories).Single();
        await File.AppendAllTextAsync(stored, "tampered");

        var act = () => FetchAsync("1.2.0");

        (await act.Should().ThrowAsync<BuildException>()).WithMessage("*pytest_sample-1.1.0-*.whl downloaded from * has sha256 *, but the index lists *not the one that was published*");
        Directory.GetFiles(folder).Should().BeEmpty();
    }

    [Fact]
    public async Task A_project_the_index_does_not_know_was_never_released() =>
        (await FetchAsync("0.1.0", "pytest-unknown")).Should().BeOfType<IndexBaselineAnswer.NeverReleased>()
            .Which.Why.Should().Contain("404");

    [Fact]
    public async Task Nothing_below_the_first_version_is_a_first_release() =>
        (await FetchAsync("0.9.0")).Should().BeOfType<IndexBaselineAnswer.NeverReleased>();

    [Fact]
    public async Task An_index_that_cannot_be_reached_says_so_for_the_snapshot_to_take_over()
    {
        using var http = new HttpClient();
        var closed = PackageIndex.FromUploadUrl("http://127.0.0.1:9/legacy/");
        var answer = await IndexBaseline.FetchAsync(http, closed, "pytest-sample", Pep440Version.Parse("1.2.0"), AbsolutePath.Create(folder));
        answer.Should().BeOfType<IndexBaselineAnswer.Unreachable>();
    }
}
