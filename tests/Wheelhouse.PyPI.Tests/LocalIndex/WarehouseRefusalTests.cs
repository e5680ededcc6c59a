using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Wheelhouse.PyPI.LocalIndex;

namespace Wheelhouse.PyPI.Tests.LocalIndex;

/// <summary>
/// warehouse's refusals (forklift/legacy.py, its decorators and metadata rules, 2026), each produced by the local
/// index with warehouse's status code and words: the uploader's and the project's standing, closed releases,
/// metadata PyPI refuses, what a distribution must hold, the README, zip structure, and warnings in a 200.
/// </summary>
public sealed class WarehouseRefusalTests
{
    private const string CoreMetadataHelp = "See https://packaging.python.org/specifications/core-metadata for more information.";

    private static async Task<(HttpStatusCode Status, string Reason, string Body)> SendAsync(TestIndex index, TestDist dist,
        Action<List<KeyValuePair<string, string>>>? change = null, string? password = TestIndex.Token) =>
        await UploadApiTests.SendAsync(index, UploadRequest.For(index.Upload, dist, change, password));

    private static async Task<string> RefusedAsync(TestIndex index, TestDist dist, HttpStatusCode status, Action<List<KeyValuePair<string, string>>>? change = null,
        string? password = TestIndex.Token)
    {
        var (answer, reason, body) = await SendAsync(index, dist, change, password);
        answer.Should().Be(status, reason);
        body.Should().Contain(WebUtility.HtmlEncode(reason));
        index.Server.Uploads[^1].Stored.Should().BeFalse();
        return reason;
    }

    [Fact]
    public async Task Metadata_version_2_0_is_refused_and_the_versions_PyPI_knows_are_accepted()
    {
        await using var index = await TestIndex.StartAsync();

        var reason = await RefusedAsync(index, TestDist.Wheel("demo-pkg", "1.0"), HttpStatusCode.BadRequest, f => f.Set("metadata_version", "2.0"));

        reason.Should().Be($"'2.0' is not a valid metadata version. {CoreMetadataHelp}");
        foreach (var (version, i) in new[] { "1.0", "1.2", "2.1", "2.5" }.Select((v, i) => (v, i)))
            (await SendAsync(index, TestDist.Wheel("demo-pkg", $"1.{i + 1}"), f => f.Set("metadata_version", version))).Status.Should().Be(HttpStatusCode.OK, version);
    }

    [Fact]
    public async Task A_release_older_than_14_days_takes_no_new_file_but_an_identical_one_is_still_200()
    {
        var clock = new ManualClock();
        await using var index = await TestIndex.StartAsync(o => o with { Time = clock });
        var wheel = TestDist.Wheel("demo-pkg", "1.0");
        (await SendAsync(index, wheel)).Status.Should().Be(HttpStatusCode.OK);

        clock.Advance(TimeSpan.FromDays(13));
        (await SendAsync(index, TestDist.Wheel("demo-pkg", "1.0", salt: "build 1", fileName: "demo_pkg-1.0-1-py3-none-any.whl"))).Status.Should().Be(HttpStatusCode.OK, "13 days: still open");

        clock.Advance(TimeSpan.FromDays(1.5));
        var reason = await RefusedAsync(index, TestDist.Sdist("demo-pkg", "1.0"), HttpStatusCode.BadRequest);
        reason.Should().Be("Uploading new files to releases older than 14 days is not allowed.");
        (await SendAsync(index, wheel)).Status.Should().Be(HttpStatusCode.OK, "a file the index has is a no-op (twine --skip-existing), closed or not");
        (await SendAsync(index, TestDist.Sdist("demo-pkg", "1.1"))).Status.Should().Be(HttpStatusCode.OK, "a new version is a new release");
    }

    [Fact]
    public async Task An_unverified_email_or_no_two_factor_authentication_is_403_for_a_user_token()
    {
        await using (var unverified = await TestIndex.StartAsync(o => o with { Account = new UploaderAccount("alice", EmailVerified: false) }))
        {
            (await RefusedAsync(unverified, TestDist.Wheel("demo-pkg", "1.0"), HttpStatusCode.Forbidden)).Should().Be(
                "User 'alice' does not have a verified primary email address. Please add a verified primary email before attempting to upload to PyPI. " +
                "See https://pypi.org/help/#verified-email for more information.");
        }

        await using var without2fa = await TestIndex.StartAsync(o => o with { Account = new UploaderAccount("alice", TwoFactorEnabled: false) });
        (await RefusedAsync(without2fa, TestDist.Wheel("demo-pkg", "1.0"), HttpStatusCode.Forbidden)).Should().Be(
            "User 'alice' does not have two-factor authentication enabled. Please enable two-factor authentication before attempting to upload to PyPI. " +
            "See https://pypi.org/help/#two-factor-authentication for more information.");
    }

    [Fact]
    public async Task An_archived_project_is_403_and_an_inactive_organizations_project_400()
    {
        await using var index = await TestIndex.StartAsync(o => o with
        {
            Account = new UploaderAccount("alice"),
            ArchivedProjects = new HashSet<string> { "Old.Pkg" },
            InactiveOrganizationProjects = new HashSet<string> { "org-pkg" },
        });
        (await SendAsync(index, TestDist.Wheel("old-pkg", "1.0"))).Status.Should().Be(HttpStatusCode.OK, "archiving happens after the first release");
        (await SendAsync(index, TestDist.Wheel("org-pkg", "1.0"))).Status.Should().Be(HttpStatusCode.OK, "a new project is not the organization's yet");

        (await RefusedAsync(index, TestDist.Wheel("old-pkg", "1.1"), HttpStatusCode.Forbidden)).Should().Be(
            "The user 'alice' isn't allowed to upload to project 'old-pkg'. See https://pypi.org/help/#project-name for more information.");
        (await RefusedAsync(index, TestDist.Wheel("org-pkg", "1.1"), HttpStatusCode.BadRequest)).Should().Be(
            "Organization account owning this project is inactive. This may be due to inactive billing for Company Organizations, or administrator intervention " +
            "for Community Organizations. Please contact support+orgs@pypi.org.");
    }

    [Fact]
    public async Task A_trusted_publisher_creates_only_its_pending_project_and_uploads_to_no_other()
    {
        var publisher = new TrustedPublisherConfig("https://token.actions.githubusercontent.com", OidcKey, "evalcheck/evalcheck", "release.yml", "pypi") { Project = "Demo_Pkg" };
        await using var index = await TestIndex.StartAsync(o => o with { TrustedPublisher = publisher });
        (await SendAsync(index, TestDist.Wheel("other-pkg", "1.0"))).Status.Should().Be(HttpStatusCode.OK, "a user's API token creates any project");

        var reason = await RefusedAsync(index, TestDist.Wheel("typo-pkg", "1.0"), HttpStatusCode.BadRequest, password: await MintAsync(index));
        reason.Should().Be("Non-user identities cannot create new projects. This was probably caused by successfully using a pending publisher but specifying the project name " +
                           "incorrectly (either in the publisher or in your project's metadata). Please ensure that both match. See: https://docs.pypi.org/trusted-publishers/troubleshooting/");
        (await RefusedAsync(index, TestDist.Wheel("other-pkg", "1.1"), HttpStatusCode.Forbidden, password: await MintAsync(index))).Should().Be(
            "The given token isn't allowed to upload to project 'other-pkg'. See https://pypi.org/help/#project-name for more information.");
        (await SendAsync(index, TestDist.Wheel("demo-pkg", "1.0"), password: await MintAsync(index))).Status.Should().Be(HttpStatusCode.OK, "its own pending project");
        index.Server.Uploads[^1].Credential.Should().Be("trusted-publisher");
    }

    [Theory]
    [InlineData("Topic :: Software Development :: Tesing", "'Topic :: Software Development :: Tesing' is not a valid classifier.")]
    [InlineData("Natural Language :: Ukranian", "The classifier 'Natural Language :: Ukranian' has been deprecated, use one of ['Natural Language :: Ukrainian'] instead.")]
    [InlineData("Topic :: Communications :: Chat :: AOL Instant Messenger", "The classifier 'Topic :: Communications :: Chat :: AOL Instant Messenger' has been deprecated.")]
    public async Task An_invalid_or_deprecated_classifier_is_400(string classifier, string message)
    {
        await using var index = await TestIndex.StartAsync();

        var reason = await RefusedAsync(index, TestDist.Wheel("demo-pkg", "1.0"), HttpStatusCode.BadRequest, f =>
        {
            f.Add(new("classifiers", "Framework :: Pytest"));
            f.Add(new("classifiers", classifier));
        });

        reason.Should().Be($"{message} {CoreMetadataHelp}");
    }

    [Theory]
    [InlineData("MIT OR", "'MIT OR' is invalid for 'license-expression'.")]
    [InlineData("MIT-Foo", "'MIT-Foo' is invalid for 'license-expression'.")]
    [InlineData("GPL-2.0-only WITH Not-An-Exception", "'GPL-2.0-only WITH Not-An-Exception' is invalid for 'license-expression'.")]
    public async Task An_invalid_SPDX_license_expression_is_400(string expression, string message)
    {
        await using var index = await TestIndex.StartAsync();

        var reason = await RefusedAsync(index, TestDist.Wheel("demo-pkg", "1.0"), HttpStatusCode.BadRequest, f =>
        {
            f.Set("metadata_version", "2.4");
            f.Set("license_expression", expression);
        });

        reason.Should().Be($"{message} {CoreMetadataHelp}");
        (await SendAsync(index, TestDist.Wheel("demo-pkg", "1.0"), f => f.Set("license_expression", "mit or apache-2.0 WITH llvm-exception"))).Status
            .Should().Be(HttpStatusCode.OK, "identifiers and operators in any case");
    }

    [Fact]
    public async Task A_description_that_does_not_render_is_400_in_its_declared_type_and_as_reStructuredText_by_default()
    {
        await using var index = await TestIndex.StartAsync(o => o with { ReadmeInterpreters = [PythonTools.Python] });
        const string brokenRst = "Some *broken emphasis\n";

        (await RefusedAsync(index, TestDist.Wheel("demo-pkg", "1.0"), HttpStatusCode.BadRequest, f => f.Set("description", brokenRst))).Should().Be(
            "The description failed to render in the default format of reStructuredText. See https://pypi.org/help/#description-content-type for more information.");
        (await RefusedAsync(index, TestDist.Wheel("demo-pkg", "1.0"), HttpStatusCode.BadRequest, f =>
        {
            f.Set("description", brokenRst);
            f.Set("description_content_type", "text/x-rst; charset=UTF-8");
        })).Should().Be("The description failed to render for 'text/x-rst; charset=UTF-8'. See https://pypi.org/help/#description-content-type for more information.");
        (await RefusedAsync(index, TestDist.Wheel("demo-pkg", "1.0"), HttpStatusCode.BadRequest, f => f.Set("description_content_type", "text/html"))).Should().Be(
            $"'description-content-type' must be one of ['text/plain', 'text/x-rst', 'text/markdown'], not 'text/html'. {CoreMetadataHelp}");

        var markdown = await SendAsync(index, TestDist.Wheel("demo-pkg", "1.0"), f =>
        {
            f.Set("description", brokenRst);
            f.Set("description_content_type", "text/markdown");
        });
        markdown.Status.Should().Be(HttpStatusCode.OK, "the same text is fine Markdown");
        markdown.Body.Should().BeEmpty("rendered: no warning");
    }

    [Fact]
    public async Task A_License_File_missing_from_the_wheel_or_the_sdist_is_400()
    {
        await using var index = await TestIndex.StartAsync();
        void Licensed(List<KeyValuePair<string, string>> f)
        {
            f.Set("metadata_version", "2.4");
            f.Add(new("license_file", "LICENSE"));
        }

        (await RefusedAsync(index, TestDist.Wheel("demo-pkg", "1.0"), HttpStatusCode.BadRequest, Licensed)).Should().Be(
            "License-File LICENSE does not exist in distribution file demo_pkg-1.0-py3-none-any.whl at demo_pkg-1.0.dist-info/licenses/LICENSE");
        (await RefusedAsync(index, TestDist.Sdist("demo-pkg", "1.0"), HttpStatusCode.BadRequest, Licensed)).Should().Be(
            "License-File LICENSE does not exist in distribution file demo_pkg-1.0.tar.gz at demo_pkg-1.0/LICENSE");
        var licensed = CraftedWheel.Build("demo-pkg", "1.0", extra: zip => CraftedWheel.Add(zip, "demo_pkg-1.0.dist-info/licenses/LICENSE", "MIT License\n"));
        (await SendAsync(index, licensed, Licensed)).Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_wheel_without_RECORD_or_with_an_entry_points_txt_configparser_refuses_is_400()
    {
        await using var index = await TestIndex.StartAsync();

        (await RefusedAsync(index, CraftedWheel.Build("demo-pkg", "1.0", record: false), HttpStatusCode.BadRequest)).Should().Be(
            "Wheel 'demo_pkg-1.0-py3-none-any.whl' does not contain the required RECORD file: demo_pkg-1.0.dist-info/RECORD");
        var duplicated = CraftedWheel.Build("demo-pkg", "1.0", extra: zip => CraftedWheel.Add(zip, "demo_pkg-1.0.dist-info/entry_points.txt", "[pytest11]\ndemo = demo.plugin\n[pytest11]\nother = demo.other\n"));
        (await RefusedAsync(index, duplicated, HttpStatusCode.BadRequest)).Should().Be(
            "Wheel 'demo_pkg-1.0-py3-none-any.whl' has an invalid entry_points.txt: entry_points.txt is not a valid INI file: While reading from '<string>' [line  3]: section 'pytest11' already exists");
        var script = CraftedWheel.Build("demo-pkg", "1.0", extra: zip => CraftedWheel.Add(zip, "demo_pkg-1.0.dist-info/entry_points.txt", "[console_scripts]\nbin/demo = demo:main\n"));
        (await RefusedAsync(index, script, HttpStatusCode.BadRequest)).Should().EndWith("Invalid entry point name 'bin/demo' in 'console_scripts'");
    }

    [Theory]
    [InlineData("trailing", "Trailing data")]
    [InlineData("streamed", "ZIP contains a data descriptor")]
    [InlineData("duplicate", "Duplicate filename in local headers")]
    [InlineData("latin1", "Filename not unicode")]
    public async Task A_zip_that_reads_differently_by_its_local_headers_is_400(string kind, string problem)
    {
        await using var index = await TestIndex.StartAsync();
        var wheel = kind switch
        {
            "trailing" => CraftedWheel.Build("demo-pkg", "1.0", trailing: "PK and more"u8.ToArray()),
            "streamed" => CraftedWheel.Build("demo-pkg", "1.0", streamed: true),
            // The same bytes twice: the sizes agree, so the second local header is what warehouse trips on.
            "duplicate" => CraftedWheel.Build("demo-pkg", "1.0", extra: zip => CraftedWheel.Add(zip, "demo_pkg/__init__.py", "# demo\n")),
            _ => CraftedWheel.Build("demo-pkg", "1.0", extra: zip => CraftedWheel.Add(zip, "demo_pkg/café.py", "x = 1\n"), nameEncoding: Encoding.Latin1),
        };

        (await RefusedAsync(index, wheel, HttpStatusCode.BadRequest)).Should().Be(
            $"Invalid distribution file. ZIP archive not accepted: {problem}. See https://docs.pypi.org/archives for more information");
    }

    [Fact]
    public async Task Warnings_come_back_in_the_body_of_the_200()
    {
        await using var index = await TestIndex.StartAsync(o => o with { UploadWarnings = ["First warning.", "Second warning."] });

        var (status, _, body) = await SendAsync(index, TestDist.Wheel("demo-pkg", "1.0"));

        status.Should().Be(HttpStatusCode.OK);
        body.Should().Be("First warning.\nSecond warning.");
        index.Server.Uploads.Single().Warnings.Should().Equal("First warning.", "Second warning.");
        (await SendAsync(index, TestDist.Wheel("demo-pkg", "1.0"))).Body.Should().BeEmpty("a file the index already has is answered with a plain 200");
    }

    private static readonly Microsoft.IdentityModel.Tokens.RsaSecurityKey OidcKey = new(System.Security.Cryptography.RSA.Create(2048)) { KeyId = "refusals" };

    /// <summary>Mints a token through the index's own endpoint with a GitHub-shaped JWT signed by the publisher's key.</summary>
    private static async Task<string> MintAsync(TestIndex index)
    {
        using var client = index.Client();
        var jwt = OidcTests.Jwt(OidcTests.GitHubClaims(), key: OidcKey);
        using var response = await client.PostAsJsonAsync(index.Server.Index.OidcMintTokenUrl, new { token = jwt });
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("token").GetString()!;
    }

    private sealed class ManualClock : TimeProvider
    {
        private TimeSpan offset;

        public void Advance(TimeSpan by) => offset += by;

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
    }
}

/// <summary>twine 4.0.2, the reference client, sends what trips warehouse's refusals and shows their words.</summary>
[Collection(PluginDistributionsCollection.Name)]
public sealed class TwineMeetsWarehouseRefusalsTests(PluginDistributions plugin)
{
    private static async Task<string> TwineRefusedAsync(TestIndex index, string file)
    {
        var result = await PythonTools.TwineUploadAsync(index.Upload, TestIndex.Token, [file]);
        result.ExitCode.Should().NotBe(0, result.Output);
        index.Server.Uploads[^1].StatusCode.Should().Be(400);
        return System.Text.RegularExpressions.Regex.Replace(result.Output, @"\s+", " "); // twine wraps long lines
    }

    private static string Write(TestIndex index, TestDist dist)
    {
        var folder = Path.Combine(index.Directory + "-files", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, dist.FileName);
        File.WriteAllBytes(path, dist.Bytes);
        return path;
    }

    [Fact]
    public async Task Twine_sends_a_release_older_than_14_days_its_sdist_and_is_refused()
    {
        var clock = new ManualClock();
        await using var index = await TestIndex.StartAsync(o => o with { Time = clock });
        (await PythonTools.TwineUploadAsync(index.Upload, TestIndex.Token, [plugin.Wheel])).ExitCode.Should().Be(0);

        clock.Advance(TimeSpan.FromDays(15));

        (await TwineRefusedAsync(index, plugin.Sdist)).Should().Contain("400 Bad Request").And.Contain("Uploading new files to releases older than 14 days is not allowed.");
    }

    [Fact]
    public async Task Twine_sends_the_classifiers_and_the_README_of_METADATA_and_sees_them_refused()
    {
        await using var index = await TestIndex.StartAsync(o => o with { ReadmeInterpreters = [PythonTools.Python] });
        try
        {
            var classifier = CraftedWheel.Build("demo-pkg", "1.0", metadata: "Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.0\nClassifier: Natural Language :: Ukranian\n\n");
            (await TwineRefusedAsync(index, Write(index, classifier))).Should().Contain(
                "The classifier 'Natural Language :: Ukranian' has been deprecated, use one of ['Natural Language :: Ukrainian'] instead.");

            var readme = CraftedWheel.Build("demo-pkg", "1.0", metadata: "Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.0\n\nSome *broken emphasis\n");
            (await TwineRefusedAsync(index, Write(index, readme))).Should().Contain(
                "The description failed to render in the default format of reStructuredText. See https://pypi.org/help/#description-content-type for more information.");

            var trailing = CraftedWheel.Build("demo-pkg", "1.0", trailing: "appended"u8.ToArray());
            (await TwineRefusedAsync(index, Write(index, trailing))).Should().Contain("Invalid distribution file. ZIP archive not accepted: Trailing data.");
        }
        finally
        {
            TempDirectory.Delete(index.Directory + "-files");
        }
    }

    private sealed class ManualClock : TimeProvider
    {
        private TimeSpan offset;

        public void Advance(TimeSpan by) => offset += by;

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
    }
}

/// <summary>Wheels with one thing PyPI looks at changed: no RECORD, extra members, streamed entries, trailing bytes, names not in UTF-8.</summary>
internal static class CraftedWheel
{
    public static TestDist Build(string name, string version, Action<ZipArchive>? extra = null, bool record = true, bool streamed = false,
        byte[]? trailing = null, Encoding? nameEncoding = null, string? metadata = null)
    {
        var stem = $"{name.Replace('-', '_')}-{version}";
        using var buffer = new MemoryStream();
        // A stream that cannot seek makes ZipArchive write each entry's sizes after its data (a data descriptor).
        Stream target = streamed ? new ForwardOnly(buffer) : buffer;
        using (var zip = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true, nameEncoding))
        {
            Add(zip, $"{name.Replace('-', '_')}/__init__.py", "# demo\n");
            Add(zip, $"{stem}.dist-info/METADATA", metadata ?? $"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n\n");
            Add(zip, $"{stem}.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
            extra?.Invoke(zip);
            if (record)
                Add(zip, $"{stem}.dist-info/RECORD", "");
        }

        buffer.Write(trailing ?? []);
        return new TestDist(name, version, $"{stem}-py3-none-any.whl", "bdist_wheel", buffer.ToArray());
    }

    public static void Add(ZipArchive zip, string path, string text)
    {
        using var stream = zip.CreateEntry(path).Open();
        stream.Write(Encoding.UTF8.GetBytes(text));
    }

    private sealed class ForwardOnly(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
