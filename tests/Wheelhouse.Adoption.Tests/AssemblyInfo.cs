// The tests share one pack and one adopted repository, and compile and run real builds: one at a time keeps them from
// competing for the machine's cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// The adopted plugins run build.sh and the Debian Python (/usr/bin/python3): Linux, as the other integration tests.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
