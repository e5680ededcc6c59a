using System.Diagnostics;
using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;
using Wheelhouse.Python;

/// <summary>
/// The Debian 13 ("trixie") root the tests run modern tools in (Python 3.13, pytest 8, setuptools 78, hatchling 1.27,
/// build 1.2, twine 6), where the machine's own Debian 12 has older ones. Made once per machine with debootstrap, outside
/// the checkout so fresh clones share it, and remade only when the package list changes: a machine that has it pays a
/// stamp check. Tests run commands in it with tests/Wheelhouse.TestSupport's DebianRoot, which knows the same location
/// and stamp (<c>$WHEELHOUSE_ROOTS/trixie/.wheelhouse-root</c>) and never makes the root itself.
/// </summary>
interface ITestRoots : IBuild
{
    const string Suite = "trixie";

    /// <summary>
    /// What the root holds: the Python toolchain and the build backends the tests build with, git, and what the build
    /// itself needs to run inside (venv and pip for VerifyInstall, ICU and CA certificates for .NET).
    /// python3-cffi-backend is named because debootstrap does not resolve virtual packages: twine's dependency on
    /// python3-cffi-backend-api-min (through python3-cryptography) would otherwise leave twine unconfigured.
    /// </summary>
    const string TrixiePackages =
        "python3 python3-venv python3-pip python3-pytest python3-setuptools python3-setuptools-scm python3-build " +
        "python3-hatchling python3-hatch-vcs python3-poetry-core flit twine python3-cffi-backend git ca-certificates libicu76";

    /// <summary>Modules the finished root's Python must import; a root that cannot is never put in place.</summary>
    private const string RequiredModules = "pytest, build, twine, hatchling, setuptools, setuptools_scm, hatch_vcs, poetry.core, flit_core, venv, ensurepip, pip";

    /// <summary>Written last into a finished root; its text names the suite and the packages, so a changed list remakes the root.</summary>
    private const string StampName = ".wheelhouse-root";

    private const string DefaultMirror = "http://deb.debian.org/debian";

    /// <summary>Where the roots live: <c>$WHEELHOUSE_ROOTS</c>, default /var/tmp/wheelhouse-roots (kept across reboots and clones).</summary>
    AbsolutePath TestRootsDirectory =>
        AbsolutePath.Create(Environment.GetEnvironmentVariable("WHEELHOUSE_ROOTS") is { Length: > 0 } custom ? Path.GetFullPath(custom) : "/var/tmp/wheelhouse-roots");

    AbsolutePath TrixieRoot => TestRootsDirectory / Suite;

    /// <summary>Makes the Debian 13 root when it is missing, unfinished or made from another package list.</summary>
    async Task ProvisionTestRootsAsync(CancellationToken cancellationToken)
    {
        var root = TrixieRoot;
        var stamp = StampText(Suite, TrixiePackages);
        if (IsCurrent(root, stamp))
            return;

        if (!OperatingSystem.IsLinux() || !Environment.IsPrivilegedProcess)
            throw new BuildException(
                $"The tests need a Debian 13 root in {root} (Python 3.13, pytest 8), and it is {(root.DirectoryExists() ? "out of date" : "missing")}. " +
                "Making it needs root on Linux (debootstrap, chroot): run ./build.sh TestTools as root once; WHEELHOUSE_ROOTS moves it.");
        if (ExecutableSearch.Resolve("debootstrap") is null)
            throw new BuildException($"The tests need a Debian 13 root in {root}, and making it needs debootstrap: apt-get install debootstrap, then run ./build.sh TestTools again.");

        Directory.CreateDirectory(TestRootsDirectory);
        // Builds in other clones on this machine share the root: one makes it, the others wait and then find it current.
        using var guard = await LockAsync(TestRootsDirectory / $"{Suite}.lock", cancellationToken);
        if (IsCurrent(root, stamp))
            return;

        var clock = Stopwatch.StartNew();
        var mirror = DebianMirror(ReadIfExists("/etc/apt/sources.list.d/debian.sources"), ReadIfExists("/etc/apt/sources.list"));
        var staging = TestRootsDirectory / $"{Suite}.partial";
        await RemoveAsync(staging, cancellationToken);
        Log.Information("Making the Debian 13 root the tests use ({Reason}): debootstrap {Suite} into {Root} from {Mirror}, a few minutes",
            root.DirectoryExists() ? "its package list changed" : "there is none yet", Suite, root, mirror);
        BuildException? debootstrapFailure = null;
        try
        {
            await Tool.RunAsync("debootstrap", ["--variant=minbase", $"--include={string.Join(',', Packages(TrixiePackages))}", Suite, staging, mirror],
                new ToolOptions { LogOutput = false }, cancellationToken);
        }
        catch (BuildException e)
        {
            debootstrapFailure = new BuildException($"debootstrap could not make the Debian 13 root in {staging} from {mirror}: {e.Message}{Environment.NewLine}" +
                $"Its log is {staging / "debootstrap" / "debootstrap.log"}. Fix the cause (network, mirror, disk space), then run ./build.sh TestTools again.");
        }

        // debootstrap does not resolve virtual packages: a package waiting for one stops it at the configure step, with
        // everything unpacked. apt inside the root can finish that; any other failure stands.
        if (debootstrapFailure != null && !(staging / "var" / "lib" / "dpkg" / "status").FileExists())
            throw debootstrapFailure;
        if (!await ConfigurePackagesAsync(staging, cancellationToken) && debootstrapFailure != null)
            throw debootstrapFailure;
        if (debootstrapFailure != null)
            Log.Warning("debootstrap stopped at configuring packages that wait for a virtual package; apt-get install -f inside the root finished the job. " +
                "Name the package that provides it in TrixiePackages (build/ITestRoots.cs) to spare this step");

        var modules = await Tool.RunAsync("chroot", [staging, "/usr/bin/python3", "-I", "-c", $"import {RequiredModules}"], InsideRoot() with { ThrowOnFailure = false }, cancellationToken);
        if (modules.ExitCode != 0)
            throw new BuildException($"The Debian 13 root made in {staging} lacks a Python module the tests need ({RequiredModules}):{Environment.NewLine}" +
                $"  {modules.StandardError.Trim().Split('\n').LastOrDefault()}{Environment.NewLine}Add its Debian package to TrixiePackages (build/ITestRoots.cs), then run ./build.sh TestTools again.");

        // Where tests bind the host's .NET SDK, and the command that finds it (tests/Wheelhouse.TestSupport's DebianRoot).
        Directory.CreateDirectory(staging / "usr" / "share" / "dotnet");
        var dotnetLink = staging / "usr" / "bin" / "dotnet";
        if (!File.Exists(dotnetLink))
            File.CreateSymbolicLink(dotnetLink, "/usr/share/dotnet/dotnet");

        AtomicFile.WriteAllText(staging / StampName, stamp);
        var previous = TestRootsDirectory / $"{Suite}.old";
        await RemoveAsync(previous, cancellationToken);
        if (root.DirectoryExists())
            Directory.Move(root, previous);
        Directory.Move(staging, root);
        await RemoveAsync(previous, cancellationToken);
        Log.Information("Made the Debian 13 root {Root} in {Elapsed:F0} s", root, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Configures what debootstrap left unconfigured; when dpkg alone cannot, lets apt fetch what is missing (with the
    /// host's resolver). False when there was nothing to repair. A root with packages still half-installed is an error,
    /// never put in place.
    /// </summary>
    private static async Task<bool> ConfigurePackagesAsync(AbsolutePath staging, CancellationToken cancellationToken)
    {
        await Tool.RunAsync("chroot", [staging, "dpkg", "--configure", "-a"], InsideRoot() with { ThrowOnFailure = false }, cancellationToken);
        var audit = await AuditAsync(staging, cancellationToken);
        if (audit.Length == 0)
            return false;

        Log.Information("Packages are left unconfigured in {Root}; apt-get install -f inside:{NewLine}{Audit}", staging, Environment.NewLine, audit);
        File.Copy("/etc/resolv.conf", staging / "etc" / "resolv.conf", overwrite: true);
        await Tool.RunAsync("chroot", [staging, "apt-get", "install", "-f", "-y", "-qq"], InsideRoot() with { ThrowOnFailure = false }, cancellationToken);
        await Tool.RunAsync("chroot", [staging, "dpkg", "--configure", "-a"], InsideRoot() with { ThrowOnFailure = false }, cancellationToken);
        audit = await AuditAsync(staging, cancellationToken);
        if (audit.Length > 0)
            throw new BuildException($"The Debian 13 root in {staging} still has unconfigured packages after apt-get install -f:{Environment.NewLine}{audit}{Environment.NewLine}" +
                "Add the package they wait for to TrixiePackages (build/ITestRoots.cs), then run ./build.sh TestTools again.");
        return true;
    }

    /// <summary>What dpkg says is unpacked but not configured (nothing when all is well).</summary>
    private static async Task<string> AuditAsync(AbsolutePath staging, CancellationToken cancellationToken) =>
        (await Tool.RunAsync("chroot", [staging, "dpkg", "--audit"], InsideRoot() with { ThrowOnFailure = false }, cancellationToken)).StandardOutput.Trim();

    /// <summary>Commands run inside the root get a plain Debian PATH, not the host's (pyenv shims and the like are not there).</summary>
    private static ToolOptions InsideRoot() => new()
    {
        LogOutput = false,
        Environment = new Dictionary<string, string?>
        {
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["DEBIAN_FRONTEND"] = "noninteractive",
            ["LC_ALL"] = "C.UTF-8",
        },
    };

    private static bool IsCurrent(AbsolutePath root, string stamp) =>
        (root / StampName).FileExists() && File.ReadAllText(root / StampName) == stamp;

    private static string StampText(string suite, string packages) =>
        $"wheelhouse-root 1\nsuite {suite}\npackages {string.Join(' ', Packages(packages).Order(StringComparer.Ordinal))}\n";

    private static IReadOnlyList<string> Packages(string packages) => packages.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// The machine's Debian mirror, which debootstrap fetches from: the first non-security URI of the deb822 sources
    /// (URIs:), else of the one-line sources.list (deb [options] URI suite ...), else deb.debian.org.
    /// </summary>
    private static string DebianMirror(string? deb822Sources, string? oneLineSources)
    {
        static bool IsMirror(string uri) => uri.StartsWith("http", StringComparison.Ordinal) && !uri.Contains("security", StringComparison.Ordinal);

        foreach (var line in (deb822Sources ?? "").Split('\n').Select(l => l.Trim()))
        {
            if (line.StartsWith("URIs:", StringComparison.OrdinalIgnoreCase) &&
                line["URIs:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(IsMirror) is { } uri)
                return uri.TrimEnd('/');
        }

        foreach (var line in (oneLineSources ?? "").Split('\n').Select(l => l.Trim()))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !w.StartsWith('[') && !w.EndsWith(']')).ToList();
            if (words.Count >= 3 && words[0] == "deb" && IsMirror(words[1]))
                return words[1].TrimEnd('/');
        }

        return DefaultMirror;
    }

    private static string? ReadIfExists(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

    /// <summary>Removes a root's folder without crossing into anything mounted below it (a bind of /tmp, say).</summary>
    private static async Task RemoveAsync(AbsolutePath folder, CancellationToken cancellationToken)
    {
        if (folder.DirectoryExists())
            await Tool.RunAsync("rm", ["-rf", "--one-file-system", folder], new ToolOptions { LogOutput = false }, cancellationToken);
    }

    /// <summary>An exclusive lock (flock, released when the process ends), waited for while another build holds it.</summary>
    private static async Task<FileStream> LockAsync(AbsolutePath lockFile, CancellationToken cancellationToken)
    {
        var waiting = false;
        while (true)
        {
            try
            {
                return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                if (!waiting)
                    Log.Information("Another build is making the Debian 13 root ({Lock} is held); waiting for it", lockFile);
                waiting = true;
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }
    }
}
