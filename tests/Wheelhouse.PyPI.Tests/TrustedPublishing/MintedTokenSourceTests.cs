using Wheelhouse.PyPI.Tests.Upload;
using Wheelhouse.PyPI.TrustedPublishing;
using Wheelhouse.PyPI.Upload;
using UploadLog = Wheelhouse.PyPI.Tests.Upload.LogCapture;

namespace Wheelhouse.PyPI.Tests.TrustedPublishing;

/// <summary>
/// Minted tokens live 15 minutes; uploads can take longer. The real local index and GitHub stand-in, with clocks the
/// tests move: the index's (and GitHub's) to expire tokens, the runner's to judge when to renew.
/// </summary>
public sealed class MintedTokenSourceTests : IAsyncLifetime
{
    private readonly MovableClock indexClock = new();
    private readonly UploadTemp temp = new();
    private readonly UploadLog log = new();
    private TrustedIndex trusted = null!;

    public async Task InitializeAsync() => trusted = await TrustedIndex.StartAsync(time: indexClock);

    public async Task DisposeAsync()
    {
        await trusted.DisposeAsync();
        log.Dispose();
        temp.Dispose();
    }

    /// <summary>Time passes for the index and for GitHub's token endpoint, whose tokens the index judges by its clock.</summary>
    private void IndexTimePasses(TimeSpan by)
    {
        indexClock.Advance(by);
        trusted.Tokens(o => o with { ClockOffset = indexClock.Offset });
    }

    private MintedTokenSource Source(TimeProvider runnerClock) =>
        new(trusted.Client(), trusted.Index, trusted.GitHub.Environment, runnerClock, "demo-pkg");

    /// <summary>Two wheels and an sdist of demo-pkg 1.0.0.</summary>
    private IReadOnlyList<string> Release()
    {
        var dist = temp.Combine("dist");
        var metadata = Distributions.Metadata();
        return [Distributions.Wheel(dist, metadata, tags: "py3-none-any"), Distributions.Wheel(dist, metadata, tags: "py2.py3-none-any"), Distributions.Sdist(dist, metadata)];
    }

    /// <summary>An uploader whose every upload request takes <paramref name="before"/> to arrive and <paramref name="after"/> to be answered, in clock time.</summary>
    private Uploader SlowNetwork(Action before, Action after) =>
        new(new HttpClient(new ClockedUploads(before, after) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false } })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        });

    private UploadOptions Options(TimeProvider runnerClock) => TestOptions.Create(log: log).Options with { TimeProvider = runnerClock };

    private void AssertNoTokenShown(params string[] texts)
    {
        List<string> secrets;
        lock (trusted.Protected)
            secrets = trusted.Protected.ToList();
        secrets.Should().NotBeEmpty();
        foreach (var text in texts.Append(log.Text).Append(string.Join('\n', LogCapture.All)))
        {
            foreach (var secret in secrets)
                text.Should().NotContain(secret);
        }
    }

    [Fact]
    public async Task A_token_is_renewed_when_less_than_five_minutes_remain_and_not_before()
    {
        var runnerClock = new MovableClock();
        var source = Source(runnerClock);

        var first = await source.CurrentAsync(CancellationToken.None);
        runnerClock.Advance(TimeSpan.FromMinutes(9) + TimeSpan.FromSeconds(50)); // 5 min 10 s left, less the index's rounding to whole seconds
        var same = await source.CurrentAsync(CancellationToken.None);
        runnerClock.Advance(TimeSpan.FromSeconds(20)); // 4 min 50 s left
        var renewed = await source.CurrentAsync(CancellationToken.None);

        same.Should().BeSameAs(first);
        renewed.Password.Should().NotBe(first.Password);
        source.Mints.Should().Be(2);
        trusted.GitHub.TokensIssued.Should().Be(2, "every mint asks GitHub for a fresh OIDC token");
        LogCapture.All.Should().Contain(l => l.Contains("the upload token has 4.8 min left (renewed under 5 min); minting a fresh one"));
        source.Scrub($"{first.Password} {renewed.Password} {renewed.BasicParameter}").Should().Be("*** *** ***");
    }

    [Fact]
    public async Task An_upload_that_outlives_the_15_minute_token_completes_with_a_second_mint()
    {
        // Each upload takes 8 minutes: the wheels go at 0:00 and 8:00 with the first token, the sdist at 16:00,
        // when the first token (valid until 15:00 at the index) is dead; it goes with a second one.
        var clock = new MovableClock();
        var files = Release();
        var source = Source(clock);
        var uploader = SlowNetwork(before: () => { }, after: () =>
        {
            clock.Advance(TimeSpan.FromMinutes(8));
            IndexTimePasses(TimeSpan.FromMinutes(8));
        });

        var report = await uploader.UploadAsync(trusted.Index, source, files, Options(clock), CancellationToken.None);

        report.Files.Should().OnlyContain(f => f.Outcome == UploadOutcome.Uploaded && f.Attempts == 1);
        report.Files.Select(f => f.FileName).Last().Should().EndWith(".tar.gz");
        indexClock.Offset.Should().Be(TimeSpan.FromMinutes(24));
        trusted.Server.Uploads.Should().HaveCount(3, "no request was refused for an expired token")
            .And.OnlyContain(u => u.StatusCode == 200 && u.Credential == "trusted-publisher");
        source.Mints.Should().Be(2);
        trusted.GitHub.TokensIssued.Should().Be(2);
        LogCapture.All.Should().Contain(l => l.Contains("the upload token has no time left (renewed under 5 min); minting a fresh one"));
        AssertNoTokenShown();
    }

    [Fact]
    public async Task An_expired_token_403_mints_a_fresh_token_once_and_the_upload_completes()
    {
        // The runner's clock says the token has 15 minutes; the index's is 16 minutes ahead and calls it expired.
        var files = Release();
        var source = Source(TimeProvider.System);
        var skewed = 0;
        var uploader = SlowNetwork(before: () =>
        {
            if (Interlocked.Increment(ref skewed) == 1)
                IndexTimePasses(TimeSpan.FromMinutes(16));
        }, after: () => { });

        var report = await uploader.UploadAsync(trusted.Index, source, files, Options(TimeProvider.System), CancellationToken.None);

        report.Files.Should().OnlyContain(f => f.Outcome == UploadOutcome.Uploaded);
        report.Files[0].Attempts.Should().Be(2, "the refused request and the one with the fresh token");
        trusted.Server.Uploads.Select(u => u.StatusCode).Should().Equal(403, 200, 200, 200);
        trusted.Server.Uploads[0].Message.Should().Contain("expired");
        source.Mints.Should().Be(2);
        LogCapture.All.Should().Contain(l => l.Contains("the index says the upload token expired although this machine's clock gives it"));
        log.Text.Should().Contain("sending it again with the fresh token");
        AssertNoTokenShown();
    }

    [Fact]
    public async Task A_fresh_token_refused_as_expired_too_is_not_minted_again_and_the_clocks_are_blamed()
    {
        var files = Release();
        var source = Source(TimeProvider.System);
        var uploader = SlowNetwork(before: () => IndexTimePasses(TimeSpan.FromMinutes(16)), after: () => { });

        var act = () => uploader.UploadAsync(trusted.Index, source, files, Options(TimeProvider.System), CancellationToken.None);

        var error = (await act.Should().ThrowAsync<UploadException>()).Which;
        source.Mints.Should().Be(2, "one fresh token, not one per refusal");
        trusted.Server.Uploads.Select(u => u.StatusCode).Should().Equal(403, 403);
        error.Message.Should().Contain("The upload token has expired")
            .And.Contain("was refused as expired too: this machine's clock and the index's disagree by more than a token lives")
            .And.Contain("Nothing of this release is on");
        error.Report.Files.Select(f => (f.Outcome, f.Attempts)).Should().Equal((UploadOutcome.Failed, 2), (UploadOutcome.Failed, 0), (UploadOutcome.Failed, 0));
        AssertNoTokenShown(error.Message, error.ToString());
    }

    [Fact]
    public async Task A_dry_run_mints_lists_and_sends_no_upload()
    {
        var files = Release();
        var source = Source(TimeProvider.System);
        var (options, console) = TestOptions.Create(log: log);

        var report = await new Uploader().UploadAsync(trusted.Index, source, files, options with { DryRun = true }, CancellationToken.None);

        report.Files.Should().OnlyContain(f => f.Outcome == UploadOutcome.WouldUpload && f.Attempts == 0);
        source.Mints.Should().Be(1, "a dry run checks the credentials: the publisher matched and a token was minted");
        trusted.Server.Uploads.Should().BeEmpty();
        console.ToString().Should().Contain("Dry run: upload to").And.Contain("would upload");
        log.Text.Should().Contain("0 uploaded, 0 already present, 0 failed, 3 would be uploaded (dry run).");
    }

    /// <summary>The network between the uploader and the index, where clock time passes around each upload request.</summary>
    private sealed class ClockedUploads(Action before, Action after) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var upload = request.Method == HttpMethod.Post;
            if (upload)
                before();
            var response = await base.SendAsync(request, cancellationToken);
            if (upload)
                after();
            return response;
        }
    }
}
