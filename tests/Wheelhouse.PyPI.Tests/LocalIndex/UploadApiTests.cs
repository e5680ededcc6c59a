using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Wheelhouse.PyPI.Tests.LocalIndex;

/// <summary>The upload API's checks, answered as warehouse answers them (status, reason phrase and HTML body).</summary>
public sealed class UploadApiTests
{
    internal static async Task<(HttpStatusCode Status, string Reason, string Body)> SendAsync(TestIndex index, HttpRequestMessage request)
    {
        using var client = index.Client();
        using var response = await client.SendAsync(request);
        return (response.StatusCode, response.ReasonPhrase ?? "", await response.Content.ReadAsStringAsync());
    }

    private static async Task<(HttpStatusCode Status, string Reason, string Body)> RefusedAsync(TestIndex index, HttpRequestMessage request, HttpStatusCode status)
    {
        var answer = await SendAsync(index, request);
        answer.Status.Should().Be(status, answer.Reason);
        answer.Body.Should().Contain(System.Net.WebUtility.HtmlEncode(answer.Reason), "the message is in the reason phrase and in the body");
        return answer;
    }

    [Fact]
    public async Task A_wheel_and_its_sdist_are_stored_with_a_json_index_per_project()
    {
        await using var index = await TestIndex.StartAsync();

        var wheel = await SendAsync(index, UploadRequest.For(index.Upload, TestDist.Wheel("demo-pkg", "1.0")));
        var sdist = await SendAsync(index, UploadRequest.For(index.Upload, TestDist.Sdist("demo-pkg", "1.0")));

        wheel.Status.Should().Be(HttpStatusCode.OK, wheel.Reason);
        sdist.Status.Should().Be(HttpStatusCode.OK, sdist.Reason);
        index.Server.Uploads.Should().HaveCount(2).And.OnlyContain(u => u.Stored && u.Credential == "api-token");
        File.Exists(Path.Combine(index.Directory, "files", "demo-pkg", "demo_pkg-1.0-py3-none-any.whl")).Should().BeTrue();
        File.Exists(Path.Combine(index.Directory, "files", "demo-pkg", "demo_pkg-1.0.tar.gz")).Should().BeTrue();
        JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(index.Directory, "projects", "demo-pkg.json"))).RootElement
            .GetProperty("files").GetArrayLength().Should().Be(2);
        Directory.GetFiles(Path.Combine(index.Directory, "incoming")).Should().BeEmpty("received files are moved or removed");
    }

    [Fact]
    public async Task A_server_started_again_on_the_same_folder_serves_what_was_uploaded()
    {
        var directory = TempDirectory.Create("local-index");
        try
        {
            var wheel = TestDist.Wheel("demo-pkg", "1.0");
            await using (var first = await TestIndex.StartAsync(directory: directory, keepDirectory: true))
                (await SendAsync(first, UploadRequest.For(first.Upload, wheel))).Status.Should().Be(HttpStatusCode.OK);

            await using var second = await TestIndex.StartAsync(directory: directory, keepDirectory: true);
            using var client = second.Client();
            (await client.GetByteArrayAsync("files/demo-pkg/demo_pkg-1.0-py3-none-any.whl")).Should().Equal(wheel.Bytes);
            (await SendAsync(second, UploadRequest.For(second.Upload, wheel))).Status.Should().Be(HttpStatusCode.OK);
            second.Server.Uploads.Single().Stored.Should().BeFalse("the restarted index knows the file");
        }
        finally
        {
            TempDirectory.Delete(directory);
        }
    }

    [Fact]
    public async Task Identical_reupload_is_200_without_change()
    {
        await using var index = await TestIndex.StartAsync();
        var wheel = TestDist.Wheel("demo-pkg", "1.0");
        (await SendAsync(index, UploadRequest.For(index.Upload, wheel))).Status.Should().Be(HttpStatusCode.OK);

        var again = await SendAsync(index, UploadRequest.For(index.Upload, wheel));

        again.Status.Should().Be(HttpStatusCode.OK);
        index.Server.Uploads[^1].Stored.Should().BeFalse();
        JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(index.Directory, "projects", "demo-pkg.json"))).RootElement
            .GetProperty("files").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task Same_file_name_with_other_content_is_400_File_already_exists_naming_the_new_hash()
    {
        await using var index = await TestIndex.StartAsync();
        (await SendAsync(index, UploadRequest.For(index.Upload, TestDist.Wheel("demo-pkg", "1.0", salt: "one")))).Status.Should().Be(HttpStatusCode.OK);
        var other = TestDist.Wheel("demo-pkg", "1.0", salt: "two");

        var answer = await RefusedAsync(index, UploadRequest.For(index.Upload, other), HttpStatusCode.BadRequest);

        answer.Reason.Should().Be($"File already exists ('demo_pkg-1.0-py3-none-any.whl', with blake2_256 hash '{other.Blake2b256}'). " +
            "See https://pypi.org/help/#file-name-reuse for more information.");
    }

    [Fact]
    public async Task Missing_credentials_are_403()
    {
        await using var index = await TestIndex.StartAsync();

        var answer = await RefusedAsync(index, UploadRequest.For(index.Upload, TestDist.Wheel("demo-pkg", "1.0"), password: null), HttpStatusCode.Forbidden);

        answer.Reason.Should().Be("Invalid or non-existent authentication information. See https://pypi.org/help/#invalid-auth for more information.");
    }

    [Fact]
    public async Task A_wrong_token_is_403_and_nothing_is_stored()
    {
        await using var index = await TestIndex.StartAsync();

        var answer = await RefusedAsync(index, UploadRequest.For(index.Upload, TestDist.Wheel("demo-pkg", "1.0"), password: "pypi-wrong"), HttpStatusCode.Forbidden);

        answer.Reason.Should().StartWith("Invalid or non-existent authentication information.");
        Directory.Exists(Path.Combine(index.Directory, "files", "demo-pkg")).Should().BeFalse();
        var recorded = index.Server.Uploads.Single();
        (recorded.StatusCode, recorded.Credential, recorded.Stored, recorded.FileName, recorded["name"]).Should().Be((403, (string?)null, false, "demo_pkg-1.0-py3-none-any.whl", "demo-pkg"));
        Directory.GetFiles(Path.Combine(index.Directory, "incoming")).Should().BeEmpty();
    }

    [Fact]
    public async Task A_user_name_other_than_token_is_403_as_PyPI_retired_passwords()
    {
        await using var index = await TestIndex.StartAsync();

        var answer = await RefusedAsync(index, UploadRequest.For(index.Upload, TestDist.Wheel("demo-pkg", "1.0"), user: "alice"), HttpStatusCode.Forbidden);

        answer.Reason.Should().StartWith("Username/Password authentication is no longer supported. Migrate to API Tokens or Trusted Publishers instead.");
    }

    [Fact]
    public async Task A_second_sdist_for_the_same_release_is_400_also_when_the_version_is_spelled_differently()
    {
        await using var index = await TestIndex.StartAsync();
        (await SendAsync(index, UploadRequest.For(index.Upload, TestDist.Sdist("demo-pkg", "1.0")))).Status.Should().Be(HttpStatusCode.OK);

        var answer = await RefusedAsync(index, UploadRequest.For(index.Upload, TestDist.Sdist("demo-pkg", "1.0.0")), HttpStatusCode.BadRequest);

        answer.Reason.Should().Be("Only one sdist may be uploaded per release.");
    }

    [Fact]
    public async Task A_local_version_is_400()
    {
        await using var index = await TestIndex.StartAsync();

        var answer = await RefusedAsync(index, UploadRequest.For(index.Upload, TestDist.Wheel("demo-pkg", "1.0+ubuntu.1")), HttpStatusCode.BadRequest);

        answer.Reason.Should().Be("The use of local versions in '1.0+ubuntu.1' is not allowed. See https://packaging.python.org/specifications/core-metadata for more information.");
    }

    [Theory]
    [InlineData("sha256_digest")]
    [InlineData("blake2_256_digest")]
    [InlineData("md5_digest")]
    public async Task A_digest_that_does_not_match_the_file_is_400_naming_it(string field)
    {
        await using var index = await TestIndex.StartAsync();
        var other = TestDist.Wheel("demo-pkg", "1.0", salt: "other");
        var value = field switch { "sha256_digest" => other.Sha256, "blake2_256_digest" => other.Blake2b256, _ => other.Md5 };

        var answer = await RefusedAsync(index, UploadRequest.For(index.Upload, TestDist.Wheel("demo-pkg", "1.0"), f => f.Set(field, value)), HttpStatusCode.BadRequest);

        answer.Reason.Should().Be($"The digest supplied does not match a digest calculated from the uploaded file ({field}).");
        Directory.Exists(Path.Combine(index.Directory, "files", "demo-pkg")).Should().BeFalse();
    }

    [Fact]
    public async Task An_upload_without_any_digest_is_400()
    {
        await using var index = await TestIndex.StartAsync();

        var answer = await RefusedAsync(index, UploadRequest.For(index.Upload, TestDist.Wheel("demo-pkg", "1.0"), f =>
        {
            f.Set("md5_digest", null);
            f.Set("sha256_digest", null);
            f.Set("blake2_256_digest", null);
        }), HttpStatusCode.BadRequest);

        answer.Reason.Should().Be("Error: Include at least one message digest.");
    }

    [Fact]
    public async Task A_malformed_digest_is_400_naming_the_field()
    {
        await using var index = await TestIndex.StartAsync();

        var answer = await RefusedAsync(index, UploadRequest.For(index.Upload, TestDist.Wheel("demo-pkg", "1.0"), f => f.Set("sha256_digest", "abc")), HttpStatusCode.BadRequest);

        answer.Reason.Should().Be("Invalid value for sha256_digest. Error: Use a valid, hex-encoded, SHA256 message digest.");
    }

    [Fact]
    public async Task A_wheel_whose_name_is_not_normalised_is_400()
    {
        await using var index = await TestIndex.StartAsync();

        // The .dist-info folder follows the file name (warehouse looks for WHEEL there first), so the name check is reached.
        var wheel = TestDist.Wheel("Demo-Pkg", "1.0") with { Name = "demo-pkg" };
        var answer = await RefusedAsync(index, UploadRequest.For(index.Upload, wheel), HttpStatusCode.BadRequest);

        answer.Reason.Should().Be("Filename 'Demo_Pkg-1.0-py3-none-any.whl' should contain the normalized project name 'demo_pkg', not 'Demo_Pkg'.");
    }

    [Fact]
    public async Task A_wheel_for_another_project_is_400()
    {
        await using var index = await TestIndex.StartAsync();

        var wheel = TestDist.Wheel("other-pkg", "1.0") with { Name = "demo-pkg" };
        var answer = await RefusedAsync(index, UploadRequest.For(index.Upload, wheel), HttpStatusCode.BadRequest);

        answer.Reason.Should().Be("Start filename for 'demo-pkg' with 'demo_pkg'.");
    }

    [Fact]
    public async Task A_wheel_whose_file_name_has_another_version_is_400()
    {
        await using var index = await TestIndex.StartAsync();

        var wheel = TestDist.Wheel("demo-pkg", "1.1") with { Version = "1.0" };
        var answer = await RefusedAsync(index, UploadRequest.For(index.Upload, wheel), HttpStatusCode.BadRequest);

        answer.Reason.Should().Be("Version in filename should be '1.0' not '1.1'.");
    }

    [Fact]
    public async Task An_sdist_not_named_as_PEP_625_says_is_400()
    {
        await using var index = await TestIndex.StartAsync();

        var answer = await RefusedAsync(index, UploadRequest.For(index.Upload, TestDist.Sdist("demo-pkg", "1.0", fileName: "demo-pkg-1.0.tar.gz")), HttpStatusCode.BadRequest);

        answer.Reason.Should().Be("Filename 'demo-pkg-1.0.tar.gz' is invalid, should be 'demo_pkg-1.0.tar.gz'.");
    }

    [Fact]
    public async Task A_file_type_that_does_not_fit_the_extension_is_400()
    {
        await using var index = await TestIndex.StartAsync();

        var answer = await RefusedAsync(index, UploadRequest.For(index.Upload, TestDist.Wheel("demo-pkg", "1.0"), f =>
        {
            f.Set("filetype", "sdist");
            f.Set("pyversion", "source");
        }), HttpStatusCode.BadRequest);

        answer.Reason.Should().Be("Invalid file extension: Extension .whl is invalid for filetype sdist. See https://www.python.org/dev/peps/pep-0527 for more information.");
    }

    [Fact]
    public async Task A_file_that_is_not_a_wheel_is_400()
    {
        await using var index = await TestIndex.StartAsync();
        var broken = TestDist.Wheel("demo-pkg", "1.0") with { Bytes = "not a zip"u8.ToArray() };

        var answer = await RefusedAsync(index, UploadRequest.For(index.Upload, broken), HttpStatusCode.BadRequest);

        answer.Reason.Should().Be("Invalid distribution file. File is not a zipfile");
    }

    [Fact]
    public async Task A_wheel_without_WHEEL_where_its_file_name_says_is_400()
    {
        await using var index = await TestIndex.StartAsync();

        var answer = await RefusedAsync(index, UploadRequest.For(index.Upload, TestDist.Wheel("demo-pkg", "1.0", fileName: "other_pkg-1.0-py3-none-any.whl")), HttpStatusCode.BadRequest);

        answer.Reason.Should().Be("Invalid distribution file. WHEEL not found at other_pkg-1.0.dist-info/WHEEL");
    }

    [Fact]
    public async Task An_unknown_metadata_version_is_400()
    {
        await using var index = await TestIndex.StartAsync();

        var answer = await RefusedAsync(index, UploadRequest.For(index.Upload, TestDist.Wheel("demo-pkg", "1.0"), f => f.Set("metadata_version", "3.0")), HttpStatusCode.BadRequest);

        answer.Reason.Should().Be("'3.0' is not a valid metadata version. See https://packaging.python.org/specifications/core-metadata for more information.");
    }

    [Fact]
    public async Task License_together_with_License_Expression_is_400()
    {
        await using var index = await TestIndex.StartAsync();

        var answer = await RefusedAsync(index, UploadRequest.For(index.Upload, TestDist.Wheel("demo-pkg", "1.0"), f =>
        {
            f.Set("metadata_version", "2.4");
            f.Set("license", "MIT");
            f.Set("license_expression", "MIT");
        }), HttpStatusCode.BadRequest);

        answer.Reason.Should().StartWith("License is deprecated when License-Expression is present. Only License-Expression should be present.");
    }

    [Fact]
    public async Task An_invalid_project_name_is_400()
    {
        await using var index = await TestIndex.StartAsync();

        var answer = await RefusedAsync(index, UploadRequest.For(index.Upload, TestDist.Wheel("demo-pkg", "1.0"), f => f.Set("name", "-bad-")), HttpStatusCode.BadRequest);

        answer.Reason.Should().Be("'-bad-' is an invalid value for Name. Error: Start and end with a letter or numeral containing only ASCII numeric and '.', '_' and '-'. " +
            "See https://packaging.python.org/specifications/core-metadata for more information.");
    }

    [Fact]
    public async Task A_missing_version_is_400()
    {
        await using var index = await TestIndex.StartAsync();

        var answer = await RefusedAsync(index, UploadRequest.For(index.Upload, TestDist.Wheel("demo-pkg", "1.0"), f => f.Set("version", null)), HttpStatusCode.BadRequest);

        answer.Reason.Should().Contain("'version' is a required field");
    }

    [Fact]
    public async Task Another_protocol_version_is_400()
    {
        await using var index = await TestIndex.StartAsync();

        var answer = await RefusedAsync(index, UploadRequest.For(index.Upload, TestDist.Wheel("demo-pkg", "1.0"), f => f.Set("protocol_version", "2")), HttpStatusCode.BadRequest);

        answer.Reason.Should().Be("Unknown protocol version.");
    }

    [Fact]
    public async Task A_file_over_the_size_limit_is_400_File_too_large()
    {
        await using var index = await TestIndex.StartAsync(o => o with { MaxFileSize = 1024 * 1024 });
        var big = TestDist.Wheel("demo-pkg", "1.0") with { Bytes = new byte[1024 * 1024 + 1] };

        var answer = await RefusedAsync(index, UploadRequest.For(index.Upload, big), HttpStatusCode.BadRequest);

        answer.Reason.Should().StartWith("File too large. Limit for project 'demo-pkg' is 1 MB.");
        Directory.GetFiles(Path.Combine(index.Directory, "incoming")).Should().BeEmpty();
    }

    [Fact]
    public async Task An_upload_without_the_file_is_400()
    {
        await using var index = await TestIndex.StartAsync();
        var content = new MultipartFormDataContent
        {
            { new StringContent("file_upload"), ":action" },
            { new StringContent("1"), "protocol_version" },
            { new StringContent("2.1"), "metadata_version" },
            { new StringContent("demo-pkg"), "name" },
            { new StringContent("1.0"), "version" },
            { new StringContent("bdist_wheel"), "filetype" },
            { new StringContent("py3"), "pyversion" },
            { new StringContent(new string('a', 64)), "sha256_digest" },
        };
        var request = new HttpRequestMessage(HttpMethod.Post, index.Upload) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", UploadRequest.Basic("__token__", TestIndex.Token));

        var answer = await RefusedAsync(index, request, HttpStatusCode.BadRequest);

        answer.Reason.Should().Be("Upload payload does not have a file.");
    }

    [Fact]
    public async Task Legacy_without_the_trailing_slash_is_a_308_to_legacy_slash()
    {
        await using var index = await TestIndex.StartAsync();

        using var client = index.Client();
        using var response = await client.PostAsync("legacy", new StringContent(""));

        ((int)response.StatusCode).Should().Be(308);
        response.Headers.Location!.ToString().Should().Be("/legacy/");
        response.ReasonPhrase.Should().Be("An upload was attempted to /legacy but the expected upload URL is /legacy/ (with a trailing slash)");
    }

    [Fact]
    public async Task The_recorded_upload_has_the_form_fields_without_the_file()
    {
        await using var index = await TestIndex.StartAsync();
        var wheel = TestDist.Wheel("demo-pkg", "1.0");

        await SendAsync(index, UploadRequest.For(index.Upload, wheel, f => f.Add(new("classifiers", "Framework :: Pytest"))));
        await SendAsync(index, UploadRequest.For(index.Upload, wheel, f => f.Add(new("classifiers", "Typing :: Typed"))));

        var recorded = index.Server.Uploads[0];
        recorded.FileName.Should().Be(wheel.FileName);
        recorded["sha256_digest"].Should().Be(wheel.Sha256);
        recorded.Sha256.Should().Be(wheel.Sha256);
        recorded.Size.Should().Be(wheel.Bytes.Length);
        recorded.Fields.Should().NotContainKey("content");
        recorded.Fields["classifiers"].Should().Equal("Framework :: Pytest");
        recorded.StatusCode.Should().Be(200);
        recorded.Message.Should().Be("OK");
    }

    [Fact]
    public async Task Concurrent_uploads_of_one_release_are_all_kept()
    {
        await using var index = await TestIndex.StartAsync();
        var wheels = Enumerable.Range(0, 8).Select(i => TestDist.Wheel("demo-pkg", "1.0", fileName: $"demo_pkg-1.0-{i}-py3-none-any.whl", salt: i.ToString())).ToList();

        var answers = await Task.WhenAll(wheels.Select(w => SendAsync(index, UploadRequest.For(index.Upload, w))));

        answers.Should().OnlyContain(a => a.Status == HttpStatusCode.OK);
        JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(index.Directory, "projects", "demo-pkg.json"))).RootElement
            .GetProperty("files").GetArrayLength().Should().Be(8);
    }
}
