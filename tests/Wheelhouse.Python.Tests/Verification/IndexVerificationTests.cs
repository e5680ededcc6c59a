using System.Text.RegularExpressions;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Http;
using Wheelhouse.Python.Verification;

namespace Wheelhouse.Python.Tests.Verification;

/// <summary>
/// Installing from a package index: a PEP 503 index served on 127.0.0.1 by the test. It serves only evalcheck, so where
/// the install must succeed the venv sees the system site-packages and pytest comes from there (pip does not look for a
/// dependency that is already satisfied). Using --no-deps instead would hide the dependency check that a user's install
/// goes through; the clean-venv case is covered by the test whose dependency is missing from the index.
/// </summary>
[Collection(BuiltPluginsCollection.Name)]
public sealed class IndexVerificationTests(BuiltPlugins plugins)
{
    private static readonly Backoff Quick = new(TimeSpan.FromMilliseconds(200), 2, TimeSpan.FromSeconds(1), 0.2);

    private async Task<string> WheelAsync() =>
        Directory.GetFiles(await plugins.DistAsync(BuiltPlugins.Good), "*.whl").Single();

    private VerificationRequest Request(SimpleIndexServer server, bool systemSitePackages, TimeSpan limit, string? extra = null) =>
        new("evalcheck", plugins.Version, new PackageIndexSource(server.SimpleUrl, extra), plugins.NewWorkRoot(), systemSitePackages, limit);

    [Fact]
    public async Task A_version_the_index_never_shows_is_retried_until_the_time_limit_and_the_error_says_what_was_tried()
    {
        using var server = new SimpleIndexServer("evalcheck");
        server.ListOnly("evalcheck-0.1.0-py3-none-any.whl");
        // The limit is ample for one pip run (1-2 s, more on a loaded machine), so a second attempt always fits in it.
        var request = Request(server, systemSitePackages: true, TimeSpan.FromSeconds(15));
        var python = await plugins.SystemPythonAsync();

        var act = () => InstallVerifier.VerifyAsync(request, [python]);
        var message = (await act.Should().ThrowAsync<BuildException>()).Which.Message;

        message.Should().Contain($"evalcheck=={plugins.Version} was not found on the index after")
            .And.Contain("(time limit 15 s, --verify-timeout)")
            .And.Contain($"index URLs: {server.SimpleUrl}")
            .And.Contain($"--index-url {server.SimpleUrl} evalcheck=={plugins.Version}")
            .And.Contain("--no-cache-dir")
            .And.Contain("versions the index lists: 0.1.0")
            .And.Contain($"pip's last error: \"ERROR: No matching distribution found for evalcheck=={plugins.Version}\"")
            .And.Contain("kept in");
        var attempts = int.Parse(Regex.Match(message, @"after (\d+) attempt\(s\)").Groups[1].Value);
        attempts.Should().BeGreaterThanOrEqualTo(2, "the version is retried within the time limit");
        server.PageRequests.Should().Be(attempts);
    }

    [Fact]
    public async Task A_version_that_becomes_visible_while_retrying_installs_and_passes_every_proof()
    {
        using var server = new SimpleIndexServer("evalcheck");
        server.ListOnly("evalcheck-0.1.0-py3-none-any.whl");
        server.PublishAfterPageRequests(1, await WheelAsync());
        var request = Request(server, systemSitePackages: true, TimeSpan.FromSeconds(60)) with { Backoff = Quick };

        await InstallVerifier.VerifyAsync(request, [await plugins.SystemPythonAsync()]);

        server.PageRequests.Should().BeGreaterThanOrEqualTo(2, "the first attempt did not see the version");
        server.Requests.Should().Contain($"/files/evalcheck-{plugins.Version}-py3-none-any.whl", "the wheel was downloaded from the index");
        Directory.GetFileSystemEntries(request.WorkRoot).Should().BeEmpty();
    }

    [Fact]
    public async Task In_a_clean_venv_a_dependency_the_index_lacks_is_reported_with_the_extra_index_hint_and_not_retried()
    {
        using var server = new SimpleIndexServer("evalcheck");
        server.Publish(await WheelAsync());
        var request = Request(server, systemSitePackages: false, TimeSpan.FromSeconds(60));
        var python = await plugins.SystemPythonAsync();

        var act = () => InstallVerifier.VerifyAsync(request, [python]);
        var message = (await act.Should().ThrowAsync<BuildException>()).Which.Message;

        message.Should().Contain("evalcheck was found, but its dependency pytest>=7 is not on the index(es) pip was given")
            .And.Contain("--verify-extra-index-url https://pypi.org/simple/");
        server.PageRequests.Should().Be(1);
    }

    [Fact]
    public async Task An_index_nobody_answers_on_fails_as_unreachable_without_retrying()
    {
        string url;
        using (var closed = new SimpleIndexServer("evalcheck"))
            url = closed.SimpleUrl; // stopped: the port now refuses connections
        var request = new VerificationRequest("evalcheck", "0.2.0", new PackageIndexSource(url), plugins.NewWorkRoot(), true, TimeSpan.FromSeconds(60));
        var python = await plugins.SystemPythonAsync();

        var act = () => InstallVerifier.VerifyAsync(request, [python]);
        var message = (await act.Should().ThrowAsync<BuildException>()).Which.Message;

        message.Should().Contain("pip could not reach the package index").And.Contain("Connection refused").And.Contain(url);
        Directory.GetFiles(request.WorkRoot / $"py{python.Version.ToString(2)}" / "logs", "pip-1-attempt-*.log").Should().ContainSingle();
    }
}
