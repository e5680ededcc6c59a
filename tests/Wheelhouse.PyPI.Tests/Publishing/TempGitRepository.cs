using System.Diagnostics;
using Wheelhouse.Engine;

namespace Wheelhouse.PyPI.Tests.Publishing;

/// <summary>A temp folder, optionally a real git repository with one commit, removed afterwards.</summary>
internal sealed class TempGitRepository : IDisposable
{
    public TempGitRepository(bool git = true)
    {
        Root = AbsolutePath.Create(Directory.CreateTempSubdirectory("wheelhouse-publish-").FullName);
        if (!git)
            return;
        Git("init", "--quiet", "--initial-branch=main");
        Git("config", "user.email", "test@example.com");
        Git("config", "user.name", "Test");
        Git("config", "commit.gpgsign", "false");
        Write(".gitignore", "dist/\n.nuke/temp/\n");
        Write("README.md", "hello\n");
        Git("add", "--all");
        Git("commit", "--quiet", "-m", "first");
    }

    public AbsolutePath Root { get; }

    public AbsolutePath Dist => Root / "dist";

    public string Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Empty files with distribution names: the guards read names only.</summary>
    public void Distributions(params string[] fileNames)
    {
        foreach (var name in fileNames)
            Write(Path.Combine("dist", name), "");
    }

    public string Git(params string[] arguments)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed: {error}");
        return output;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
