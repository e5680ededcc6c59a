using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Wheelhouse.Engine;
using Wheelhouse.PyPI.Upload;

namespace Wheelhouse.PyPI.Tests.Upload;

/// <summary>The uploader against a recording index: order, the check before uploading, refusals, redirects, secrets.</summary>
public sealed class UploaderTests : IAsyncLifetime
{
    private const string Password = "pypi-Secret-Token-4711";
    private static readonly UploadCredentials Credentials = UploadCredentials.ForToken(Password);

    private readonly UploadTemp temp = new();
    private readonly LogCapture log = new();
    private RecordingIndex index = null!;

    public async Task InitializeAsync() => index = await RecordingIndex.StartAsync();

    public async Task DisposeAsync()
    {
        await index.DisposeAsync();
        log.Dispose();
        temp.Dispose();
    }

    /// <summary>An sdist and two wheels of demo-pkg 1.0.0, given in an order that is not the upload order.</summary>
    private IReadOnlyList<string> Release(string folder = "dist")
    {
        var dist = temp.Combine(folder);
        var metadata = Distributions.Metadata();
        return
        [
            Distributions.Wheel(dist, metadata, tags: "py3-none-any"),
            Distributions.Sdist(dist, metadata),
            Distributions.Wheel(dist, metadata, tags: "py2.py3-none-any"),
        ];
    }

    private static Task Answer(HttpContext context, int status, string reason, string body = "")
    {
        context.Response.StatusCode = status;
        context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = reason;
        return body.Length > 0 ? context.Response.WriteAsync(body) : Task.CompletedTask;
    }

    private void AssertNoSecretAnywhere(params string?[] texts)
    {
        foreach (var text in texts.Append(log.Text))
            (text ?? "").Should().NotContain(Password).And.NotContain(Credentials.BasicParameter);
    }

    [Fact]
    public async Task Uploads_the_wheels_by_name_first_then_the_sdist_with_basic_auth()
    {
        var files = Release();
        var (options, console) = TestOptions.Create(log: log);

        var report = await new Uploader().UploadAsync(index.Index, Credentials, files, options, CancellationToken.None);

        index.Uploads.Select(u => u.FileName).Should().Equal("demo_pkg-1.0.0-py2.py3-none-any.whl", "demo_pkg-1.0.0-py3-none-any.whl", "demo_pkg-1.0.0.tar.gz");
        index.Uploads.Should().OnlyContain(u => u.Authorization == "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("__token__:" + Password)));
        index.Uploads.Should().OnlyContain(u => u.FileContentType == "application/octet-stream");
        index.Uploads[2].Values("filetype").Should().Equal("sdist");
        index.Uploads[2].Values("pyversion").Should().Equal("source");
        index.Uploads[0].Values("pyversion").Should().Equal("py2.py3");
        report.Files.Select(f => (f.FileName, f.Outcome, f.Attempts)).Should().Equal(
            ("demo_pkg-1.0.0-py2.py3-none-any.whl", UploadOutcome.Uploaded, 1),
            ("demo_pkg-1.0.0-py3-none-any.whl", UploadOutcome.Uploaded, 1),
            ("demo_pkg-1.0.0.tar.gz", UploadOutcome.Uploaded, 1));
        report.Files.Should().OnlyContain(f => f.Sha256 == index.Files[f.FileName]);
        report.Files.Should().OnlyContain(f => f.Size == new FileInfo(files.Single(p => p.EndsWith(f.FileName))).Length);
        index.SimpleRequests.Should().ContainSingle("the index is asked once before uploading, and not again when all went well");
        index.SimpleRequests[0].Authorization.Should().BeNull("reading a public index needs no credentials");
        console.ToString().Should().Contain("demo_pkg-1.0.0.tar.gz").And.Contain("uploaded").And.Contain(report.Files[0].Sha256[..12]).And.NotContain("Half release");
        log.Text.Should().Contain("3 uploaded, 0 already present, 0 failed");
        AssertNoSecretAnywhere(console.ToString());
    }

    [Fact]
    public async Task Identical_files_already_on_the_index_are_skipped_and_reported()
    {
        var files = Release();
        var sdist = files.Single(f => f.EndsWith(".tar.gz"));
        index.Seed("demo-pkg", Path.GetFileName(sdist), (await FileDigests.ComputeAsync(sdist)).Sha256);
        var (options, console) = TestOptions.Create(log: log);

        var report = await new Uploader().UploadAsync(index.Index, Credentials, files, options, CancellationToken.None);

        index.Uploads.Select(u => u.FileName).Should().Equal("demo_pkg-1.0.0-py2.py3-none-any.whl", "demo_pkg-1.0.0-py3-none-any.whl");
        report.Files[2].Should().Match<FileUploadResult>(f => f.FileName == "demo_pkg-1.0.0.tar.gz" && f.Outcome == UploadOutcome.AlreadyPresent && f.Attempts == 0);
        console.ToString().Should().Contain("already present");
        log.Text.Should().Contain("Skipping demo_pkg-1.0.0.tar.gz");
    }

    [Fact]
    public async Task A_rerun_of_a_complete_release_uploads_nothing()
    {
        var files = Release();
        var (options, _) = TestOptions.Create(log: log);
        await new Uploader().UploadAsync(index.Index, Credentials, files, options, CancellationToken.None);

        var again = await new Uploader().UploadAsync(index.Index, Credentials, files, options, CancellationToken.None);

        again.Files.Should().OnlyContain(f => f.Outcome == UploadOutcome.AlreadyPresent);
        index.Uploads.Should().HaveCount(3);
    }

    [Fact]
    public async Task A_file_name_the_index_holds_with_other_content_stops_everything_before_any_upload()
    {
        var files = Release();
        index.Seed("demo-pkg", "demo_pkg-1.0.0-py3-none-any.whl", new string('e', 64));
        var (options, console) = TestOptions.Create(log: log);

        var act = () => new Uploader().UploadAsync(index.Index, Credentials, files, options, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<UploadException>()).Which;
        index.Uploads.Should().BeEmpty("nothing may be uploaded when the release cannot be completed");
        error.Message.Should().Contain("demo_pkg-1.0.0-py3-none-any.whl").And.Contain("eeeeeeeeeeee")
            .And.Contain("never accepts a file name a second time").And.Contain("Nothing was uploaded")
            .And.Contain("./build.sh BumpVersion --bump post").And.Contain("--bump dev");
        error.Report.Files.Should().OnlyContain(f => f.Outcome == UploadOutcome.Failed && f.Attempts == 0);
        console.ToString().Should().Contain("failed");
    }

    [Fact]
    public async Task A_400_is_not_retried_and_its_message_comes_from_the_reason_phrase_and_the_body()
    {
        var files = Release();
        index.NextUpload(c => Answer(c, 400, "Invalid value for classifiers", "<html><body><h1>400 Invalid value for classifiers</h1><p>Error: 'Frobnicate :: 1' is not a valid classifier.</p></body></html>"));
        var (options, _) = TestOptions.Create(log: log);

        var act = () => new Uploader().UploadAsync(index.Index, Credentials, files, options, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<UploadException>()).Which;
        index.Uploads.Should().ContainSingle("a 4xx is never retried, and nothing after the failed wheel is sent");
        error.Message.Should().Contain("Invalid value for classifiers").And.Contain("'Frobnicate :: 1' is not a valid classifier")
            .And.Contain("InspectWheel").And.NotContain("<h1>");
        error.Report.Files.Select(f => (f.Outcome, f.Attempts)).Should().Equal((UploadOutcome.Failed, 1), (UploadOutcome.Failed, 0), (UploadOutcome.Failed, 0));
        error.Message.Should().Contain("Not attempted: demo_pkg-1.0.0-py3-none-any.whl, demo_pkg-1.0.0.tar.gz")
            .And.Contain("Nothing of this release is on recording index yet").And.NotContain("Half release");
    }

    [Fact]
    public async Task A_400_file_exists_for_our_very_file_counts_as_already_present()
    {
        var files = Release();
        var first = files.Order(StringComparer.Ordinal).First(f => f.EndsWith(".whl"));
        var sha256 = (await FileDigests.ComputeAsync(first)).Sha256;
        index.NextUpload(c =>
        {
            index.Seed("demo-pkg", Path.GetFileName(first), sha256); // another run got there first
            return Answer(c, 400, $"File already exists ('{Path.GetFileName(first)}', with blake2_256 hash 'x').");
        });
        var (options, _) = TestOptions.Create(log: log);

        var report = await new Uploader().UploadAsync(index.Index, Credentials, files, options, CancellationToken.None);

        report.Files[0].Should().Match<FileUploadResult>(f => f.FileName == Path.GetFileName(first) && f.Outcome == UploadOutcome.AlreadyPresent && f.Attempts == 1);
        report.Files.Skip(1).Should().OnlyContain(f => f.Outcome == UploadOutcome.Uploaded);
    }

    [Fact]
    public async Task A_400_file_exists_with_other_content_explains_file_name_reuse()
    {
        var files = Release();
        index.NextUpload(c => Answer(c, 400, "File already exists ('demo_pkg-1.0.0-py2.py3-none-any.whl', with blake2_256 hash 'x'). See https://pypi.org/help/#file-name-reuse for more information."));
        var (options, _) = TestOptions.Create(log: log);

        var act = () => new Uploader().UploadAsync(index.Index, Credentials, files, options, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<UploadException>()).Which;
        error.Message.Should().Contain("File already exists").And.Contain("never frees a file name").And.Contain("--bump post");
        index.Uploads.Should().ContainSingle();
    }

    [Fact]
    public async Task A_403_says_what_is_wrong_with_the_token_and_is_not_retried()
    {
        var files = Release();
        index.NextUpload(c => Answer(c, 403, "Invalid or non-existent authentication information. See https://pypi.org/help/#invalid-auth for more information."));
        var (options, console) = TestOptions.Create(log: log);

        var act = () => new Uploader().UploadAsync(index.Index, Credentials, files, options, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<UploadException>()).Which;
        index.Uploads.Should().ContainSingle();
        error.Message.Should().Contain("refused the credentials").And.Contain("Invalid or non-existent authentication information")
            .And.Contain("scoped to another project").And.Contain("trusted publishing").And.Contain("15 minutes");
        AssertNoSecretAnywhere(error.Message, error.ToString(), console.ToString());
    }

    [Fact]
    public async Task A_server_that_echoes_the_credentials_back_does_not_get_them_into_a_message()
    {
        var files = Release();
        index.NextUpload(c => Answer(c, 403, "Forbidden", $"<p>Bad credentials: {Password} ({c.Request.Headers.Authorization})</p>"));
        var (options, console) = TestOptions.Create(log: log);

        var act = () => new Uploader().UploadAsync(index.Index, Credentials, files, options, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<UploadException>()).Which;
        error.Message.Should().Contain("Bad credentials: ***");
        AssertNoSecretAnywhere(error.Message, error.ToString(), console.ToString());
    }

    [Fact]
    public async Task A_redirect_on_the_same_host_is_followed_with_the_credentials()
    {
        var files = Release();
        index.NextUpload(c =>
        {
            c.Response.StatusCode = 308;
            c.Response.Headers.Location = "/legacy/moved/";
            return Task.CompletedTask;
        });
        var (options, _) = TestOptions.Create(log: log);

        var report = await new Uploader().UploadAsync(index.Index, Credentials, files, options, CancellationToken.None);

        report.Succeeded.Should().BeTrue();
        var uploads = index.Uploads;
        uploads.Select(u => u.Path).Should().Equal("/legacy/", "/legacy/moved/", "/legacy/moved/", "/legacy/moved/");
        uploads.Should().OnlyContain(u => u.Authorization != null);
        report.Files.Should().OnlyContain(f => f.Attempts == 1, "a redirect is part of an attempt");
    }

    [Fact]
    public async Task A_redirect_to_another_host_is_not_followed_and_the_credentials_stay_home()
    {
        await using var elsewhere = await RecordingIndex.StartAsync();
        var files = Release();
        index.NextUpload(c =>
        {
            c.Response.StatusCode = 307;
            c.Response.Headers.Location = new Uri(elsewhere.BaseAddress, "legacy/").AbsoluteUri;
            return Task.CompletedTask;
        });
        var (options, _) = TestOptions.Create(log: log);

        var act = () => new Uploader().UploadAsync(index.Index, Credentials, files, options, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<UploadException>()).Which;
        elsewhere.Requests.Should().BeEmpty("credentials are never sent to another host");
        error.Message.Should().Contain(index.BaseAddress.Authority).And.Contain(elsewhere.BaseAddress.Authority).And.Contain("never sent to another host");
        index.Uploads.Should().ContainSingle("a redirect to another host is a refusal, not retried");
        AssertNoSecretAnywhere(error.Message);
    }

    [Fact]
    public async Task A_callers_client_that_follows_redirects_by_itself_does_not_count_as_an_upload_to_our_index()
    {
        await using var elsewhere = await RecordingIndex.StartAsync();
        var files = Release();
        index.NextUpload(c =>
        {
            c.Response.StatusCode = 307;
            c.Response.Headers.Location = new Uri(elsewhere.BaseAddress, "legacy/").AbsoluteUri;
            return Task.CompletedTask;
        });
        var (options, _) = TestOptions.Create(log: log);
        using var following = new HttpClient(new HttpClientHandler { AllowAutoRedirect = true });

        var act = () => new Uploader(following).UploadAsync(index.Index, Credentials, files, options, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<UploadException>()).Which;
        error.Message.Should().Contain(elsewhere.BaseAddress.Authority).And.Contain("never sent to another host");
        elsewhere.Uploads.Should().OnlyContain(u => u.Authorization == null, ".NET drops the Authorization header when it follows a redirect");
    }

    [Fact]
    public async Task A_server_error_is_retried_after_checking_the_index_again()
    {
        var files = Release();
        index.NextUpload(c => Answer(c, 500, "Internal Server Error"));
        var (options, _) = TestOptions.Create(log: log);

        var report = await new Uploader().UploadAsync(index.Index, Credentials, files, options, CancellationToken.None);

        report.Files[0].Should().Match<FileUploadResult>(f => f.Outcome == UploadOutcome.Uploaded && f.Attempts == 2);
        index.Uploads.Select(u => u.Status).Should().Equal(500, 200, 200, 200);
        index.SimpleRequests.Should().HaveCount(2, "once before uploading, once after the failure");
        log.Text.Should().Contain("Upload of demo_pkg-1.0.0-py2.py3-none-any.whl failed: 500 Internal Server Error");
    }

    [Fact]
    public async Task An_upload_whose_answer_was_lost_but_that_landed_is_not_sent_again()
    {
        var files = Release();
        index.NextUploadStoredThen(502);
        var (options, _) = TestOptions.Create(log: log);

        var report = await new Uploader().UploadAsync(index.Index, Credentials, files, options, CancellationToken.None);

        report.Files[0].Should().Match<FileUploadResult>(f => f.Outcome == UploadOutcome.Uploaded && f.Attempts == 1 && f.Message!.Contains("not sent again"));
        index.Uploads.Count(u => u.FileName == "demo_pkg-1.0.0-py2.py3-none-any.whl").Should().Be(1);
    }

    [Fact]
    public async Task Gives_up_after_the_attempts_and_says_to_publish_again_later()
    {
        var files = Release();
        index.NextUploads(3, c => Answer(c, 503, "Service Unavailable"));
        var (options, _) = TestOptions.Create(maxAttempts: 3, log: log);

        var act = () => new Uploader().UploadAsync(index.Index, Credentials, files, options, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<UploadException>()).Which;
        index.Uploads.Should().HaveCount(3);
        error.Message.Should().Contain("3 attempts failed").And.Contain("503 Service Unavailable").And.Contain("does not list the file").And.Contain("publish again later");
        error.Report.Files[0].Attempts.Should().Be(3);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_uploader_waits_ends_with_when_to_try_again()
    {
        var files = Release();
        index.NextUpload(c =>
        {
            c.Response.Headers.RetryAfter = "7200";
            return Answer(c, 429, "Too many new projects created");
        });
        var (options, _) = TestOptions.Create(log: log);

        var act = () => new Uploader().UploadAsync(index.Index, Credentials, files, options, CancellationToken.None);

        var error = (await act.Should().ThrowAsync<UploadException>()).Which;
        error.Message.Should().Contain("asks to wait 2 h").And.Contain("Publish again after").And.Contain("Too many new projects");
        index.Uploads.Should().ContainSingle();
    }

    [Fact]
    public async Task An_index_whose_simple_API_is_down_gets_nothing_uploaded()
    {
        var files = Release();
        index.NextSimple(2, c => Answer(c, 503, "Service Unavailable"));
        var (options, _) = TestOptions.Create(maxAttempts: 2, log: log);

        var act = () => new Uploader().UploadAsync(index.Index, Credentials, files, options, CancellationToken.None);

        (await act.Should().ThrowAsync<BuildException>()).Which.Message.Should().Contain("Nothing was uploaded").And.Contain("503");
        index.Uploads.Should().BeEmpty();
    }

    [Fact]
    public async Task A_missing_file_is_an_error_before_any_request()
    {
        var (options, _) = TestOptions.Create(log: log);

        var act = () => new Uploader().UploadAsync(index.Index, Credentials, [temp.Combine("dist", "nothing-1.0.tar.gz")], options, CancellationToken.None);

        (await act.Should().ThrowAsync<BuildException>()).Which.Message.Should().Contain("does not exist").And.Contain("./build.sh Build");
        index.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_wheel_whose_metadata_names_another_project_is_refused_before_any_request()
    {
        var wheel = Distributions.Wheel(temp.Combine("dist"), Distributions.Metadata(name: "other-pkg"));
        var (options, _) = TestOptions.Create(log: log);

        var act = () => new Uploader().UploadAsync(index.Index, Credentials, [wheel], options, CancellationToken.None);

        (await act.Should().ThrowAsync<BuildException>()).Which.Message.Should().Contain("Name: other-pkg");
        index.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task The_missing_trailing_slash_of_legacy_is_added()
    {
        var files = Release();
        var (options, _) = TestOptions.Create(log: log);
        var noSlash = index.Index with { UploadUrl = new Uri(index.BaseAddress, "legacy") };

        await new Uploader().UploadAsync(noSlash, Credentials, files, options, CancellationToken.None);

        index.Uploads.Should().OnlyContain(u => u.Path == "/legacy/");
    }
}
