using Microsoft.IdentityModel.JsonWebTokens;
using Wheelhouse.Engine;
using Wheelhouse.PyPI.Rehearsal;
using Wheelhouse.PyPI.Rehearsal.StandIns;
using Wheelhouse.PyPI.Tests.TrustedPublishing;
using Wheelhouse.PyPI.TrustedPublishing;
using Wheelhouse.PyPI.Upload;

namespace Wheelhouse.PyPI.Tests.Rehearsal;

[Collection(BuiltPluginCollection.Name)]
public sealed class ReleaseRehearsalTests(BuiltPlugin plugin) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("wheelhouse-rehearsal-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static RehearsalRequest Request(AbsolutePath project, List<string> protectedSecrets) => new()
    {
        RootDirectory = project,
        DistDirectory = project / "dist",
        WorkDirectory = project / ".nuke" / "temp" / "rehearsal",
        VerificationWorkRoot = project / ".nuke" / "temp" / "verify",
        Pythons = ["/usr/bin/python3"],
        ProtectSecret = protectedSecrets.Add,
        Upload = new UploadOptions { ShowProgress = false },
    };

    [Fact]
    public async Task A_whole_rehearsal_publishes_through_trusted_publishing_verifies_the_install_and_passes_twice_in_a_row()
    {
        LogCapture.Install();
        var project = await plugin.NewProjectAsync(folder);
        var protectedSecrets = new List<string>();

        var first = await ReleaseRehearsal.RunAsync(Request(project, protectedSecrets));
        var second = await ReleaseRehearsal.RunAsync(Request(project, protectedSecrets) with { OriginRepository = "octo-org/evalcheck-fork" });

        foreach (var report in new[] { first, second })
            report.Files.Should().HaveCount(2).And.OnlyContain(f => f.Outcome == UploadOutcome.Uploaded, "each rehearsal starts with a fresh, empty index");
        Directory.Exists(project / ".nuke" / "temp" / "rehearsal").Should().BeFalse("the index folders are removed afterwards");
        Directory.Exists(project / ".nuke" / "temp" / "verify") .Should().BeTrue();
        Directory.GetFileSystemEntries(project / ".nuke" / "temp" / "verify").Should().BeEmpty("VerifyInstall removes the folders of interpreters that passed");
        protectedSecrets.Should().Contain(s => s.StartsWith("pypi-"), "the minted token was protected");
        var log = string.Join('\n', LogCapture.All);
        foreach (var secret in protectedSecrets)
            log.Should().NotContain(secret);
        log.Should().Contain($"Rehearsal passed: evalcheck {plugin.Version} published through trusted publishing to the local index");
        log.Should().Contain("Rehearsal: the publisher's repository is local/evalcheck (made from the project's name: neither --rehearsal-repository nor an origin remote names a repository)")
            .And.Contain("trusts the publisher local/evalcheck, workflow release.yml, environment pypi");
        log.Should().Contain("Rehearsal: the publisher's repository is octo-org/evalcheck-fork (the origin remote)")
            .And.Contain("trusts the publisher octo-org/evalcheck-fork, workflow release.yml, environment pypi");
        log.Should().Contain("installs and works with 1 interpreter(s)");
        log.Should().Contain("Rehearsal: signed 2 publish attestation(s) as the release workflow's signing step does, with a certificate for " +
                             "https://github.com/local/evalcheck/.github/workflows/release.yml@refs/tags/v" + plugin.Version);
        log.Should().Contain("each file with a PEP 740 attestation the index verified and serves as provenance");
        log.Should().Contain($"evalcheck-{plugin.Version}.tar.gz: attestation evalcheck-{plugin.Version}.tar.gz.publish.attestation (https://docs.pypi.org/attestations/publish/v1)");
        Directory.GetFiles(project / "dist").Should().HaveCount(2).And.NotContain(f => f.EndsWith(".attestation"), "the rehearsal signs a copy; dist/ stays as built");
    }

    [Fact]
    public async Task With_attestations_off_the_rehearsal_signs_nothing_and_uploads_without_them()
    {
        LogCapture.Install();
        var project = await plugin.NewProjectAsync(folder);
        var before = LogCapture.All.Count;

        var report = await ReleaseRehearsal.RunAsync(Request(project, []) with { Attestations = false });

        report.Files.Should().HaveCount(2).And.OnlyContain(f => f.Outcome == UploadOutcome.Uploaded);
        var log = string.Join('\n', LogCapture.All.Skip(before));
        log.Should().Contain("Attestations are off (--attestations false)").And.Contain("to the local index (without attestations)").And.NotContain("Rehearsal: signed");
    }

    [Fact]
    public async Task A_project_whose_dist_holds_a_local_version_fails_the_rehearsal_before_any_upload_and_leaves_no_index_folder()
    {
        var project = await plugin.NewProjectAsync(folder);
        foreach (var file in Directory.GetFiles(project / "dist"))
            File.Move(file, Path.Combine(project / "dist", Path.GetFileName(file).Replace($"-{plugin.Version}", $"-{plugin.Version}+local", StringComparison.Ordinal)));

        var act = () => ReleaseRehearsal.RunAsync(Request(project, []));
        var message = (await act.Should().ThrowAsync<BuildException>()).Which.Message;

        message.Should().Contain("local version label (+local)");
        Directory.Exists(project / ".nuke" / "temp" / "rehearsal").Should().BeFalse();
    }

    [Fact]
    public async Task A_bad_publisher_parameter_is_refused_naming_it()
    {
        var project = await plugin.NewProjectAsync(folder);

        var act = () => ReleaseRehearsal.RunAsync(Request(project, []) with { Repository = "no-slash" });

        (await act.Should().ThrowAsync<BuildException>()).Which.Message.Should().Contain("--rehearsal-repository got 'no-slash'").And.Contain("owner/name");
    }
}

/// <summary>The stand-in for GitHub's OIDC token endpoint.</summary>
public sealed class GitHubOidcStandInTests
{
    private static readonly WorkflowIdentity Identity = new("octo-org/evalcheck", "release.yml", "pypi", "refs/tags/v1.2.0");

    [Fact]
    public async Task It_hands_out_tokens_with_GitHubs_claims_for_the_audience_asked_for()
    {
        await using var github = await GitHubOidcStandIn.StartAsync(new OidcStandInOptions { Identity = Identity });
        using var http = new HttpClient();
        var client = new TrustedPublishingClient(http, SecretProtection.None);

        var first = await client.GetOidcTokenAsync(github.Environment, "testpypi");
        var second = await client.GetOidcTokenAsync(github.Environment, "testpypi");

        var token = new JsonWebTokenHandler().ReadJsonWebToken(first);
        string Claim(string name) => token.GetPayloadValue<string>(name);
        Claim("iss").Should().Be("https://token.actions.githubusercontent.com");
        Claim("aud").Should().Be("testpypi");
        Claim("sub").Should().Be("repo:octo-org/evalcheck:environment:pypi");
        Claim("repository").Should().Be("octo-org/evalcheck");
        Claim("repository_owner").Should().Be("octo-org");
        Claim("repository_owner_id").Should().MatchRegex("^[0-9]+$");
        Claim("repository_id").Should().MatchRegex("^[0-9]+$");
        Claim("workflow_ref").Should().Be("octo-org/evalcheck/.github/workflows/release.yml@refs/tags/v1.2.0");
        Claim("job_workflow_ref").Should().Be(Claim("workflow_ref"));
        Claim("ref").Should().Be("refs/tags/v1.2.0");
        Claim("ref_type").Should().Be("tag");
        Claim("environment").Should().Be("pypi");
        Claim("event_name").Should().Be("push");
        Claim("sha").Should().MatchRegex("^[0-9a-f]{40}$");
        (token.ValidTo - token.IssuedAt).Should().Be(TimeSpan.FromMinutes(5));
        token.ValidFrom.Should().Be(token.IssuedAt);
        token.Alg.Should().Be("RS256");
        new JsonWebTokenHandler().ReadJsonWebToken(second).Id.Should().NotBe(token.Id, "every token has its own jti");
        github.TokensIssued.Should().Be(2);
    }

    [Fact]
    public async Task It_requires_the_bearer_request_token()
    {
        await using var github = await GitHubOidcStandIn.StartAsync(new OidcStandInOptions { Identity = Identity });
        using var http = new HttpClient();

        using var response = await http.GetAsync(github.RequestUrl + "&audience=pypi");

        ((int)response.StatusCode).Should().Be(401);
        github.TokensIssued.Should().Be(0);
    }

    [Fact]
    public async Task Its_tokens_verify_with_the_issuer_key_and_not_with_another_instances()
    {
        await using var github = await GitHubOidcStandIn.StartAsync(new OidcStandInOptions { Identity = Identity });
        await using var other = await GitHubOidcStandIn.StartAsync(new OidcStandInOptions { Identity = Identity });
        var jwt = github.CreateToken("pypi");

        async Task<bool> ValidWith(Microsoft.IdentityModel.Tokens.SecurityKey key) => (await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new Microsoft.IdentityModel.Tokens.TokenValidationParameters
        {
            ValidIssuer = GitHubOidcStandIn.Issuer,
            ValidAudience = "pypi",
            IssuerSigningKey = key,
        })).IsValid;

        (await ValidWith(github.IssuerKey)).Should().BeTrue();
        (await ValidWith(other.IssuerKey)).Should().BeFalse();
    }
}
