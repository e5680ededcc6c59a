namespace Wheelhouse.Engine.Tooling.TestSuites;

/// <summary>What the build saw when it ran a suite: whether the suite was there, the runner's exit code, and the report's text (null when the runner wrote none).</summary>
public sealed record SuiteRun(bool Found, int ExitCode, string? Report)
{
    /// <summary>The suite's project file or folder does not exist, so nothing ran.</summary>
    public static SuiteRun NotFound { get; } = new(false, 0, null);

    public static SuiteRun Finished(int exitCode, string? report) => new(true, exitCode, report);
}
