using Wheelhouse.Engine.Tooling;

namespace Wheelhouse.Python.Tests.Release;

/// <summary>A real git repository in a temp folder holding a small Python project (by default at 0.2.0), committed once.</summary>
public sealed class ReleaseRepository : IDisposable
{
    public const string PyProject = """
        # The project.
        [project]
        name = "demo-plugin"
        version = '0.2.0'   # bumped by BumpVersion
        dependencies = ["pytest>=7"]
        license = { text = "MIT" }

        """;

    public const string Init = "\"\"\"Demo.\"\"\"\n\n__version__ = \"0.2.0\"\n";

    public const string ChangelogText = """
        # Changelog

        ## [Unreleased]

        ### Fixed

        - A bug.

        ## [0.2.0] - 2026-04-29

        - First.

        [Unreleased]: https://github.com/o/demo/compare/v0.2.0...HEAD
        [0.2.0]: https://github.com/o/demo/releases/tag/v0.2.0

        """;

    private readonly TempFolder _folder = new();

    private ReleaseRepository()
    {
    }

    public string Root => _folder.Path;

    public static Task<ReleaseRepository> CreateAsync(bool withGit = true) =>
        CreateAsync(new Dictionary<string, string>
        {
            ["pyproject.toml"] = PyProject.Replace("\n", "\r\n"),
            ["src/demo_plugin/__init__.py"] = Init,
            ["CHANGELOG.md"] = ChangelogText,
            [".gitignore"] = "dist/\n",
        }, withGit);

    /// <summary>A repository holding these files (relative path → text), committed once as "Initial".</summary>
    public static async Task<ReleaseRepository> CreateAsync(IReadOnlyDictionary<string, string> files, bool withGit = true)
    {
        var repository = new ReleaseRepository();
        foreach (var (path, text) in files)
            repository._folder.Write(path, text);
        if (withGit)
        {
            await repository.GitAsync("init", "--quiet", "--initial-branch=main");
            // Local settings only, so the machine's own git configuration cannot change the outcome.
            await repository.GitAsync("config", "user.name", "Release Tests");
            await repository.GitAsync("config", "user.email", "release-tests@example.com");
            await repository.GitAsync("config", "commit.gpgsign", "false");
            await repository.GitAsync("config", "tag.gpgsign", "false");
            await repository.GitAsync("config", "core.hooksPath", ".git/hooks");
            await repository.GitAsync("config", "core.autocrlf", "false");
            await repository.GitAsync("add", "--all");
            await repository.GitAsync("commit", "--quiet", "-m", "Initial");
        }

        return repository;
    }

    public string Write(string relative, string content) => _folder.Write(relative, content);

    /// <summary>Writes a file and commits everything.</summary>
    public async Task CommitAsync(string message, string relative, string content)
    {
        Write(relative, content);
        await GitAsync("add", "--all");
        await GitAsync("commit", "--quiet", "-m", message);
    }

    public byte[] Bytes(string relative) => File.ReadAllBytes(Path.Combine(Root, relative));

    public string Text(string relative) => File.ReadAllText(Path.Combine(Root, relative));

    /// <summary>Every file's bytes, except git's own folder: to prove nothing changed.</summary>
    public IReadOnlyDictionary<string, string> Snapshot() =>
        Directory.GetFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(Root, f).StartsWith(".git" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(Root, f), f => Convert.ToHexString(File.ReadAllBytes(f)));

    public async Task<string> GitAsync(params string[] arguments)
    {
        var result = await Tool.RunAsync("git", arguments, new ToolOptions { WorkingDirectory = Root, LogOutput = false });
        return result.StandardOutput.Trim();
    }

    public async Task<(int ExitCode, string Output)> TryGitAsync(params string[] arguments)
    {
        var result = await Tool.RunAsync("git", arguments, new ToolOptions { WorkingDirectory = Root, LogOutput = false, ThrowOnFailure = false });
        return (result.ExitCode, result.StandardOutput.Trim());
    }

    /// <summary>HEAD, the index, the tags and the status: what a failed release must leave as it was.</summary>
    public async Task<string> StateAsync() =>
        string.Join("\n", await GitAsync("rev-parse", "HEAD"), await GitAsync("ls-files", "--stage"), await GitAsync("show-ref", "--tags", "--dereference").ContinueWith(t => t.IsFaulted ? "" : t.Result),
            await GitAsync("status", "--porcelain", "--untracked-files=all"));

    public void Dispose() => _folder.Dispose();
}
