using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Python.PluginApi;
using Wheelhouse.Python.Provisioning;

namespace Wheelhouse.Python.Verification;

/// <summary>The VerifyInstall target's parameters, as the build passes them (null: not given).</summary>
public sealed record VerifyInstallParameters(
    AbsolutePath ProjectDirectory,
    AbsolutePath DistDirectory,
    AbsolutePath WorkRoot,
    string? Version = null,
    IReadOnlyList<string>? Pythons = null,
    string? IndexUrl = null,
    string? ExtraIndexUrl = null,
    int? TimeoutSeconds = null,
    bool? SystemSitePackages = null)
{
    public const int DefaultTimeoutSeconds = 300;

    /// <summary>The build's temporary folder: when no interpreter can verify, what it lacks is installed (Debian packages as root). Null: never install.</summary>
    public AbsolutePath? ProvisioningDirectory { get; init; }

    /// <summary>Where the plugin-API document goes (<see cref="PluginApiLocation"/>); by default beside the work root (.nuke/temp/plugin-api).</summary>
    public AbsolutePath? PluginApiDirectory { get; init; }

    /// <summary>The building interpreter (--python) and isolation, for asking the backend for the source tree's metadata when it is dynamic.</summary>
    public string? BuildPython { get; init; }

    public BuildIsolation BuildIsolation { get; init; } = BuildIsolation.Auto;

    /// <summary>How many interpreters are verified at once: the build's --parallel.</summary>
    public int Parallelism { get; init; } = 1;
}

/// <summary>VerifyInstall from the parameters to the result: what to install, from where, into which kind of venv, with which interpreters.</summary>
public static class InstallVerification
{
    /// <summary>Verifies, and returns the plugin's API and the document it was written to (<see cref="PluginApiLocation"/>).</summary>
    public static async Task<VerifiedInstall> RunAsync(VerifyInstallParameters parameters, CancellationToken cancellationToken = default)
    {
        // What to verify: pyproject.toml's [project] when it states it, else the wheel Build made (the backend's own metadata).
        var metadata = Metadata.ProjectMetadataReader.TryReadStatic(parameters.ProjectDirectory) ?? Metadata.BuiltMetadata.TryRead(parameters.DistDirectory)
            ?? throw new BuildException(
                $"{parameters.ProjectDirectory / "pyproject.toml"} does not state the project's name and version (they are dynamic, or in setup.cfg or setup.py), " +
                $"and {parameters.DistDirectory} holds no wheel to read them from. Run ./build.sh Build first (./build.sh VerifyInstall builds unless --skip is given).");
        var name = metadata.Name;
        var version = parameters.Version is { Length: > 0 } given ? given.Trim() : metadata.Version;

        if (parameters.ExtraIndexUrl is { Length: > 0 } && parameters.IndexUrl is not { Length: > 0 })
            throw new BuildException("--verify-extra-index-url is only used together with --verify-index-url (the index to install the package from).");
        PackageSource source = parameters.IndexUrl is { Length: > 0 } url
            ? new PackageIndexSource(IndexUrls.Check(url, "verify-index-url"),
                parameters.ExtraIndexUrl is { Length: > 0 } extra ? IndexUrls.Check(extra, "verify-extra-index-url") : null)
            : new DistFolderSource(parameters.DistDirectory);

        var timeout = parameters.TimeoutSeconds ?? VerifyInstallParameters.DefaultTimeoutSeconds;
        if (timeout < 0)
            throw new BuildException($"--verify-timeout got {timeout}; give the number of seconds to keep retrying (0 for a single attempt).");

        var project = await ReadProjectAsync(parameters, cancellationToken);
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value);
        var defaultIndex = IndexProbe.IndexUrl(environment);
        var indexAnswers = source is DistFolderSource && parameters.SystemSitePackages != true
            && await IndexProbe.AnswersAsync(defaultIndex, TimeSpan.FromSeconds(5), cancellationToken);
        var decision = SitePackagesDecision.Decide(source, parameters.SystemSitePackages, indexAnswers, defaultIndex);
        Log.Information("Virtual environments: {Reason}", decision.Reason);

        var required = decision.UseSystemSitePackages ? VerificationInterpreters.RuntimeRequirements(metadata.Dependencies) : [];
        IReadOnlyList<InterpreterProbe> interpreters;
        try
        {
            interpreters = await VerificationInterpreters.FindAsync(parameters.Pythons, required, cancellationToken);
        }
        catch (BuildException) when (parameters.Pythons is not { Count: > 0 } && parameters.ProvisioningDirectory is { } temporary)
        {
            await VerificationInterpreters.ProvisionSystemPythonAsync(required, "verifying the install (VerifyInstall)", temporary, cancellationToken);
            interpreters = await VerificationInterpreters.FindAsync(parameters.Pythons, required, cancellationToken);
        }

        Log.Information("Interpreters: {Interpreters}", string.Join(", ", interpreters));

        var request = new VerificationRequest(name, version, source, parameters.WorkRoot, decision.UseSystemSitePackages, TimeSpan.FromSeconds(timeout))
        {
            Project = project,
            PluginApiDirectory = parameters.PluginApiDirectory ?? (parameters.WorkRoot.Parent ?? parameters.WorkRoot) / PluginApiLocation.FolderName,
            Parallelism = parameters.Parallelism,
        };
        return await InstallVerifier.VerifyAsync(request, interpreters, cancellationToken);
    }

    /// <summary>
    /// The project's smoke tests and, unless compare-source = false, its own metadata: [project] when static, else what
    /// the build backend reports for the source tree as it is now (not the built wheel's, which is what is checked).
    /// </summary>
    public static async Task<SourceProject> ReadProjectAsync(VerifyInstallParameters parameters, CancellationToken cancellationToken = default)
    {
        var directory = parameters.ProjectDirectory;
        var settings = VerifySettings.Read(directory);
        if (settings.Tests.Count == 0)
            Log.Information(settings.Declared
                ? "Smoke tests: {Table} names none"
                : "Smoke tests: none (pyproject.toml has no {Table} table; tests = [\"tests/smoke\"] there runs those against the installed package)", VerifySettings.Table);
        if (!settings.CompareSource)
        {
            Log.Information("compare-source = false in {Table}: the installed plugin's API is not compared with the source tree's", VerifySettings.Table);
            return new SourceProject(directory, settings, null);
        }

        var metadata = Metadata.ProjectMetadataReader.TryReadStatic(directory)
            ?? await Metadata.ProjectMetadataReader.ReadAsync(directory, parameters.BuildPython, parameters.BuildIsolation, parameters.ProvisioningDirectory, cancellationToken);
        return new SourceProject(directory, settings, metadata);
    }

}
