using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;

/// <summary>
/// The Wheelhouse NuGet packages: the libraries under src/ and the dotnet new template under templates/, packed together
/// at one version, so that a plugin adopts the build from a local folder as it would from nuget.org.
/// </summary>
interface IPackages : IBuild
{
    /// <summary>The projects that make packages, in one solution filter so that one dotnet pack builds them all.</summary>
    AbsolutePath PackagesSolutionFilter => RootDirectory / "Wheelhouse.Packages.slnf";

    [Parameter("Pack: the folder the .nupkg files go to (emptied of Wheelhouse packages first). Default: artifacts/packages.")]
    AbsolutePath PackagesDirectory => TryGetValue(() => PackagesDirectory) ?? RootDirectory / "artifacts" / "packages";

    [Parameter("Pack: the version of every package (NuGet SemVer, e.g. 0.2.0-dev.1). Default: WheelhouseVersion in Directory.Build.props.")]
    string? PackageVersion => TryGetValue(() => PackageVersion);

    Target Pack => _ => _
        .Description("Pack Wheelhouse.Engine, .Python, .PyPI, .GitHub, .Components and the dotnet new template Wheelhouse.Templates, one version for all, " +
            "into artifacts/packages (--packages-directory); README's \"Use it for your plugin\" adopts the build from there")
        .Executes(async cancellationToken =>
        {
            Directory.CreateDirectory(PackagesDirectory);
            foreach (var old in Directory.GetFiles(PackagesDirectory, "Wheelhouse.*.nupkg"))
                File.Delete(old);

            string[] arguments = ["pack", PackagesSolutionFilter, "--output", PackagesDirectory, "-nologo", "-clp:NoSummary", .. PackageVersion is { Length: > 0 } version ? [$"-p:WheelhouseVersion={version}"] : Array.Empty<string>()];
            await Tool.RunAsync("dotnet", arguments, new ToolOptions { WorkingDirectory = RootDirectory }, cancellationToken);

            var packages = Directory.GetFiles(PackagesDirectory, "Wheelhouse.*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            var template = packages.FirstOrDefault(p => p!.StartsWith("Wheelhouse.Templates.", StringComparison.Ordinal))
                ?? throw new BuildException($"dotnet pack wrote no Wheelhouse.Templates package to {PackagesDirectory}; its output is above.");
            Log.Information("{Count} packages in {Folder}: {Packages}", packages.Count, PackagesDirectory, string.Join(", ", packages));
            Context.AddClosingLine($"Packages in {PackagesDirectory}. To adopt the build in a plugin's repository root:");
            Context.AddClosingLine($"  dotnet new install {PackagesDirectory / template!}");
            Context.AddClosingLine($"  dotnet new wheelhouse --package-name pytest-foo --repository owner/pytest-foo --package-source {PackagesDirectory}");
        });
}
