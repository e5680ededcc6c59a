using Wheelhouse.Python.Requirements;

namespace Wheelhouse.Python.Tests.Requirements;

/// <summary>Marker environments of interpreters tests evaluate against (values as packaging's default_environment() gives them).</summary>
internal static class Environments
{
    /// <summary>Debian 12's /usr/bin/python3 on x86-64 Linux.</summary>
    public static readonly MarkerEnvironment CPython311Linux = new(
        PythonVersion: "3.11",
        PythonFullVersion: "3.11.2",
        OsName: "posix",
        SysPlatform: "linux",
        PlatformRelease: "6.1.0-18-amd64",
        PlatformSystem: "Linux",
        PlatformVersion: "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)",
        PlatformMachine: "x86_64",
        PlatformPythonImplementation: "CPython",
        ImplementationName: "cpython",
        ImplementationVersion: "3.11.2");

    public static readonly MarkerEnvironment CPython39Windows = CPython311Linux with
    {
        PythonVersion = "3.9",
        PythonFullVersion = "3.9.13",
        OsName = "nt",
        SysPlatform = "win32",
        PlatformRelease = "10",
        PlatformSystem = "Windows",
        PlatformVersion = "10.0.19045",
        PlatformMachine = "AMD64",
        ImplementationVersion = "3.9.13",
    };
}
