using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Wheelhouse.PyPI.LocalIndex;
using Wheelhouse.PyPI.Upload;

namespace Wheelhouse.PyPI.Tests.Upload;

/// <summary>
/// The built plugin uploaded to the real local index while its fault plan breaks things. Each test ends as a user
/// needs it to: the outcome says what happened, and a rerun without faults completes the release with every file
/// on the index exactly once.
/// </summary>
[Collection(BuiltEvalcheckCollection.Name)]
public sealed class LocalIndexFaultTests(BuiltEvalcheck built) : IAsyncLifetime
{
    private const string Token = "pypi-test-token";
    private static readonly UploadCredentials Credentials = UploadCredentials.ForToken(Token);

    private readonly UploadTemp temp = new();
    private readonly LogCapture log = new();
    private LocalIndexServer server = null!;
    private IReadOnlyList<string> files = null!;

    public async Task InitializeAsync()
    {
        server = await LocalIndexServer.StartAsync(new LocalIndexOptions { StorageDirectory = temp.Combine("index"), ApiTokens = [Token] });
        files = await built.CopyAsync(temp.Combine("dist"));
    }

    public async Task DisposeAsync()
    {
        await server.StopAsync();
        log.Dispose();
        temp.Dispose();
    }

    private string Sdist => Path.GetFileName(files.Single(f => f.EndsWith(".tar.gz", StringComparison.Ordinal)));

    private string Wheel => Path.GetFileName(files.Single(f => f.EndsWith(".whl", StringComparison.Ordinal)));

    private Task<UploadReport> UploadAsync(UploadCredentials? credentials = null, TimeSpan? requestTimeout = null, IReadOnlyList<string>? these = null) =>
        new Uploader().UploadAsync(server.Index, credentials ?? Credentials, these ?? files, TestOptions.Create(requestTimeout, log: log).Options, CancellationToken.None);

    /// <summary>The rerun every fault test ends with: no faults, and afterwards each file is listed once, stored once, with our sha256.</summary>
    private async Task RerunCompletesTheReleaseAsync()
    {
        server.Faults.Pending.Should().Be(0, "every planned fault was used");
        var report = await UploadAsync();

        report.Succeeded.Should().BeTrue();
        report.Files.Select(f => f.FileName).Should().Equal(Wheel, Sdist);
        var listed = await ListAsync();
        listed.Keys.Should().BeEquivalentTo([Sdist, Wheel], "the index lists each file exactly once");
        foreach (var file in report.Files)
        {
            listed[file.FileName].Should().Be(file.Sha256);
            server.Uploads.Count(u => u.FileName == file.FileName && u.Stored).Should().Be(1, $"{file.FileName} was stored exactly once");
        }
    }

    /// <summary>The project's files as the simple API (PEP 691) lists them: name → sha256; repeated names would fail.</summary>
    private async Task<Dictionary<string, string>> ListAsync()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, server.Index.ProjectSimpleUrl("evalcheck"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.pypi.simple.v1+json"));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("files").EnumerateArray()
            .ToDictionary(f => f.GetProperty("filename").GetString()!, f => f.GetProperty("hashes").GetProperty("sha256").GetString()!);
    }

    [Fact]
    public async Task A_500_then_success()
    {
        server.Faults.FailNext(1, 500);

        var report = await UploadAsync();

        report.Files.Select(f => (f.FileName, f.Outcome, f.Attempts)).Should().Equal((Wheel, UploadOutcome.Uploaded, 2), (Sdist, UploadOutcome.Uploaded, 1));
        server.Uploads.Select(u => u.StatusCode).Should().Equal(500, 200, 200);
        await RerunCompletesTheReleaseAsync();
    }

    [Fact]
    public async Task Three_503s_then_success()
    {
        server.Faults.FailNext(3, 503);

        var report = await UploadAsync();

        report.Files[0].Should().Match<FileUploadResult>(f => f.Outcome == UploadOutcome.Uploaded && f.Attempts == 4);
        log.Text.Should().Contain("503").And.Contain("attempt 4 of 5");
        await RerunCompletesTheReleaseAsync();
    }

    [Fact]
    public async Task A_429_is_retried_after_its_Retry_After()
    {
        server.Faults.FailNext(1, 429, TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        var report = await UploadAsync();

        clock.Elapsed.Should().BeGreaterThan(TimeSpan.FromMilliseconds(950), "the index asked for one second, the backoff alone is milliseconds here");
        report.Files[0].Attempts.Should().Be(2);
        log.Text.Should().Contain("as its Retry-After asks");
        await RerunCompletesTheReleaseAsync();
    }

    [Fact]
    public async Task A_connection_reset_mid_body_then_success()
    {
        server.Faults.ResetConnectionMidBody();

        var report = await UploadAsync();

        report.Files[0].Should().Match<FileUploadResult>(f => f.Outcome == UploadOutcome.Uploaded && f.Attempts == 2);
        server.Uploads[0].StatusCode.Should().Be(0, "the first request was cut off");
        await RerunCompletesTheReleaseAsync();
    }

    [Fact]
    public async Task A_timeout_where_the_upload_landed_is_found_and_not_sent_again()
    {
        // The wheel (some 20 kB) lands in milliseconds, in well under a second on a loaded machine; 5 s leaves it ample
        // time before the uploader gives up, and the answer is held back far longer than that.
        server.Faults.DelayNext(TimeSpan.FromMinutes(2));

        var report = await UploadAsync(requestTimeout: TimeSpan.FromSeconds(5));

        report.Files[0].Should().Match<FileUploadResult>(f => f.Outcome == UploadOutcome.Uploaded && f.Attempts == 1 && f.Message!.Contains("not sent again"));
        server.Uploads.Count(u => u.FileName == Wheel).Should().Be(1, "the wheel was sent once: the check after the timeout found it");
        log.Text.Should().Contain("no answer within 5 s");
        await RerunCompletesTheReleaseAsync();
    }

    [Fact]
    public async Task An_upload_accepted_then_answered_with_500_is_found_and_not_sent_again()
    {
        server.Faults.AcceptThenFail(500);

        var report = await UploadAsync();

        report.Files[0].Should().Match<FileUploadResult>(f => f.Outcome == UploadOutcome.Uploaded && f.Attempts == 1);
        server.Uploads.Count(u => u.FileName == Wheel).Should().Be(1);
        await RerunCompletesTheReleaseAsync();
    }

    [Fact]
    public async Task Files_already_there_are_skipped()
    {
        await UploadAsync(these: [files.Single(f => f.EndsWith(".tar.gz", StringComparison.Ordinal))]);
        var requests = server.Uploads.Count;

        var report = await UploadAsync();

        report.Files.Select(f => (f.FileName, f.Outcome, f.Attempts)).Should().Equal((Wheel, UploadOutcome.Uploaded, 1), (Sdist, UploadOutcome.AlreadyPresent, 0));
        server.Uploads.Count.Should().Be(requests + 1, "only the wheel was sent");
        await RerunCompletesTheReleaseAsync();
    }

    [Fact]
    public async Task A_file_name_taken_by_other_content_stops_the_release_before_any_upload()
    {
        var other = Distributions.Sdist(temp.Combine("other"), Distributions.Metadata(name: "evalcheck", version: built.Version), name: "evalcheck", version: built.Version);
        Path.GetFileName(other).Should().Be(Sdist);
        await UploadAsync(these: [other]);
        var requests = server.Uploads.Count;

        var act = () => UploadAsync();

        var error = (await act.Should().ThrowAsync<UploadException>()).Which;
        server.Uploads.Count.Should().Be(requests, "not even the wheel, whose name is free, was uploaded");
        error.Message.Should().Contain(Sdist).And.Contain("Nothing was uploaded").And.Contain("./build.sh BumpVersion --bump post");
        (await ListAsync()).Keys.Should().Equal(Sdist);
    }

    [Fact]
    public async Task A_403_names_the_token_problem_and_a_rerun_with_the_right_token_completes()
    {
        var act = () => UploadAsync(UploadCredentials.ForToken("pypi-wrong-token"));

        var error = (await act.Should().ThrowAsync<UploadException>()).Which;
        error.Message.Should().Contain("403").And.Contain("refused the credentials").And.Contain("trusted publishing").And.NotContain("pypi-wrong-token");
        log.Text.Should().NotContain("pypi-wrong-token").And.Contain($"Upload of {Wheel} failed: 403");
        server.Uploads.Should().ContainSingle("a 403 is not retried, and nothing after the wheel is tried");
        await RerunCompletesTheReleaseAsync();
    }

    [Fact]
    public async Task A_400_is_not_retried()
    {
        var local = Distributions.Wheel(temp.Combine("local"), Distributions.Metadata(name: "evalcheck", version: "0.2.0+local"), name: "evalcheck", version: "0.2.0+local");

        var act = () => UploadAsync(these: [local]);

        var error = (await act.Should().ThrowAsync<UploadException>()).Which;
        server.Uploads.Should().ContainSingle().Which.StatusCode.Should().Be(400);
        error.Message.Should().Contain("400").And.Contain("local");
        await RerunCompletesTheReleaseAsync();
    }

    [Fact]
    public async Task The_local_index_records_the_same_fields_from_twine_and_from_the_uploader()
    {
        await using var twineIndex = await LocalIndexServer.StartAsync(new LocalIndexOptions { StorageDirectory = temp.Combine("twine-index"), ApiTokens = [Token] });
        var twine = await CliWrap.Buffered.BufferedCommandExtensions.ExecuteBufferedAsync(CliWrap.Cli.Wrap("/usr/bin/python3")
            .WithArguments(["-m", "twine", "upload", "--non-interactive", "--disable-progress-bar", "--repository-url", twineIndex.Index.UploadUrl.AbsoluteUri, .. files])
            .WithEnvironmentVariables(new Dictionary<string, string?> { ["TWINE_USERNAME"] = "__token__", ["TWINE_PASSWORD"] = Token })
            .WithValidation(CliWrap.CommandResultValidation.None));
        twine.ExitCode.Should().Be(0, twine.StandardOutput + twine.StandardError);

        await UploadAsync();

        server.Uploads.Should().HaveCount(2).And.OnlyContain(u => u.Stored && u.Credential == "api-token");
        foreach (var ours in server.Uploads)
        {
            var theirs = twineIndex.Uploads.Single(u => u.FileName == ours.FileName);
            var expected = theirs.Fields.ToDictionary(f => f.Key, f => f.Value.Order(StringComparer.Ordinal).ToList());
            expected.Remove("md5_digest").Should().BeTrue("twine 4.0.2 sends md5_digest; the uploader does not, as twine 6.2 does not");
            if (ours.FileName!.EndsWith(".tar.gz", StringComparison.Ordinal))
            {
                expected["pyversion"].Should().Equal([""], "twine 4.0.2 sends an sdist's pyversion empty");
                expected["pyversion"] = ["source"];
            }

            ours.Fields.Keys.Should().BeEquivalentTo(expected.Keys);
            foreach (var (field, values) in ours.Fields)
                values.Order(StringComparer.Ordinal).Should().Equal(expected[field], $"field {field} of {ours.FileName}");
            ours.Sha256.Should().Be(theirs.Sha256);
        }
    }
}
