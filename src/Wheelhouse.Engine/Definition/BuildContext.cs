using Wheelhouse.Engine.Hosts;
using Wheelhouse.Engine.Logging;
using Wheelhouse.Engine.Parameters;

namespace Wheelhouse.Engine;

/// <summary>
/// Everything the engine knows about one run, handed to the build object instead of living in static state.
/// </summary>
public sealed class BuildContext(AbsolutePath rootDirectory, BuildHost host, ParameterValues parameters, SecretMasker masker, Verbosity verbosity)
{
    private readonly List<string> closingLines = [];

    public AbsolutePath RootDirectory { get; } = rootDirectory;
    public AbsolutePath TemporaryDirectory => RootDirectory / ".nuke" / "temp";
    public BuildHost Host { get; } = host;
    public ParameterValues Parameters { get; } = parameters;
    public SecretMasker Masker { get; } = masker;
    public Verbosity Verbosity { get; } = verbosity;
    public IReadOnlyList<string> InvokedTargets { get; internal set; } = [];

    /// <summary>This run's plan, once it is made: a target may ask what else runs (VerifyInstall, which index a publish before it uploaded to).</summary>
    public Planning.ExecutionPlan? Plan { get; internal set; }

    /// <summary>Whether the named target is in this run's plan and not skipped before the run.</summary>
    public bool PlannedToRun(string target) =>
        Plan?.Running.Any(t => string.Equals(t.Name, target, StringComparison.OrdinalIgnoreCase)) == true;

    /// <summary>
    /// How many targets run at once (--parallel; default: the processor count), and how many independent pieces a target
    /// may run at once (VerifyInstall's interpreters). 1: one after another.
    /// </summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>Lines printed after the summary table, last of all (a test target's totals, for example).</summary>
    public IReadOnlyList<string> ClosingLines
    {
        get
        {
            lock (closingLines)
                return closingLines.ToList();
        }
    }

    /// <summary>Targets running at once may add lines; they keep the order they were added in.</summary>
    public void AddClosingLine(string line)
    {
        lock (closingLines)
            closingLines.Add(Masker.Mask(line));
    }
}
