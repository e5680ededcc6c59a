namespace Wheelhouse.GitHub.Workflows;

/// <summary>
/// How a workflow compiles the build once: the first job uploads what build.sh compiled (build/bin/publish/ with its
/// prebuilt.stamp, the platform and a hash of the sources) and every later job on the same runner image downloads it
/// into build/bin/prebuilt/, where build.sh runs it without restore or compile, and must (<see cref="NoCompileVariable"/>).
/// Jobs on other images compile, with the NuGet packages cached, unless they could hand a poisoned package on:
/// a workflow that publishes (a job in an environment or with id-token: write) has no cache at all, and elsewhere a
/// job that may write anything, runs in an environment or produces an artifact gets no cache.
/// </summary>
public static class CompiledBuild
{
    /// <summary>The artifact's name.</summary>
    public const string ArtifactName = "compiled-build";

    /// <summary>Where build.sh publishes the build and writes prebuilt.stamp: what the first job uploads.</summary>
    public const string OutputPath = "build/bin/publish/";

    /// <summary>Where build.sh looks for a build compiled elsewhere: where later jobs download it.</summary>
    public const string PrebuiltPath = "build/bin/prebuilt/";

    /// <summary>Set to 1, build.sh fails rather than restore or compile.</summary>
    public const string NoCompileVariable = "WHEELHOUSE_NO_COMPILE";

    /// <summary>The NuGet package folder actions/cache keeps.</summary>
    public const string NuGetPackages = "~/.nuget/packages";

    /// <summary>The cache key: the OS and what decides which packages a restore fetches (the SDK, the projects, their shared properties).</summary>
    public const string NuGetCacheKey = "nuget-${{ runner.os }}-${{ hashFiles('global.json', '**/*.csproj', '**/Directory.Build.props', '**/Directory.Packages.props') }}";
}
