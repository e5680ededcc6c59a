using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Wheelhouse.PyPI.LocalIndex;
using Wheelhouse.PyPI.Upload;

namespace Wheelhouse.PyPI.Tests.Upload;

/// <summary>
/// Warehouse's refusals, in its own words (forklift/legacy.py and its blog, 2026), each answered with the advice that
/// fits: classified from the text (warehouse answers most of them 400), then sent by a recording index as warehouse
/// sends them (the message as reason phrase and in the HTML page) and read back from the uploader's error.
/// </summary>
public sealed class UploadRefusalTests : IAsyncLifetime
{
    private const string Password = "pypi-Refusal-Token-0815";
    private static readonly UploadCredentials Credentials = UploadCredentials.ForToken(Password);

    public const string ReleaseClosed = "Uploading new files to releases older than 14 days is not allowed.";
    public const string SecondSdist = "Only one sdist may be uploaded per release.";
    public const string InvalidAttestations = "Invalid attestations supplied during upload: Could not verify the uploaded artifact using the included attestation: " +
                                              "Verification failed: Certificate's Build Config URI does not match expected Trusted Publisher (release.yml @ octo-org/evalcheck)";
    public const string NonUserIdentity = "Non-user identities cannot create new projects. This was probably caused by successfully using a pending publisher but " +
                                          "specifying the project name incorrectly (either in the publisher or in your project's metadata). Please ensure that both match. " +
                                          "See: https://docs.pypi.org/trusted-publishers/troubleshooting/";
    public const string UnverifiedEmail = "User 'octocat' does not have a verified primary email address. Please add a verified primary email before attempting to upload to PyPI. " +
                                          "See https://pypi.org/help/#verified-email for more information.";
    public const string NoTwoFactor = "User 'octocat' does not have two-factor authentication enabled. Please enable two-factor authentication before attempting to upload to PyPI. " +
                                      "See https://pypi.org/help/#two-factor-authentication for more information.";
    public const string InactiveOrganization = "Organization account owning this project is inactive. This may be due to inactive billing for Company Organizations, " +
                                               "or administrator intervention for Community Organizations. Please contact support+orgs@pypi.org.";

    // Warehouse's exact wording for an archived project was not in the sources read; the uploader keys on "archived".
    public const string Archived = "Cannot upload to an archived project.";
    public const string ExpiredToken = "Invalid API Token: token is expired";
    public const string NameReuse = "This filename was previously used by a file that has since been deleted. Use a different version. See https://pypi.org/help/#file-name-reuse for more information.";

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

    /// <summary>Two wheels and an sdist of demo-pkg 1.0.0.</summary>
    private IReadOnlyList<string> Release()
    {
        var dist = temp.Combine("dist");
        var metadata = Distributions.Metadata();
        return [Distributions.Sdist(dist, metadata), Distributions.Wheel(dist, metadata, tags: "py3-none-any"), Distributions.Wheel(dist, metadata, tags: "py2.py3-none-any")];
    }

    /// <summary>A refusal as warehouse sends it: the message as reason phrase and in pyramid's HTML error page.</summary>
    internal static Task Warehouse(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Features.Get<IHttpResponseFeature>()!.ReasonPhrase = message;
        context.Response.ContentType = "text/html";
        var title = WebUtility.HtmlEncode($"{status} {message}");
        return context.Response.WriteAsync($"<html>\n <head>\n  <title>{title}</title>\n </head>\n <body>\n  <h1>{title}</h1>\n  The server could not comply with the request since it is either malformed or otherwise incorrect.<br/><br/>\n{WebUtility.HtmlEncode(message)}\n\n\n </body>\n</html>");
    }

    private Task<UploadReport> UploadAsync(IReadOnlyList<string> files, UploadOptions? options = null) =>
        new Uploader().UploadAsync(index.Index, Credentials, files, options ?? TestOptions.Create(log: log).Options, CancellationToken.None);

    [Theory]
    [InlineData(400, ReleaseClosed, nameof(RefusalKind.ReleaseClosed))]
    [InlineData(400, SecondSdist, nameof(RefusalKind.SecondSdist))]
    [InlineData(400, InvalidAttestations, nameof(RefusalKind.InvalidAttestations))]
    [InlineData(400, NonUserIdentity, nameof(RefusalKind.ProjectNotCreated))]
    [InlineData(400, UnverifiedEmail, nameof(RefusalKind.UnverifiedEmail))]
    [InlineData(403, UnverifiedEmail, nameof(RefusalKind.UnverifiedEmail))]
    [InlineData(400, NoTwoFactor, nameof(RefusalKind.NoTwoFactor))]
    [InlineData(403, NoTwoFactor, nameof(RefusalKind.NoTwoFactor))]
    [InlineData(400, InactiveOrganization, nameof(RefusalKind.InactiveOrganization))]
    [InlineData(403, InactiveOrganization, nameof(RefusalKind.InactiveOrganization))]
    [InlineData(403, Archived, nameof(RefusalKind.ArchivedProject))]
    [InlineData(403, ExpiredToken, nameof(RefusalKind.ExpiredToken))]
    [InlineData(403, "Invalid API Token: the token minted by trusted publishing has expired; mint a new one.", nameof(RefusalKind.ExpiredToken))]
    [InlineData(403, "Invalid or non-existent authentication information. See https://pypi.org/help/#invalid-auth for more information.", nameof(RefusalKind.Credentials))]
    [InlineData(400, NameReuse, nameof(RefusalKind.NameReuse))]
    [InlineData(400, "File already exists ('archived_releases_older_than-1.0.tar.gz', with blake2_256 hash 'abc').", nameof(RefusalKind.NameReuse))]
    [InlineData(400, "Filename 'archived_thing-1.0.tar.gz' is invalid, should be 'archived_thing-1.0.0.tar.gz'.", nameof(RefusalKind.InvalidUpload))]
    [InlineData(400, "File too large. Limit for project 'demo-pkg' is 100 MB.", nameof(RefusalKind.TooLarge))]
    [InlineData(405, "Method Not Allowed", nameof(RefusalKind.NoUploadApi))]
    public void Each_refusal_is_recognised_by_its_text_whatever_the_status(int status, string message, string kind)
    {
        UploadRefusal.Classify(status, message).ToString().Should().Be(kind);
    }

    [Theory]
    [InlineData(400, ReleaseClosed, new[] { "closes a release to new files 14 days after it was created", "./build.sh BumpVersion --bump post" })]
    [InlineData(400, SecondSdist, new[] { "a release holds one sdist", "demo-pkg-1.0.0.tar.gz", "leave demo_pkg-1.0.0.tar.gz out" })]
    [InlineData(400, InvalidAttestations, new[] { "Nothing of this file was stored", "for exactly this file (its name and sha256)", "put the publishing job in the top-level workflow" })]
    [InlineData(400, NonUserIdentity, new[] { "The trusted-publishing token is valid, but demo-pkg does not exist", "pending publisher", "project name exactly demo-pkg" })]
    [InlineData(400, UnverifiedEmail, new[] { "no verified primary email address", "Verify it, then publish again" })]
    [InlineData(400, NoTwoFactor, new[] { "no two-factor authentication", "Turn it on, then publish again", "trusted publishing" })]
    [InlineData(400, InactiveOrganization, new[] { "The organization that owns demo-pkg is inactive", "support+orgs@pypi.org" })]
    [InlineData(403, Archived, new[] { "demo-pkg is archived on recording index", "an owner unarchives it" })]
    [InlineData(403, ExpiredToken, new[] { "The upload token has expired", "made with an expiry date, or was revoked" })]
    [InlineData(400, NameReuse, new[] { "an index never frees a file name", "./build.sh BumpVersion --bump post" })]
    public async Task Each_refusal_is_answered_with_its_advice(int status, string message, string[] advice)
    {
        var sdist = Release().Single(f => f.EndsWith(".tar.gz"));
        index.NextUpload(c => Warehouse(c, status, message));

        var act = () => UploadAsync([sdist]);

        var error = (await act.Should().ThrowAsync<UploadException>()).Which;
        error.Message.Should().Contain(message.TrimEnd('.')).And.NotContain("<h1>").And.NotContain(Password);
        foreach (var part in advice)
            error.Message.Should().Contain(part);
        index.Uploads.Should().ContainSingle("a refusal is not retried");
    }

    [Fact]
    public async Task The_local_indexs_own_second_sdist_refusal_gets_its_advice_and_is_no_half_release()
    {
        // The local index refuses a second sdist with warehouse's text: 1.0 and 1.0.0 are one release.
        using var storage = new UploadTemp();
        var server = await LocalIndexServer.StartAsync(new LocalIndexOptions { StorageDirectory = storage.Path, ApiTokens = [Password] });
        try
        {
            var metadata10 = Distributions.Metadata(version: "1.0");
            await new Uploader().UploadAsync(server.Index, Credentials, [Distributions.Sdist(temp.Combine("old"), metadata10, version: "1.0")], TestOptions.Create().Options, CancellationToken.None);

            var act = () => new Uploader().UploadAsync(server.Index, Credentials, Release(), TestOptions.Create(log: log).Options, CancellationToken.None);

            var error = (await act.Should().ThrowAsync<UploadException>()).Which;
            error.Message.Should().Contain("refused demo_pkg-1.0.0.tar.gz: Only one sdist may be uploaded per release")
                .And.Contain("a release holds one sdist").And.NotContain("Half release").And.NotContain("Nothing of this release");
            error.Report.Files.Select(f => f.Outcome).Should().Equal(UploadOutcome.Uploaded, UploadOutcome.Uploaded, UploadOutcome.Failed);
        }
        finally
        {
            await server.StopAsync();
        }
    }

    [Fact]
    public void On_PyPI_the_advice_links_the_pages_to_act_on()
    {
        var file = new PreparedFile("/dist/demo_pkg-1.0.0-py3-none-any.whl", "demo_pkg-1.0.0-py3-none-any.whl", false, "Demo_Pkg", "1.0.0", new FileDigests(1, "a", "b"), []);
        string Advice(RefusalKind kind, string said) => Messages.Refused(kind, PackageIndex.PyPI, file, 400, "400 Bad Request", said, true, false, PackageIndex.PyPI.UploadUrl);

        Advice(RefusalKind.UnverifiedEmail, UnverifiedEmail).Should().Contain("Verify it (https://pypi.org/manage/account/)");
        Advice(RefusalKind.NoTwoFactor, NoTwoFactor).Should().Contain("Turn it on (https://pypi.org/manage/account/two-factor/)");
        Advice(RefusalKind.ArchivedProject, Archived).Should().Contain("https://pypi.org/manage/project/demo-pkg/settings/");
        Advice(RefusalKind.ProjectNotCreated, NonUserIdentity).Should().Contain("(https://pypi.org/manage/account/publishing/)").And.Contain("(https://pypi.org/manage/projects/)");
    }

    [Fact]
    public async Task A_half_release_is_named_in_the_table_with_what_it_lacks_and_the_command_that_completes_it()
    {
        var files = Release();
        index.AnswerUpload(2, c => Warehouse(c, 503, "Service Unavailable")); // the first wheel is stored, the second fails twice
        index.AnswerUpload(3, c => Warehouse(c, 503, "Service Unavailable"));
        var (options, console) = TestOptions.Create(maxAttempts: 2, log: log);
        options = options with { CompleteCommand = "./build.sh PublishPyPI --skip" };

        var act = () => UploadAsync(files, options);

        var error = (await act.Should().ThrowAsync<UploadException>()).Which;
        const string half = "Half release: recording index has demo_pkg-1.0.0-py2.py3-none-any.whl but lacks demo_pkg-1.0.0-py3-none-any.whl, demo_pkg-1.0.0.tar.gz.";
        foreach (var text in new[] { error.Message, console.ToString(), log.Text })
        {
            string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Should().Contain(half)
                .And.Contain("Complete it: run ./build.sh PublishPyPI --skip; the files already there are skipped and only the missing ones are sent")
                .And.Contain("only in its first 14 days");
        }

        var rerun = await UploadAsync(files, options);

        rerun.Files.Select(f => f.Outcome).Should().Equal(UploadOutcome.AlreadyPresent, UploadOutcome.Uploaded, UploadOutcome.Uploaded);
        index.Files.Keys.Should().HaveCount(3);
    }

    [Fact]
    public async Task A_half_release_refused_as_closed_says_it_cannot_be_completed()
    {
        var files = Release();
        index.AnswerUpload(2, c => Warehouse(c, 400, ReleaseClosed));

        var act = () => UploadAsync(files);

        var error = (await act.Should().ThrowAsync<UploadException>()).Which;
        error.Message.Should().Contain("Half release: recording index has demo_pkg-1.0.0-py2.py3-none-any.whl but lacks")
            .And.Contain("It cannot be completed: recording index takes none of the missing files for this version")
            .And.Contain("./build.sh BumpVersion --bump post")
            .And.NotContain("Complete it");
    }

    [Fact]
    public async Task Warnings_in_the_body_of_a_200_are_shown()
    {
        var files = Release();
        index.NextUpload(c => c.Response.WriteAsync("Deprecated: the License classifier 'License :: OSI Approved :: MIT License' is superseded by License-Expression.\n"));
        var (options, console) = TestOptions.Create(log: log);

        var report = await UploadAsync(files, options);

        report.Files[0].Warnings.Should().Equal("Deprecated: the License classifier 'License :: OSI Approved :: MIT License' is superseded by License-Expression.");
        report.Files.Skip(1).Should().OnlyContain(f => f.Warnings!.Count == 0, "the index's own answer to the others is an empty 200");
        log.Text.Should().Contain("[Warning] recording index accepted demo_pkg-1.0.0-py2.py3-none-any.whl with a warning: Deprecated: the License classifier");
        console.ToString().Should().Contain("warning: Deprecated");
    }

    [Fact]
    public async Task A_200_with_pyramids_plain_OK_page_carries_no_warning()
    {
        var files = Release();
        index.NextUpload(c => c.Response.WriteAsync("<html>\n <head>\n  <title>200 OK</title>\n </head>\n <body>\n  <h1>200 OK</h1>\n  <br/><br/>\n\n\n\n </body>\n</html>"));

        var report = await UploadAsync(files);

        report.Files.Should().OnlyContain(f => f.Warnings!.Count == 0);
        log.Text.Should().NotContain("with a warning");
    }

    [Fact]
    public async Task Metadata_version_2_0_is_refused_before_any_request()
    {
        var wheel = Distributions.Wheel(temp.Combine("dist"), Distributions.Metadata(metadataVersion: "2.0"));

        var act = () => UploadAsync([wheel]);

        (await act.Should().ThrowAsync<Wheelhouse.Engine.BuildException>()).Which.Message.Should().Contain("Metadata-Version 2.0").And.Contain("PyPI refuses it");
        index.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task A_dry_run_checks_the_files_and_the_listing_and_sends_nothing()
    {
        var files = Release();
        var sdist = files.Single(f => f.EndsWith(".tar.gz"));
        index.Seed("demo-pkg", Path.GetFileName(sdist), (await FileDigests.ComputeAsync(sdist)).Sha256);
        var (options, console) = TestOptions.Create(log: log);

        var report = await UploadAsync(files, options with { DryRun = true });

        report.Files.Select(f => f.Outcome).Should().Equal(UploadOutcome.WouldUpload, UploadOutcome.WouldUpload, UploadOutcome.AlreadyPresent);
        report.Succeeded.Should().BeTrue();
        index.Uploads.Should().BeEmpty();
        index.SimpleRequests.Should().ContainSingle();
        console.ToString().Should().Contain("Dry run: upload to recording index").And.Contain("would upload");
        log.Text.Should().Contain("an API token is checked by the index only when a file is sent");
    }

    [Fact]
    public async Task A_dry_run_still_stops_on_a_file_name_taken_by_other_content()
    {
        var files = Release();
        index.Seed("demo-pkg", "demo_pkg-1.0.0.tar.gz", new string('e', 64));

        var act = () => UploadAsync(files, TestOptions.Create(log: log).Options with { DryRun = true });

        (await act.Should().ThrowAsync<UploadException>()).Which.Message.Should().Contain("Nothing was uploaded");
        index.Uploads.Should().BeEmpty();
    }
}
