using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Wheelhouse.PyPI.LocalIndex;
using Wheelhouse.PyPI.Tests.Rehearsal;

namespace Wheelhouse.PyPI.Tests.Publishing;

/// <summary>
/// A whole publish through the real build process (./build.sh PublishPyPI in a committed copy of the repository) with a
/// known secret API token in PYPI_TOKEN, uploading to the real local index. The secret must appear in no console output,
/// no log file, no file under the repository, and no process command line while the build runs: every /proc/*/cmdline
/// is read every few milliseconds, and python3 and git are wrapped by shims that record their arguments. Linux only
/// (/proc, build.sh).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SecretLeakTests : IDisposable
{
    private static readonly string Secret = "pypi-SeCrEt" + Guid.NewGuid().ToString("N") + "tOkEn";

    private readonly string folder = Directory.CreateTempSubdirectory("wheelhouse-secret-").FullName;

    /// <summary>Retries a few times: a compiler server or a process of the build may still be letting go of files.</summary>
    public void Dispose()
    {
        for (var attempt = 1; Directory.Exists(folder) && attempt <= 5; attempt++)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Thread.Sleep(500 * attempt);
            }
        }
    }

    [Fact]
    public async Task A_whole_publish_with_a_secret_API_token_shows_it_nowhere()
    {
        var repo = Path.Combine(folder, "repo");
        CopyRepository(BuiltPlugin.RepositoryRoot, repo);
        var shims = WriteShims(Path.Combine(folder, "shims"), Path.Combine(folder, "argv.log"));
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = shims + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            ["GIT_CONFIG_GLOBAL"] = WriteGitConfig(),
            // The build's Build step uses the installed backend, so whether PyPI answers changes nothing.
            ["BUILD_ISOLATION"] = "not-isolated",
        };

        // Compile the build once (it rewrites .nuke/build.schema.json when parameters changed), then commit
        // everything, so publishing by hand finds the clean work tree it requires.
        var help = Run(repo, ["--help"], environment);
        help.ExitCode.Should().Be(0, help.Describe());
        Git(repo, "init", "--quiet", "--initial-branch=main");
        Git(repo, "add", "--all");
        Git(repo, "commit", "--quiet", "-m", "copy");

        await using var index = await LocalIndexServer.StartAsync(new LocalIndexOptions
        {
            StorageDirectory = Path.Combine(folder, "index"),
            ApiTokens = [Secret],
        });

        environment["PYPI_TOKEN"] = Secret;
        using var watch = new CommandLineWatch(Secret);
        var run = Run(repo, ["PublishPyPI", "--pypi-upload-url", index.Index.UploadUrl.ToString(), "--verify-python", "/usr/bin/python3", "--verify-system-site-packages", "true"], environment);
        watch.Stop();

        run.ExitCode.Should().Be(0, run.Describe());
        run.StdOut.Should().Contain(" (not isolated)", "BUILD_ISOLATION reached the build");
        index.Uploads.Where(u => u.StatusCode == 200).Should().HaveCount(2, "the sdist and the wheel reached the index, so the token was used");
        run.StdOut.Should().Contain("installs and works with 1 interpreter(s)", "the install was verified from the index");
        run.StdOut.Should().Contain($"Installing from {index.Index.SimpleUrl}", "PublishPyPI triggers VerifyInstall, which installs from the index just published to");
        run.StdOut.IndexOf("── VerifyInstall ──", StringComparison.Ordinal).Should().BeGreaterThan(run.StdOut.IndexOf("── PublishPyPI ──", StringComparison.Ordinal), "VerifyInstall is a step after the publish");

        // A dry run uploads nothing, so the VerifyInstall it triggers has nothing to install and is skipped.
        var dryRun = Run(repo, ["PublishPyPI", "--skip", "Clean", "Build", "InspectWheel", "CheckPluginApi", "--dry-run", "true", "--pypi-upload-url", index.Index.UploadUrl.ToString()], environment);
        dryRun.ExitCode.Should().Be(0, dryRun.Describe());
        dryRun.StdOut.Should().Contain("Skipping VerifyInstall: condition false: the publish before it uploads (--dry-run uploads nothing to install)");
        index.Uploads.Where(u => u.StatusCode == 200).Should().HaveCount(2, "the dry run uploaded nothing");

        using var all = new AwesomeAssertions.Execution.AssertionScope();
        run.StdOut.Should().NotContain(Secret);
        run.StdErr.Should().NotContain(Secret);
        dryRun.StdOut.Should().NotContain(Secret);
        var logs = Directory.GetFiles(Path.Combine(repo, ".nuke", "temp"), "*", SearchOption.AllDirectories);
        logs.Should().Contain(f => f.EndsWith("build.log", StringComparison.Ordinal));
        FilesHolding(repo).Should().BeEmpty("no file under the repository (logs, reports, .git, dist, build outputs) may hold the secret");
        watch.Leaks.Should().BeEmpty("no process may have the secret on its command line");
        watch.Seen.Should().Contain(c => c.Contains("pip") && c.Contains("install"), "the watch saw the build's child processes (here pip installing from the index)");
        var argv = File.ReadAllText(Path.Combine(folder, "argv.log"));
        argv.Should().Contain("status --porcelain", "the shims recorded git's and python's arguments");
        argv.Should().NotContain(Secret);
    }

    private static RunResult Run(string repo, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var info = new ProcessStartInfo(Path.Combine(repo, "build.sh"))
        {
            WorkingDirectory = repo,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        // What dotnet test puts into the test host, and CI markers: a user's shell by hand has none of them.
        foreach (var name in info.Environment.Keys.ToList())
        {
            if (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("_MSBUILD", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("VSTEST_", StringComparison.OrdinalIgnoreCase) || name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("GITHUB_", StringComparison.Ordinal) || name.StartsWith("ACTIONS_", StringComparison.Ordinal) || name == "CI")
                info.Environment.Remove(name);
        }

        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (name, value) in environment)
            info.Environment[name] = value;

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.Append(e.Data).Append('\n'); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.Append(e.Data).Append('\n'); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"./build.sh did not finish within 10 minutes\n{stdout}\n{stderr}");
        }

        process.WaitForExit();
        lock (stdout) lock (stderr)
            return new RunResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    private sealed record RunResult(int ExitCode, string StdOut, string StdErr)
    {
        public string Describe() => $"exit code {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
    }

    /// <summary>Every file under <paramref name="root"/> whose bytes contain the secret.</summary>
    private static List<string> FilesHolding(string root)
    {
        var needle = Encoding.UTF8.GetBytes(Secret);
        return Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => File.ReadAllBytes(f).AsSpan().IndexOf(needle) >= 0)
            .ToList();
    }

    /// <summary>The build inputs, the plugin, .github and .gitignore of the repository; no outputs (bin, obj, dist, .nuke/temp).</summary>
    private static void CopyRepository(string root, string target)
    {
        static bool Skip(string name) => name is "bin" or "obj" or "temp" or "__pycache__" or "node_modules" or "dist" or ".git";

        void CopyTree(string source, string destination)
        {
            Directory.CreateDirectory(destination);
            foreach (var file in Directory.GetFiles(source))
                CopyFile(file, Path.Combine(destination, Path.GetFileName(file)));
            foreach (var directory in Directory.GetDirectories(source).Where(d => !Skip(Path.GetFileName(d))))
                CopyTree(directory, Path.Combine(destination, Path.GetFileName(directory)));
        }

        foreach (var directory in new[] { "build", ".nuke", ".config", ".github", Path.Combine("src", "evalcheck"), Path.Combine("tests", "smoke"), Path.Combine("tests", "python") })
            CopyTree(Path.Combine(root, directory), Path.Combine(target, directory));
        foreach (var optional in new[] { "plugin-api.json" }.Where(f => File.Exists(Path.Combine(root, f))))
            CopyFile(Path.Combine(root, optional), Path.Combine(target, optional));
        foreach (var project in Directory.GetDirectories(Path.Combine(root, "src"), "Wheelhouse.*"))
            CopyTree(project, Path.Combine(target, "src", Path.GetFileName(project)));
        foreach (var file in new[] { "Directory.Build.props", "global.json", "build.sh", "build.ps1", ".gitignore", "pyproject.toml", "PYPI_README.md", "CHANGELOG.md", "LICENSE", "README.md" })
            CopyFile(Path.Combine(root, file), Path.Combine(target, file));
    }

    private static void CopyFile(string source, string target)
    {
        File.Copy(source, target, overwrite: true);
        File.SetUnixFileMode(target, File.GetUnixFileMode(source));
    }

    /// <summary>python3, python and git on PATH that append their arguments to <paramref name="log"/>, then run the real ones.</summary>
    private static string WriteShims(string directory, string log)
    {
        Directory.CreateDirectory(directory);
        foreach (var (name, real) in new[] { ("python3", "/usr/bin/python3"), ("python", "/usr/bin/python3"), ("git", "/usr/bin/git") })
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, $"#!/bin/sh\nprintf '%s %s\\n' \"{name}\" \"$*\" >> '{log}'\nexec {real} \"$@\"\n");
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }

        return directory;
    }

    private string WriteGitConfig()
    {
        var path = Path.Combine(folder, "gitconfig");
        File.WriteAllText(path, "[user]\n\temail = test@example.com\n\tname = Test\n[commit]\n\tgpgsign = false\n[init]\n\tdefaultBranch = main\n");
        return path;
    }

    private void Git(string repo, params string[] arguments)
    {
        var info = new ProcessStartInfo("/usr/bin/git") { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["GIT_CONFIG_GLOBAL"] = Path.Combine(folder, "gitconfig");
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, $"git {string.Join(' ', arguments)}: {error}");
    }

    /// <summary>Reads every process's command line every few milliseconds until stopped.</summary>
    private sealed class CommandLineWatch : IDisposable
    {
        private readonly string secret;
        private readonly Thread thread;
        private volatile bool stopping;

        public CommandLineWatch(string secret)
        {
            this.secret = secret;
            thread = new Thread(Loop) { IsBackground = true, Name = "cmdline watch" };
            thread.Start();
        }

        public ConcurrentBag<string> Leaks { get; } = [];

        public ConcurrentDictionary<string, bool> SeenSet { get; } = new();

        public IEnumerable<string> Seen => SeenSet.Keys;

        private void Loop()
        {
            while (!stopping)
            {
                foreach (var directory in Directory.EnumerateDirectories("/proc"))
                {
                    if (!int.TryParse(Path.GetFileName(directory), out _))
                        continue;
                    string commandLine;
                    try
                    {
                        commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        continue; // the process ended meanwhile
                    }

                    if (commandLine.Length == 0)
                        continue;
                    SeenSet.TryAdd(commandLine, true);
                    if (commandLine.Contains(secret, StringComparison.Ordinal))
                        Leaks.Add(commandLine);
                }

                Thread.Sleep(5);
            }
        }

        public void Stop()
        {
            stopping = true;
            thread.Join();
        }

        public void Dispose()
        {
            if (!stopping)
                Stop();
        }
    }
}
