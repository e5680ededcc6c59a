using System.Diagnostics;
using System.Text;
using Wheelhouse.GitHub.Workflows;

namespace Wheelhouse.GitHub.Tests.Workflows;

/// <summary>The repository these tests were built from: found by walking up to Wheelhouse.sln.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string WorkflowPath(string fileName) => Path.Combine(Root, ".github", "workflows", fileName);

    public static string ReadWorkflow(string fileName) => File.ReadAllText(WorkflowPath(fileName));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Wheelhouse.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"no folder containing Wheelhouse.sln above {AppContext.BaseDirectory}");
    }
}

/// <summary>What a finished child process left behind.</summary>
public sealed record ProcessResult(int ExitCode, string Out, string Error)
{
    public string Describe() => $"exit code {ExitCode}\n--- stdout ---\n{Out}\n--- stderr ---\n{Error}";
}

internal static class ChildProcess
{
    /// <summary>
    /// Runs a program with the test host's MSBuild and VSTest variables removed (a nested <c>dotnet build</c> must not
    /// use the outer build's), CI detection removed (the runs are local builds), and <paramref name="environment"/> on top.
    /// </summary>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        foreach (var name in info.Environment.Keys.Where(IsInherited).ToList())
            info.Environment.Remove(name);
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
                info.Environment.Remove(name);
            else
                info.Environment[name] = value;
        }

        var output = new StringBuilder();
        var error = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Append(e.Data).Append('\n'); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (error) error.Append(e.Data).Append('\n'); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var limit = timeout ?? TimeSpan.FromMinutes(5);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within {limit}\n{output}\n{error}");
        }

        process.WaitForExit();
        return new ProcessResult(process.ExitCode, output.ToString(), error.ToString());
    }

    private static bool IsInherited(string name) =>
        (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) && !name.Equals("MSBUILDDISABLENODEREUSE", StringComparison.OrdinalIgnoreCase))
        || name.StartsWith("_MSBUILD", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("VSTEST_", StringComparison.OrdinalIgnoreCase)
        || name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase)
        || name.Equals("CI", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("GITHUB_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("RUNNER_", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A temporary folder, deleted when disposed.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder(string purpose)
    {
        Path = Directory.CreateTempSubdirectory($"wheelhouse-workflows-{purpose}-").FullName;
    }

    public string Path { get; }

    public string Write(string relative, string content)
    {
        var file = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>Small workflows to test the generator with, built from attributes the way the build class declares them.</summary>
internal static class SampleWorkflows
{
    public static GitHubActionsAttribute Release() => new("release", GitHubActionsImage.UbuntuLatest)
    {
        OnPushTags = ["v*"],
        ConcurrencyGroup = "release-${{ github.ref }}",
        TimeoutMinutes = 20,
    };

    public static GitHubActionsJobAttribute BuildJob() => new("release", "build")
    {
        InvokedTargets = ["InspectWheel"],
        PythonVersion = "3.12",
        ProducesArtifact = "dist",
        ReadPermissions = [GitHubActionsPermissions.Contents],
    };

    public static GitHubActionsJobAttribute PublishJob() => new("release", "publish")
    {
        Needs = ["build"],
        InvokedTargets = ["PublishPyPI"],
        SkipDependencies = true,
        ConsumesArtifact = "dist",
        EnvironmentName = "pypi",
        EnvironmentUrl = "https://pypi.org/p/evalcheck",
        WritePermissions = [GitHubActionsPermissions.IdToken],
    };

    public static GitHubActionsJobAttribute VerifyJob() => new("release", "verify")
    {
        Needs = ["publish"],
        InvokedTargets = ["VerifyInstall"],
        SkipDependencies = true,
        Arguments = "--verify-index-url https://pypi.org/simple/",
        MatrixOs = [GitHubActionsImage.UbuntuLatest, GitHubActionsImage.WindowsLatest],
        MatrixPython = ["3.10", "3.13"],
        PythonParameter = "VerifyPython",
    };

    public static Workflow Single(GitHubActionsAttribute workflow, params GitHubActionsJobAttribute[] jobs) =>
        WorkflowBuilder.FromAttributes([workflow], jobs).Single();

    public static Workflow ReleaseWorkflow() => Single(Release(), BuildJob(), PublishJob(), VerifyJob());
}
