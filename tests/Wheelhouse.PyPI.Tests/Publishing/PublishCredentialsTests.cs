using Wheelhouse.Engine;
using Wheelhouse.PyPI.Publishing;

namespace Wheelhouse.PyPI.Tests.Publishing;

public sealed class PublishCredentialsTests
{
    [Fact]
    public void Inside_GitHub_Actions_without_a_token_trusted_publishing_is_used()
    {
        PublishCredentials.Choose(PackageIndex.PyPI, isGitHubActions: true, null, ApiTokenParameter.PyPI).Should().Be(CredentialKind.TrustedPublishing);
    }

    [Fact]
    public void A_given_token_is_used_by_hand_and_in_GitHub_Actions()
    {
        PublishCredentials.Choose(PackageIndex.PyPI, isGitHubActions: false, "pypi-secret", ApiTokenParameter.PyPI).Should().Be(CredentialKind.ApiToken);
        PublishCredentials.Choose(PackageIndex.PyPI, isGitHubActions: true, "pypi-secret", ApiTokenParameter.PyPI).Should().Be(CredentialKind.ApiToken);
    }

    [Fact]
    public void By_hand_without_a_token_the_error_says_where_to_create_and_put_one_and_not_on_the_command_line()
    {
        var act = () => PublishCredentials.Choose(PackageIndex.TestPyPI, isGitHubActions: false, null, ApiTokenParameter.TestPyPI);

        act.Should().Throw<BuildException>().Which.Message.Should()
            .Contain("No credentials to publish to TestPyPI")
            .And.Contain("https://test.pypi.org/manage/account/token/")
            .And.Contain("environment variable TEST_PYPI_TOKEN")
            .And.Contain("\"TestPypiToken\"")
            .And.Contain("never taken from the command line")
            .And.Contain("trusted publishing");
    }
}
