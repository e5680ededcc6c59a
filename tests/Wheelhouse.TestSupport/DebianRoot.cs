using CliWrap;
using CliWrap.Buffered;

namespace Wheelhouse.TestSupport;

/// <summary>
/// A Debian root made by <c>./build.sh TestTools</c> (build/ITestRoots.cs), in which tests run modern tools the machine
/// lacks. Each <see cref="RunAsync"/> is one child process: <c>unshare</c> gives it a private mount namespace, where it
/// binds the host's /proc, /dev, /sys, /tmp (and the temp folder), .NET SDK and NuGet package cache into the root, then
/// chroots. The binds die with the process, so nothing stays mounted and parallel runs never see each other's mounts;
/// a test's temp folder is the same path inside and out. Tests never make the root: a missing one is an error.
/// </summary>
public sealed class DebianRoot
{
    /// <summary>The file ITestRoots writes last into a finished root.</summary>
    public const string StampName = ".wheelhouse-root";

    private const string DefaultRoots = "/var/tmp/wheelhouse-roots";
    private const string StandardPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>Binds, then chroot into the root with only the given environment, in the working directory.</summary>
    private const string Script = """
        set -eu
        root=$1 dotnet=$2 nuget=$3 temp=$4 workdir=$5
        shift 5
        mount --rbind /proc "$root/proc"
        mount --rbind /dev "$root/dev"
        mount --rbind /sys "$root/sys"
        mount --bind /tmp "$root/tmp"
        if [ -n "$temp" ]; then mkdir -p "$root$temp"; mount --bind "$temp" "$root$temp"; fi
        mkdir -p "$root/usr/share/dotnet"
        mount --bind "$dotnet" "$root/usr/share/dotnet"
        if [ -n "$nuget" ]; then mkdir -p "$root$nuget"; mount --bind "$nuget" "$root$nuget"; fi
        exec chroot "$root" /usr/bin/env -i -C "$workdir" "$@"
        """;

    public DebianRoot(string directory) => Directory = Path.GetFullPath(directory).TrimEnd('/');

    /// <summary>The Debian 13 root: <c>$WHEELHOUSE_ROOTS/trixie</c>, default /var/tmp/wheelhouse-roots/trixie.</summary>
    public static DebianRoot Trixie { get; } = new(Path.Combine(
        Environment.GetEnvironmentVariable("WHEELHOUSE_ROOTS") is { Length: > 0 } roots ? roots : DefaultRoots, "trixie"));

    public string Directory { get; }

    public bool IsProvisioned => File.Exists(Path.Combine(Directory, StampName));

    /// <summary>
    /// Runs <paramref name="command"/> (a program on the root's PATH and its arguments) inside the root, in
    /// <paramref name="workingDirectory"/> (a path under /tmp is the same inside and out). The command sees a plain
    /// Debian environment (HOME=/root, standard PATH, the host's NuGet cache, no build servers left running) plus
    /// <paramref name="environment"/> (a null value removes a variable); nothing of the host's environment.
    /// </summary>
    public async Task<RootRunResult> RunAsync(
        IReadOnlyList<string> command, string workingDirectory, IReadOnlyDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        if (command.Count == 0)
            throw new ArgumentException("No command to run.", nameof(command));
        if (!IsProvisioned)
            throw new InvalidOperationException(
                $"The Debian root {Directory} is missing or unfinished (no {StampName} in it). Tests never make it: run ./build.sh TestTools " +
                $"as root once on this machine; it debootstraps the root into $WHEELHOUSE_ROOTS/trixie (default {DefaultRoots}/trixie).");
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException($"Running a command in the Debian root {Directory} needs root (a mount namespace and chroot); run the tests as root.");

        var temp = Path.GetFullPath(Path.GetTempPath()).TrimEnd('/');
        var extraTemp = temp == "/tmp" || temp.StartsWith("/tmp/", StringComparison.Ordinal) ? "" : temp;
        var workdir = Path.GetFullPath(workingDirectory).TrimEnd('/');
        if (!IsWithin(workdir, "/tmp") && !(extraTemp.Length > 0 && IsWithin(workdir, extraTemp)) && !System.IO.Directory.Exists(Directory + workdir))
            throw new ArgumentException($"{workdir} is neither under /tmp (bound into the root) nor a folder of the root {Directory}.", nameof(workingDirectory));

        var nuget = NuGetPackages();
        var variables = new SortedDictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = "/root",
            ["PATH"] = StandardPath,
            ["LANG"] = "C.UTF-8",
            ["TERM"] = "dumb",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            // A build server or MSBuild node outliving the command would keep the namespace (and its binds) alive.
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["UseSharedCompilation"] = "false",
            ["NUGET_PACKAGES"] = nuget,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            variables[name] = value;

        string[] arguments =
        [
            "--mount", "--propagation", "private", "--", "/bin/sh", "-c", Script, "debian-root",
            Directory, HostDotnetRoot(), nuget ?? "", extraTemp, workdir,
            .. variables.Where(v => v.Value != null).Select(v => $"{v.Key}={v.Value}"),
            .. command,
        ];
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(15));
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        var result = await Cli.Wrap("unshare").WithArguments(arguments).WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(linked.Token);
        return new RootRunResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }

    /// <summary>
    /// Writes <paramref name="wrapperFile"/>, an executable on the host that runs <paramref name="programInRoot"/> (e.g. a venv's
    /// python made inside the root, under /tmp) chrooted into the root, with the caller's environment, arguments and working
    /// folder (under /tmp, the same path inside): code that starts "a Python" on the host then talks to the root's toolchain.
    /// Each start is its own private mount namespace, as with <see cref="RunAsync"/>.
    /// </summary>
    public string WriteProgramWrapper(string programInRoot, string wrapperFile)
    {
        if (!IsProvisioned)
            throw new InvalidOperationException($"The Debian root {Directory} is missing or unfinished: run ./build.sh TestTools as root once on this machine.");
        var script = $$"""
            #!/bin/sh
            # Runs {{programInRoot}} inside the Debian root {{Directory}} (written by DebianRoot.WriteProgramWrapper).
            exec unshare --mount --propagation private -- /bin/sh -c '
              set -eu
              root=$1 workdir=$2
              shift 2
              mount --rbind /proc "$root/proc"
              mount --rbind /dev "$root/dev"
              mount --bind /tmp "$root/tmp"
              exec chroot "$root" /usr/bin/env -C "$workdir" "$@"
            ' wrapper '{{Directory}}' "$(pwd)" '{{programInRoot}}' "$@"
            """;
        File.WriteAllText(wrapperFile, script.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(wrapperFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        return wrapperFile;
    }

    private static bool IsWithin(string path, string folder) => path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal);

    /// <summary>The folder of the .NET installation the <c>dotnet</c> on PATH (or the one running the tests) belongs to.</summary>
    private static string HostDotnetRoot()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "dotnet")).FirstOrDefault(File.Exists);
        foreach (var candidate in new[] { onPath, Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"), "/usr/share/dotnet/dotnet" })
        {
            if (candidate is null || !File.Exists(candidate))
                continue;
            var target = File.ResolveLinkTarget(candidate, returnFinalTarget: true)?.FullName ?? candidate;
            return Path.GetDirectoryName(Path.GetFullPath(target))!;
        }

        throw new InvalidOperationException("No dotnet found on PATH (nor DOTNET_HOST_PATH, /usr/share/dotnet) to bind into the Debian root.");
    }

    /// <summary>The host's NuGet package cache (NUGET_PACKAGES, else ~/.nuget/packages), when there is one.</summary>
    private static string? NuGetPackages()
    {
        var folder = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return System.IO.Directory.Exists(folder) ? Path.GetFullPath(folder).TrimEnd('/') : null;
    }
}
