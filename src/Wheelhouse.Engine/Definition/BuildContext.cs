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

    /// <summary>Lines printed after the summary table, last of all (a test target's totals, for example).</summary>
    public IReadOnlyList<string> ClosingLines => closingLines;

    public void AddClosingLine(string line) => closingLines.Add(Masker.Mask(line));
}
