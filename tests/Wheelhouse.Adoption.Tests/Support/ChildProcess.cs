using System.Diagnostics;
using System.Text;

namespace Wheelhouse.Adoption.Tests.Support;

/// <summary>What a finished process printed and returned.</summary>
public sealed record ProcessResult(string Command, int ExitCode, string Out, string Err)
{
    /// <summary>For the "because" of an assertion: the whole run.</summary>
    public string Describe() => $"{Command} exited {ExitCode}\n--- stdout ---\n{Out}\n--- stderr ---\n{Err}";
}

/// <summary>Runs real tools (dotnet, git, python, build.sh) as a user's shell would.</summary>
public static class ChildProcess
{
    /// <summary>
    /// Variables `dotnet test` gives the test host that would steer a nested dotnet towards the outer MSBuild;
    /// a user's shell has none of them.
    /// </summary>
    private static bool IsTestHostVariable(string name) =>
        (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) && !name.Equals("MSBUILDDISABLENODEREUSE", StringComparison.OrdinalIgnoreCase)) ||
        name.StartsWith("_MSBUILD", StringComparison.OrdinalIgnoreCase) ||
        name.StartsWith("VSTEST_", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase);

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
        foreach (var name in info.Environment.Keys.Where(IsTestHostVariable).ToList())
            info.Environment.Remove(name);
        // Nested compiles must not leave MSBuild worker nodes behind.
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
                info.Environment.Remove(name);
            else
                info.Environment[name] = value;
        }

        var command = $"{fileName} {string.Join(' ', info.ArgumentList)} (in {workingDirectory})";
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.Append(e.Data).Append('\n'); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.Append(e.Data).Append('\n'); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // A bound only against a hung process; loaded 2-core machines make every step slow, so it is generous.
        var limit = timeout ?? TimeSpan.FromMinutes(10);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{command} did not finish within {limit}\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}");
        }

        process.WaitForExit(); // drains the asynchronous readers
        lock (stdout)
            lock (stderr)
                return new ProcessResult(command, process.ExitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>git with a fixed identity, so commits work on a machine without a git configuration.</summary>
    public static ProcessResult Git(string repository, params string[] arguments) =>
        Run("git", ["-c", "user.name=Adoption Test", "-c", "user.email=adoption@example.invalid", "-c", "init.defaultBranch=main", .. arguments], repository);
}
