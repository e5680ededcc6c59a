using Wheelhouse.PyPI.Publishing;

namespace Wheelhouse.PyPI.Tests.Publishing;

public sealed class VerifyAfterPublishTests
{
    [Fact]
    public void After_a_publish_to_PyPI_VerifyInstall_installs_from_PyPI_without_an_extra_index()
    {
        VerifyAfterPublish.Choose(null, null, PackageIndex.PyPI).Should().Be(new VerifyIndex("https://pypi.org/simple/", null));
    }

    [Fact]
    public void After_a_publish_to_TestPyPI_the_dependencies_come_from_PyPI()
    {
        VerifyAfterPublish.Choose(null, null, PackageIndex.TestPyPI).Should().Be(new VerifyIndex("https://test.pypi.org/simple/", "https://pypi.org/simple/"));
        VerifyAfterPublish.Choose(null, "https://mirror.example/simple/", PackageIndex.TestPyPI)
            .Should().Be(new VerifyIndex("https://test.pypi.org/simple/", "https://mirror.example/simple/"));
    }

    [Fact]
    public void After_a_publish_to_another_index_VerifyInstall_installs_from_its_simple_API()
    {
        var local = PackageIndex.FromUploadUrl("http://127.0.0.1:8080/legacy/");

        VerifyAfterPublish.Choose(null, null, local).Should().Be(new VerifyIndex("http://127.0.0.1:8080/simple/", null));
    }

    [Fact]
    public void A_given_verify_index_url_wins_over_the_index_published_to()
    {
        VerifyAfterPublish.Choose("https://pypi.org/simple/", null, PackageIndex.TestPyPI).Should().Be(new VerifyIndex("https://pypi.org/simple/", null));
    }

    [Fact]
    public void Without_a_publish_or_a_verify_index_url_VerifyInstall_installs_from_dist()
    {
        VerifyAfterPublish.Choose(null, null, null).Should().BeNull();
        VerifyAfterPublish.Choose("", null, null).Should().BeNull();
    }
}
