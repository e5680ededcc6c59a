namespace Wheelhouse.Adoption.Tests.Support;

[CollectionDefinition(Name)]
public sealed class PackedWheelhouseCollection : ICollectionFixture<PackedWheelhouse>
{
    public const string Name = "Wheelhouse packed into a temp folder";
}

/// <summary>
/// The Wheelhouse packages and template packed once, offline, from this repository (Wheelhouse.Packages.slnf, what
/// ./build.sh Pack packs) into a temp folder, at a version of their own so that no NuGet cache can hold other bytes under it; the
/// template installed into a temp hive. Builds laid down from it restore into a temp packages folder, with the
/// machine's one as a read-only fallback for the third-party packages (Serilog, Spectre.Console, ...).
/// </summary>
public sealed class PackedWheelhouse : IDisposable
{
    private readonly TempFolder temp = new("packed");
    private readonly Lazy<AdoptedPlugin> hatchlingPlugin;

    public PackedWheelhouse()
    {
        Version = $"0.0.0-adoption.t{Guid.NewGuid():N}"[..32];
        PackagesFolder = temp.Folder("packages");
        Hive = temp.Folder("hive");
        RestoredPackagesFolder = temp.Folder("restored");

        // Its own artifacts path: the repository's bin/ and obj/ stay as the other test projects left them. Offline: the
        // only package source does not answer, so every package comes from the NuGet cache (the project reference of
        // this test project to Wheelhouse.Components put them there).
        Pack = ChildProcess.Run("dotnet",
            ["pack", Path.Combine(Repository.Root, "Wheelhouse.Packages.slnf"), "--output", PackagesFolder, "--artifacts-path", temp.Folder("artifacts"),
                $"-p:WheelhouseVersion={Version}", $"-p:RestoreConfigFile={WriteUnreachableSourceConfig(temp.Folder("offline"))}", "-nologo"],
            Repository.Root, timeout: TimeSpan.FromMinutes(20));
        if (Pack.ExitCode != 0)
            throw new InvalidOperationException("dotnet pack failed: " + Pack.Describe());

        var install = ChildProcess.Run("dotnet", ["new", "install", TemplatePackage, "--debug:custom-hive", Hive], temp.Path);
        if (install.ExitCode != 0)
            throw new InvalidOperationException("dotnet new install failed: " + install.Describe());

        hatchlingPlugin = new Lazy<AdoptedPlugin>(() => new AdoptedPlugin(this, temp.Folder("hatchling")));
    }

    /// <summary>The version every package got.</summary>
    public string Version { get; }

    public string PackagesFolder { get; }

    public string Hive { get; }

    /// <summary>NUGET_PACKAGES of the adopted builds: where the Wheelhouse packages get extracted.</summary>
    public string RestoredPackagesFolder { get; }

    public ProcessResult Pack { get; }

    public string TemplatePackage => Path.Combine(PackagesFolder, $"Wheelhouse.Templates.{Version}.nupkg");

    public string PackageFile(string id) => Path.Combine(PackagesFolder, $"{id}.{Version}.nupkg");

    /// <summary>A hatchling plugin that adopted the build as README says; made on first use, shared by its tests.</summary>
    public AdoptedPlugin HatchlingPlugin => hatchlingPlugin.Value;

    /// <summary>The environment of an adopted build: this pack's restore folder, the machine's packages as fallback.</summary>
    public IReadOnlyDictionary<string, string?> BuildEnvironment => new Dictionary<string, string?>
    {
        ["NUGET_PACKAGES"] = RestoredPackagesFolder,
        ["NUGET_FALLBACK_PACKAGES"] = MachinePackagesFolder,
    };

    private static string MachinePackagesFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>A NuGet.config whose one source is a port nothing listens on: a machine without a network, as NuGet sees it.</summary>
    private static string WriteUnreachableSourceConfig(string folder)
    {
        var path = Path.Combine(folder, "NuGet.config");
        File.WriteAllText(path, """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="unreachable" value="https://127.0.0.1:9/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        return path;
    }

    /// <summary>dotnet new wheelhouse in <paramref name="repository"/>, from the temp hive.</summary>
    public ProcessResult LayDown(string repository, params string[] arguments) =>
        ChildProcess.Run("dotnet", ["new", "wheelhouse", "--debug:custom-hive", Hive, .. arguments], repository);

    public void Dispose()
    {
        temp.Dispose();
    }
}
