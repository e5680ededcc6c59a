using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;

namespace Wheelhouse.Python.Provisioning;

/// <summary>
/// The effects of provisioning: learns the <see cref="MachineFacts"/>, then carries out a <see cref="ProvisioningPlan"/>
/// with apt-get or with pip in the build's private venv. Used only when something is missing, so a machine that has
/// everything pays nothing.
/// </summary>
public static class Provisioner
{
    /// <summary>The build's private venv for Python tools, under the build's temporary folder.</summary>
    public static AbsolutePath PrivateVenv(AbsolutePath temporaryDirectory) => temporaryDirectory / "python";

    /// <summary>The private venv's interpreter, whether or not it exists yet.</summary>
    public static string PrivatePython(AbsolutePath temporaryDirectory) =>
        OperatingSystem.IsWindows() ? PrivateVenv(temporaryDirectory) / "Scripts" / "python.exe" : PrivateVenv(temporaryDirectory) / "bin" / "python";

    /// <summary>Installs <paramref name="missing"/> the way this machine allows, or throws the refusal with nothing installed.</summary>
    /// <param name="venvItems">What the private venv must hold when pip is the way (it sees no system packages): by default <paramref name="missing"/>.</param>
    /// <param name="environment">The environment to read the index from (PIP_INDEX_URL) and give pip; by default this process's.</param>
    public static async Task InstallAsync(
        IReadOnlyList<ToolchainItem> missing, string purpose, AbsolutePath temporaryDirectory, IReadOnlyList<ToolchainItem>? venvItems = null,
        IReadOnlyDictionary<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        environment ??= ProcessEnvironment();
        if (missing.Count == 0)
            return;
        var venv = PrivateVenv(temporaryDirectory);
        var venvText = Path.GetRelativePath(Directory.GetCurrentDirectory(), venv);
        var facts = await LearnAsync(missing, venvItems, environment, cancellationToken);
        var plan = ProvisioningPlan.Decide(missing, facts, purpose, venvText, venvItems);
        if (plan.DebianPackages.Count > 0)
        {
            await Apt.UpdateAsync(cancellationToken);
            var unavailable = await Apt.WithoutCandidateAsync(plan.DebianPackages, cancellationToken);
            if (unavailable.Count > 0)
            {
                var withoutDebian = missing.Select(m => m.DebianPackage != null && unavailable.Contains(m.DebianPackage) ? m with { DebianPackage = null } : m).ToList();
                plan = ProvisioningPlan.Decide(withoutDebian, facts, purpose, venvText, venvItems);
            }
        }

        if (plan.Refusal != null)
            throw new BuildException(plan.Refusal);
        if (plan.DebianPackages.Count > 0)
        {
            Log.Information("Installing Debian packages for {Purpose}: {Packages} (apt-get, as root)", purpose, string.Join(' ', plan.DebianPackages));
            await Apt.InstallAsync(plan.DebianPackages, cancellationToken);
        }

        if (plan.PipRequirements.Count > 0)
        {
            Log.Information("Installing into {Venv} for {Purpose}: {Requirements} (pip, from {Index})", venvText, purpose, string.Join(' ', plan.PipRequirements), facts.IndexUrl);
            await InstallIntoVenvAsync(facts.VenvBase!, venv, PrivatePython(temporaryDirectory), plan.PipRequirements, facts.IndexUrl, cancellationToken);
        }
    }

    private static IReadOnlyDictionary<string, string?> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value);

    private static async Task<MachineFacts> LearnAsync(
        IReadOnlyList<ToolchainItem> missing, IReadOnlyList<ToolchainItem>? venvItems, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        var indexUrl = IndexProbe.IndexUrl(environment);
        var isRoot = Environment.IsPrivilegedProcess;
        var hasApt = Apt.IsAvailable();
        // The index and a venv base matter only when apt cannot do it all.
        var needVenv = !(isRoot && hasApt && missing.All(m => m.DebianPackage != null));
        var indexAnswers = needVenv && (venvItems ?? missing).All(m => m.PipRequirement != null) && await IndexProbe.AnswersAsync(indexUrl, TimeSpan.FromSeconds(5), cancellationToken);
        var venvBase = indexAnswers ? await FindVenvBaseAsync(cancellationToken) : null;
        return new MachineFacts(isRoot, hasApt, indexUrl, indexAnswers, venvBase);
    }

    private static async Task<PythonInterpreter?> FindVenvBaseAsync(CancellationToken cancellationToken)
    {
        foreach (var path in InterpreterLocator.CandidateNames.Select(ExecutableSearch.Resolve).OfType<string>().Distinct())
        {
            if (await PythonProbe.ProbeAsync(path, ProbeQuestions.None, cancellationToken) is { } interpreter &&
                interpreter.Version >= InterpreterLocator.MinimumVersion && interpreter.HasVenv && interpreter.BundledPip != null && !interpreter.IsVirtualEnvironment)
                return interpreter;
        }

        return null;
    }

    private static async Task InstallIntoVenvAsync(
        PythonInterpreter baseInterpreter, AbsolutePath venv, string python, IReadOnlyList<string> requirements, string indexUrl, CancellationToken cancellationToken)
    {
        if (!File.Exists(python))
        {
            // Made beside its final place and renamed, so an interrupted run leaves no half venv behind.
            var staging = AbsolutePath.Create(venv + ".partial");
            if (Directory.Exists(staging))
                Directory.Delete(staging, recursive: true);
            Directory.CreateDirectory(Path.GetDirectoryName(venv)!);
            await Tool.RunAsync(baseInterpreter.Executable, ["-m", "venv", staging], new ToolOptions { LogOutput = false }, cancellationToken);
            if (Directory.Exists(venv))
                Directory.Delete(venv, recursive: true);
            Directory.Move(staging, venv);
        }

        await Tool.RunAsync(python, ["-m", "pip", "install", "--disable-pip-version-check", "--quiet", "--index-url", indexUrl, .. requirements],
            new ToolOptions { WorkingDirectory = Path.GetTempPath() }, cancellationToken);
    }
}
