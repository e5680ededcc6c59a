using System.Text.RegularExpressions;
using Wheelhouse.GitHub.Workflows;
using YamlDotNet.RepresentationModel;

namespace Wheelhouse.GitHub.Tests.Workflows;

/// <summary>
/// The security shape of the committed .github/workflows files, read as YAML (BuildCopyTests prove they are what
/// build/Build.cs generates). Each test names a rule of GUIDE.md's "secure shape for a PyPI release".
/// </summary>
public sealed partial class CommittedWorkflowShapeTests
{
    public static TheoryData<string> Files => new() { "ci.yml", "release.yml" };

    private static YamlMappingNode Load(string fileName)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Repository.ReadWorkflow(fileName)));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    private static IEnumerable<(string Id, YamlMappingNode Job)> Jobs(YamlMappingNode workflow) =>
        Map(workflow, "jobs").Children.Select(j => (((YamlScalarNode)j.Key).Value!, (YamlMappingNode)j.Value));

    private static IEnumerable<YamlMappingNode> Steps(YamlMappingNode job) =>
        ((YamlSequenceNode)job.Children[new YamlScalarNode("steps")]).Children.Cast<YamlMappingNode>();

    private static string? Scalar(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private static IReadOnlyDictionary<string, string> Permissions(YamlMappingNode job) =>
        Map(job, "permissions").Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value!);

    private static IEnumerable<YamlScalarNode> AllScalars(YamlNode node) => node switch
    {
        YamlScalarNode scalar => [scalar],
        YamlMappingNode map => map.Children.SelectMany(c => AllScalars(c.Key).Concat(AllScalars(c.Value))),
        YamlSequenceNode sequence => sequence.Children.SelectMany(AllScalars),
        _ => [],
    };

    [Fact]
    public void Both_workflows_are_committed_and_start_with_the_generated_header()
    {
        foreach (var file in new[] { "ci.yml", "release.yml" })
            Repository.ReadWorkflow(file).Split('\n')[0].Should().Be(WorkflowTargets.Header, file);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_token_has_no_permission_at_the_top_and_every_job_names_its_own(string file)
    {
        var workflow = Load(file);

        Map(workflow, "permissions").Children.Should().BeEmpty("the top level is permissions: {}");
        Repository.ReadWorkflow(file).Should().Contain("\npermissions: {}\n");
        foreach (var (id, job) in Jobs(workflow))
            job.Children.Should().ContainKey(new YamlScalarNode("permissions"), $"job {id} names its permissions");
    }

    [Fact]
    public void Only_the_publish_jobs_get_an_oidc_token()
    {
        var withToken = Jobs(Load("release.yml")).Concat(Jobs(Load("ci.yml")))
            .Where(j => Permissions(j.Job).GetValueOrDefault("id-token") == "write").Select(j => j.Id);

        withToken.Should().BeEquivalentTo(["publish-testpypi", "publish-pypi"]);
    }

    [Fact]
    public void Each_release_job_has_exactly_the_permissions_it_needs()
    {
        var permissions = Jobs(Load("release.yml")).ToDictionary(j => j.Id, j => string.Join(", ", Permissions(j.Job).Select(p => $"{p.Key}: {p.Value}")));

        permissions.Should().Equal(new Dictionary<string, string>
        {
            ["build"] = "contents: read",
            ["publish-testpypi"] = "id-token: write",
            ["publish-pypi"] = "id-token: write",
            ["verify"] = "contents: read",
            ["github-release"] = "contents: write",
        });
        Permissions(Jobs(Load("ci.yml")).Single().Job).Should().Equal(new Dictionary<string, string> { ["contents"] = "read" });
    }

    [Fact]
    public void The_release_runs_build_publish_to_testpypi_then_pypi_verify_then_the_github_release()
    {
        var jobs = Jobs(Load("release.yml")).ToList();

        jobs.Select(j => j.Id).Should().Equal("build", "publish-testpypi", "publish-pypi", "verify", "github-release");
        string Needs(string id) => jobs.Single(j => j.Id == id).Job.Children.TryGetValue(new YamlScalarNode("needs"), out var needs)
            ? string.Join(",", ((YamlSequenceNode)needs).Children.Select(n => ((YamlScalarNode)n).Value))
            : "";
        Needs("publish-testpypi").Should().Be("build");
        Needs("publish-pypi").Should().Be("publish-testpypi");
        Needs("verify").Should().Be("publish-pypi");
        Needs("github-release").Should().Be("verify");
    }

    [Fact]
    public void Publish_jobs_run_in_their_environment_download_the_artifact_do_not_rebuild_and_verify_the_install()
    {
        var jobs = Jobs(Load("release.yml")).ToDictionary(j => j.Id, j => j.Job);
        foreach (var (id, environment, url, target) in new[]
                 {
                     ("publish-testpypi", "testpypi", "https://test.pypi.org/p/evalcheck", "PublishTestPyPI"),
                     ("publish-pypi", "pypi", "https://pypi.org/p/evalcheck", "PublishPyPI"),
                 })
        {
            var job = jobs[id];
            Scalar(Map(job, "environment"), "name").Should().Be(environment);
            Scalar(Map(job, "environment"), "url").Should().Be(url);
            Steps(job).Select(s => Scalar(s, "uses")).Should().Contain(PinnedActions.DownloadArtifact.Uses);
            // VerifyInstall, which the publish triggers, is named: --skip would skip it as it skips the rebuild.
            Steps(job).Select(s => Scalar(s, "run")).Should().Contain($"./build.sh {target} VerifyInstall --skip");
        }

        jobs.Where(j => j.Key is not ("publish-testpypi" or "publish-pypi")).Should().OnlyContain(j => !j.Value.Children.ContainsKey(new YamlScalarNode("environment")));
    }

    [Fact]
    public void Each_publish_job_signs_every_downloaded_file_with_a_pep_740_attestation_before_it_uploads_and_nothing_else_signs()
    {
        var jobs = Jobs(Load("release.yml")).ToDictionary(j => j.Id, j => j.Job);
        foreach (var id in new[] { "publish-testpypi", "publish-pypi" })
        {
            var steps = Steps(jobs[id]).ToList();
            var download = steps.FindIndex(s => Scalar(s, "uses") == PinnedActions.DownloadArtifact.Uses && Scalar(Map(s, "with"), "name") == "dist");
            var sign = steps.FindIndex(s => Scalar(s, "uses") == PinnedActions.AttestAction.Uses);
            var upload = steps.FindIndex(s => Scalar(s, "run")?.StartsWith("./build.sh Publish", StringComparison.Ordinal) == true);
            sign.Should().Be(download + 1, $"{id} signs what it downloaded, straight away");
            upload.Should().Be(sign + 1, $"{id} uploads right after signing");
            Scalar(Map(steps[download], "with"), "path").Should().Be("dist/");
            Scalar(Map(steps[sign], "with"), "paths").Should().Be("dist/*", "one <file>.publish.attestation per distribution in dist/");
        }

        var signers = Jobs(Load("release.yml")).Where(j => Steps(j.Job).Any(s => Scalar(s, "uses") is { } uses
            && (uses == PinnedActions.AttestAction.Uses || uses == PinnedActions.AttestBuildProvenance.Uses))).Select(j => j.Id);
        signers.Should().BeEquivalentTo(["publish-testpypi", "publish-pypi"], "GitHub's one bundle over dist/* is gone: PyPI could not take it");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_uses_is_pinned_to_a_full_commit_sha_of_the_table_with_its_version_as_a_comment(string file)
    {
        var usesLines = Repository.ReadWorkflow(file).Split('\n').Where(l => l.TrimStart().StartsWith("uses:", StringComparison.Ordinal) || l.TrimStart().StartsWith("- uses:", StringComparison.Ordinal)).ToList();

        usesLines.Should().NotBeEmpty();
        foreach (var line in usesLines)
        {
            var match = PinnedUses().Match(line);
            match.Success.Should().BeTrue($"'{line}' is uses: owner/repo@<40 hex> # vX.Y.Z");
            PinnedActions.All.Should().ContainSingle(a => a.Repository == match.Groups["repo"].Value && a.CommitSha == match.Groups["sha"].Value && a.Version == match.Groups["version"].Value,
                $"'{line}' comes from the table in PinnedActions");
        }
    }

    [Fact]
    public void The_table_pins_the_guides_commits()
    {
        PinnedActions.All.Select(a => $"{a.Repository}@{a.Version}={a.CommitSha}").Should().BeEquivalentTo(
        [
            "actions/checkout@v7.0.1=3d3c42e5aac5ba805825da76410c181273ba90b1",
            "actions/setup-python@v7.0.0=5fda3b95a4ea91299a34e894583c3862153e4b97",
            "actions/setup-dotnet@v6.0.0=a98b56852c35b8e3190ac28c8c2271da59106c68",
            "actions/upload-artifact@v7.0.0=bbbca2ddaa5d8feaa63e36b76fdaad77386f024f",
            "actions/download-artifact@v8.0.1=3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c",
            // Tags v6 and v6.1.0 of actions/cache point at this commit.
            "actions/cache@v6.1.0=55cc8345863c7cc4c66a329aec7e433d2d1c52a9",
            "actions/attest-build-provenance@v4.1.0=a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32",
            // uv's GitHub guide (astral-sh/uv docs/guides/integration/github.md) pins this tag to this commit.
            "astral-sh/attest-action@v0.0.6=f589a42a7efb6fe400b4f400de60b4bc90390027",
        ]);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_checkout_keeps_the_token_out_of_the_git_config(string file)
    {
        var checkouts = Jobs(Load(file)).SelectMany(j => Steps(j.Job)).Where(s => Scalar(s, "uses")?.StartsWith("actions/checkout@", StringComparison.Ordinal) == true).ToList();

        checkouts.Should().NotBeEmpty();
        checkouts.Should().OnlyContain(s => Scalar(Map(s, "with"), "persist-credentials") == "false");
    }

    [Fact]
    public void The_release_workflow_has_no_cache_and_ci_caches_only_where_it_can_poison_nothing()
    {
        // A cache another branch's run can write must not reach a run that publishes (the secure shape for a PyPI
        // release); in ci.yml, no cache in a job that writes, deploys or uploads an artifact.
        static bool Caches(YamlMappingNode job) => Steps(job).Any(s => Scalar(s, "uses")?.StartsWith("actions/cache", StringComparison.Ordinal) == true);
        Jobs(Load("release.yml")).Where(j => Caches(j.Job)).Should().BeEmpty();

        var cached = Jobs(Load("ci.yml")).Where(j => Caches(j.Job)).ToList();
        cached.Select(j => j.Id).Should().BeEquivalentTo(["ubuntu-latest"]);
        foreach (var (id, job) in cached)
        {
            Permissions(job).Values.Should().NotContain("write", id);
            job.Children.Should().NotContainKey(new YamlScalarNode("environment"), id);
            Steps(job).Select(s => Scalar(s, "uses")).Should().NotContain(PinnedActions.UploadArtifact.Uses, id);
            Scalar(Map(Steps(job).Single(s => Scalar(s, "uses") == PinnedActions.Cache.Uses), "with"), "key")
                .Should().Contain("hashFiles('global.json', '**/*.csproj', '**/Directory.Build.props'");
        }
    }

    [Fact]
    public void The_release_compiles_the_build_once_and_the_publish_jobs_never_restore_or_compile()
    {
        var jobs = Jobs(Load("release.yml")).ToDictionary(j => j.Id, j => j.Job);
        bool IsCompiledBuild(YamlMappingNode step) => Scalar(step, "uses") is { } uses && uses.StartsWith("actions/", StringComparison.Ordinal)
            && step.Children.ContainsKey(new YamlScalarNode("with")) && Scalar(Map(step, "with"), "name") == CompiledBuild.ArtifactName;

        var uploads = Steps(jobs["build"]).Where(s => Scalar(s, "uses") == PinnedActions.UploadArtifact.Uses && IsCompiledBuild(s)).ToList();
        uploads.Should().ContainSingle();
        Scalar(Map(uploads[0], "with"), "path").Should().Be("build/bin/publish/");
        foreach (var id in new[] { "publish-testpypi", "publish-pypi", "verify", "github-release" })
        {
            var steps = Steps(jobs[id]).ToList();
            var download = steps.Single(s => Scalar(s, "uses") == PinnedActions.DownloadArtifact.Uses && IsCompiledBuild(s));
            Scalar(Map(download, "with"), "path").Should().Be("build/bin/prebuilt/", id);
            var bash = steps.Single(s => Scalar(s, "run")?.StartsWith("./build.sh ", StringComparison.Ordinal) == true);
            steps.IndexOf(download).Should().BeLessThan(steps.IndexOf(bash), id);
            Scalar(Map(bash, "env"), CompiledBuild.NoCompileVariable).Should().Be(id == "verify" ? "${{ matrix.os == 'ubuntu-latest' && '1' || '0' }}" : "1", id);
        }

        foreach (var id in new[] { "publish-testpypi", "publish-pypi" })
        {
            Steps(jobs[id]).Select(s => Scalar(s, "run")).OfType<string>().Should().OnlyContain(r => r.StartsWith("./build.sh Publish", StringComparison.Ordinal)
                && !r.Contains("dotnet", StringComparison.Ordinal), $"{id} runs only the compiled build, which WHEELHOUSE_NO_COMPILE keeps from compiling");
            Steps(jobs[id]).Select(s => Scalar(s, "uses")).Should().NotContain(PinnedActions.Cache.Uses);
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void No_run_script_holds_an_expression(string file)
    {
        var runs = Jobs(Load(file)).SelectMany(j => Steps(j.Job)).Select(s => Scalar(s, "run")).OfType<string>().ToList();

        runs.Should().NotBeEmpty();
        runs.Should().OnlyContain(r => !r.Contains("${{", StringComparison.Ordinal));
    }

    [Fact]
    public void The_github_token_reaches_the_release_step_only_through_env()
    {
        var job = Jobs(Load("release.yml")).Single(j => j.Id == "github-release").Job;
        var run = Steps(job).Single(s => Scalar(s, "run") != null);

        Scalar(run, "run").Should().Be("./build.sh GitHubRelease --skip");
        Scalar(Map(run, "env"), "GITHUB_TOKEN").Should().Be("${{ secrets.GITHUB_TOKEN }}");
        Repository.ReadWorkflow("release.yml").Split("secrets.").Should().HaveCount(2, "GITHUB_TOKEN is the only secret, used once");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void No_workflow_starts_on_pull_request_target(string file)
    {
        Map(Load(file), "on").Children.Keys.Select(k => ((YamlScalarNode)k).Value).Should().NotContain("pull_request_target");
        Repository.ReadWorkflow(file).Should().NotContain("pull_request_target");
    }

    [Fact]
    public void Runs_of_one_release_tag_queue_instead_of_cancelling_each_other()
    {
        var concurrency = Map(Load("release.yml"), "concurrency");

        Scalar(concurrency, "group").Should().Be("release-${{ github.ref }}");
        Scalar(concurrency, "cancel-in-progress").Should().Be("false");
        ((YamlSequenceNode)Map(Map(Load("release.yml"), "on"), "push").Children[new YamlScalarNode("tags")]).Children.Select(t => ((YamlScalarNode)t).Value).Should().Equal("v*");
    }

    [Fact]
    public void Ci_checks_the_workflows_builds_inspects_and_runs_the_tests_on_pull_requests_and_main()
    {
        var ci = Load("ci.yml");
        var on = Map(ci, "on");

        on.Children.Keys.Select(k => ((YamlScalarNode)k).Value).Should().BeEquivalentTo(["pull_request", "push"]);
        var runs = Steps(Jobs(ci).Single().Job).Select(s => Scalar(s, "run")).OfType<string>().ToList();
        runs.Should().Contain("./build.sh CheckWorkflows InspectWheel Test");
        // The runner is not root: the workflow installs the test's Debian packages with sudo; TestTools restores the rest.
        runs.Should().Contain(r => r.StartsWith("sudo apt-get update -qq && sudo apt-get install -y -qq ", StringComparison.Ordinal)
            && r.Contains("python3-build") && r.Contains("shellcheck") && r.Contains("chromium"));
    }

    [GeneratedRegex(@"^\s*(- )?uses: (?<repo>[a-z0-9-]+/[a-z0-9-]+)@(?<sha>[0-9a-f]{40}) # (?<version>v\d+\.\d+\.\d+)$")]
    private static partial Regex PinnedUses();
}
