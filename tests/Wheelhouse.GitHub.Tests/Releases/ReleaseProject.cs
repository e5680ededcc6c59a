using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Wheelhouse.GitHub.Releases;

namespace Wheelhouse.GitHub.Tests.Releases;

/// <summary>A Python project in a temp folder, as GitHubRelease sees it: pyproject.toml, CHANGELOG.md and dist/.</summary>
public sealed class ReleaseProject : IDisposable
{
    public const string SampleChangelog = """
        # Changelog

        All notable changes to evalcheck are documented in this file.

        ## [Unreleased]

        ## [1.0.0rc1] - 2026-05-10

        ### Changed

        - Baselines are written atomically.

        ## [0.2.0] - 2026-04-29

        ### Added

        - The `evalcheck` fixture records named scores ([#12]).
        - The `eval` marker.

        ## [0.1.0] - 2026-03-01

        - First release.

        [Unreleased]: https://github.com/evalcheck/evalcheck/compare/v0.2.0...HEAD
        [0.2.0]: https://github.com/evalcheck/evalcheck/compare/v0.1.0...v0.2.0
        [0.1.0]: https://github.com/evalcheck/evalcheck/releases/tag/v0.1.0
        [#12]: https://github.com/evalcheck/evalcheck/pull/12

        """;

    /// <summary>The notes the sample changelog gives for 0.2.0.</summary>
    public const string Notes020 = """
        ### Added

        - The `evalcheck` fixture records named scores ([#12]).
        - The `eval` marker.

        [#12]: https://github.com/evalcheck/evalcheck/pull/12
        """;

    public ReleaseProject(string version = "0.2.0", string changelog = SampleChangelog)
    {
        Root = Directory.CreateTempSubdirectory("wheelhouse-github-release-").FullName;
        Version = version;
        File.WriteAllText(Path.Combine(Root, "pyproject.toml"), $"""
            [build-system]
            requires = ["hatchling"]
            build-backend = "hatchling.build"

            [project]
            name = "evalcheck"
            version = "{version}"

            """);
        File.WriteAllText(Path.Combine(Root, "CHANGELOG.md"), changelog);
        Directory.CreateDirectory(Dist);
        WriteDist(Wheel, Content("wheel", 700));
        WriteDist(Sdist, Content("sdist", 900));
    }

    public string Root { get; }
    public string Version { get; }
    public string Dist => Path.Combine(Root, "dist");
    public string Wheel => $"evalcheck-{Version}-py3-none-any.whl";
    public string Sdist => $"evalcheck-{Version}.tar.gz";
    public string Tag => $"v{Version}";

    public byte[] WriteDist(string name, byte[] content)
    {
        File.WriteAllBytes(Path.Combine(Dist, name), content);
        return content;
    }

    public byte[] ReadDist(string name) => File.ReadAllBytes(Path.Combine(Dist, name));

    /// <summary>Deterministic bytes that look like nothing in particular.</summary>
    public static byte[] Content(string seed, int length)
    {
        var bytes = new byte[length];
        var block = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        for (var i = 0; i < length; i++)
        {
            if (i % block.Length == 0 && i > 0)
                block = SHA256.HashData(block);
            bytes[i] = block[i % block.Length];
        }

        return bytes;
    }

    /// <summary>The SHA256SUMS text for the current dist/, computed here independently of the code under test.</summary>
    public string ExpectedSums() => string.Concat(
        Directory.GetFiles(Dist).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .Select(name => $"{Convert.ToHexStringLower(SHA256.HashData(ReadDist(name!)))}  {name}\n"));

    public GitHubReleaseRequest Request(FakeGitHub github, string? token = null, List<string>? secrets = null) =>
        new(Root, Dist, "v{version}", token ?? github.Token, $"{github.Owner}/{github.Repository}", github.ApiUrl)
        {
            AddSecret = secret => secrets?.Add(secret),
        };

    /// <summary>Runs git in the project folder (for the tests that need a repository); fails the test on an error.</summary>
    public string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["GIT_AUTHOR_NAME"] = start.Environment["GIT_COMMITTER_NAME"] = "Release Tests";
        start.Environment["GIT_AUTHOR_EMAIL"] = start.Environment["GIT_COMMITTER_EMAIL"] = "release-tests@example.org";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error}");
        return output.Trim();
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
