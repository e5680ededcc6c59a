using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;

namespace Wheelhouse.Python.Provisioning;

/// <summary>Debian's package tool, as the provisioning uses it: no prompts, no sudo, output kept out of the way unless it fails.</summary>
public static class Apt
{
    private static readonly IReadOnlyDictionary<string, string?> Quiet = new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" };

    /// <summary>Debian or Ubuntu (or a derivative that says so in /etc/os-release) with apt-get.</summary>
    public static bool IsAvailable()
    {
        if (!OperatingSystem.IsLinux() || ExecutableSearch.Resolve("apt-get") is null || !File.Exists("/etc/os-release"))
            return false;
        var release = File.ReadAllLines("/etc/os-release");
        return OsRelease.IsDebianLike(release);
    }

    public static Task UpdateAsync(CancellationToken cancellationToken) =>
        Tool.RunAsync("apt-get", ["update", "-qq"], new ToolOptions { LogOutput = false, Environment = Quiet }, cancellationToken);

    /// <summary>The packages of <paramref name="packages"/> that apt has no installable version of.</summary>
    public static async Task<IReadOnlySet<string>> WithoutCandidateAsync(IReadOnlyList<string> packages, CancellationToken cancellationToken)
    {
        var result = await Tool.RunAsync("apt-cache", ["policy", .. packages], new ToolOptions { LogOutput = false, ThrowOnFailure = false, Environment = Quiet }, cancellationToken);
        return AptPolicy.WithoutCandidate(packages, result.StandardOutput);
    }

    public static async Task InstallAsync(IReadOnlyList<string> packages, CancellationToken cancellationToken)
    {
        var result = await Tool.RunAsync("apt-get", ["install", "-y", "-qq", .. packages],
            new ToolOptions { LogOutput = false, ThrowOnFailure = false, Environment = Quiet }, cancellationToken);
        if (result.ExitCode != 0)
        {
            var tail = string.Join(Environment.NewLine, result.Output.TakeLast(15).Select(l => "  " + l.Text));
            throw new BuildException($"apt-get install {string.Join(' ', packages)} failed with exit code {result.ExitCode}:{Environment.NewLine}{tail}{Environment.NewLine}" +
                "Fix what apt says (a held package, a full disk, a lock held by another apt), or install the packages by hand, then run the build again.");
        }
    }
}
