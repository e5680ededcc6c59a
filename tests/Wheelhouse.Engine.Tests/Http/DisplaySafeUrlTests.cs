using Wheelhouse.Engine.Http;

namespace Wheelhouse.Engine.Tests.Http;

public sealed class DisplaySafeUrlTests
{
    [Theory]
    [InlineData("https://__token__:pypi-AgEIcHlwaS5vcmc@upload.pypi.org/legacy/", "https://***@upload.pypi.org/legacy/")]
    [InlineData("https://alice:s3cret@example.org/simple/", "https://***@example.org/simple/")]
    [InlineData("https://alice@example.org/simple/", "https://***@example.org/simple/")]
    [InlineData("https://example.org/simple/", "https://example.org/simple/")]
    public void User_info_is_hidden_from_a_Uri_and_from_text_alike(string url, string shown)
    {
        DisplaySafeUrl.Show(new Uri(url)).Should().Be(shown);
        DisplaySafeUrl.Show(url).Should().Be(shown);
    }

    [Theory]
    [InlineData("https://pipelines.actions.githubusercontent.com/abc/idtoken?api-version=2.0&audience=pypi", "https://pipelines.actions.githubusercontent.com/abc/idtoken?api-version=2.0&audience=pypi")]
    [InlineData("https://example.org/simple/?token=ghp_abc123&x=1", "https://example.org/simple/?token=***&x=1")]
    [InlineData("https://bucket.example.org/f.whl?X-Amz-Signature=deadbeef&X-Amz-Credential=AKIA%2F1", "https://bucket.example.org/f.whl?X-Amz-Signature=***&X-Amz-Credential=***")]
    [InlineData("https://example.org/x?access_token=t0k&password=pw", "https://example.org/x?access_token=***&password=***")]
    public void Query_parameters_that_carry_secrets_are_hidden_others_are_kept(string url, string shown)
    {
        DisplaySafeUrl.Show(url).Should().Be(shown);
        DisplaySafeUrl.Show(new Uri(url)).Should().NotContain("ghp_abc123").And.NotContain("deadbeef").And.NotContain("t0k&").And.NotContain("=pw");
    }

    [Theory]
    [InlineData("--index-url")]
    [InlineData("evalcheck==0.2.0")]
    [InlineData("/tmp/dist")]
    [InlineData("")]
    public void Text_that_is_no_http_URL_is_left_as_it_is(string text) =>
        DisplaySafeUrl.Show(text).Should().Be(text);

    [Fact]
    public void A_URL_to_request_drops_its_user_info()
    {
        var url = new Uri("https://__token__:s3cret@upload.example.org/legacy/");

        DisplaySafeUrl.WithoutUserInfo(url).AbsoluteUri.Should().Be("https://upload.example.org/legacy/");
        DisplaySafeUrl.HasUserInfo(url.OriginalString).Should().BeTrue();
        DisplaySafeUrl.HasUserInfo("https://upload.example.org/legacy/").Should().BeFalse();
    }

    [Theory]
    [InlineData("https://a.example/x", "https://a.example/y", true)]
    [InlineData("https://a.example/x", "https://A.EXAMPLE:443/y", true)]
    [InlineData("https://a.example/x", "http://a.example/x", false)]
    [InlineData("https://a.example/x", "https://a.example:8443/x", false)]
    [InlineData("https://a.example/x", "https://b.example/x", false)]
    public void Same_origin_is_scheme_host_and_port(string a, string b, bool same) =>
        DisplaySafeUrl.SameOrigin(new Uri(a), new Uri(b)).Should().Be(same);
}
