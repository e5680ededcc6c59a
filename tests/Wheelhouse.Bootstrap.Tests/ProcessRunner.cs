using System.Diagnostics;
using System.Text;

namespace Wheelhouse.Bootstrap.Tests;

/// <summary>What a finished child process left behind.</summary>
public sealed record RunResult(int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed)
{
    public IReadOnlyList<string> StdOutLines =>
        StdOut.Replace("\r\n", "\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Used as the "because" of assertions, so a failure shows the whole run.</summary>
    public string Describe() =>
        $"the run exited {ExitCode} after {Elapsed.TotalSeconds:F1} s\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";
}

internal static class ProcessRunner
{
    /// <summary>Variables that `dotnet test` puts into the test host and that would steer a nested
    /// `dotnet build` towards the outer build's MSBuild; a user's shell has none of them.</summary>
    private static bool IsTestHostVariable(string name) =>
        (name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) &&
         !name.Equals("MSBUILDDISABLENODEREUSE", StringComparison.OrdinalIgnoreCase)) ||
        name.StartsWith("_MSBUILD", StringComparison.OrdinalIgnoreCase) ||
        name.StartsWith("VSTEST_", StringComparison.OrdinalIgnoreCase) ||
        name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase);

    public static RunResult Run(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);

        foreach (var name in info.Environment.Keys.Where(IsTestHostVariable).ToList())
            info.Environment.Remove(name);
        // the nested compiles must not leave MSBuild worker nodes behind
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                if (value is null) info.Environment.Remove(name);
                else info.Environment[name] = value;
            }
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) stdout.Append(e.Data).Append('\n'); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.Append(e.Data).Append('\n'); };

        var clock = Stopwatch.StartNew();
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var limit = timeout ?? TimeSpan.FromMinutes(5);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException(
                $"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within {limit}\n" +
                $"--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}");
        }
        process.WaitForExit(); // drains the asynchronous readers
        clock.Stop();

        lock (stdout) lock (stderr)
            return new RunResult(process.ExitCode, stdout.ToString(), stderr.ToString(), clock.Elapsed);
    }
}
