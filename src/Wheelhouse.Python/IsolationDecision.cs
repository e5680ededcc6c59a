namespace Wheelhouse.Python;

/// <summary>What the build will do about isolation, and the warning to show when it falls back.</summary>
public sealed record IsolationDecision(bool Isolated, string? Warning)
{
    /// <summary>
    /// The rule, kept pure for tests: an explicit choice wins; Auto isolates when the index answers, else falls
    /// back to the installed backend with a warning, else fails saying what to install.
    /// </summary>
    public static IsolationDecision Decide(BuildIsolation requested, bool indexAnswers, bool backendInstalled, string indexUrl, string backendModule, string installHint)
    {
        return requested switch
        {
            BuildIsolation.Isolated => new IsolationDecision(true, null),
            BuildIsolation.NotIsolated => backendInstalled
                ? new IsolationDecision(false, null)
                : throw new Engine.BuildException($"A build without isolation needs the build backend '{backendModule}' installed for the interpreter, and it is not. Install it: {installHint}."),
            _ when indexAnswers => new IsolationDecision(true, null),
            _ when backendInstalled => new IsolationDecision(false,
                $"The package index {indexUrl} cannot be reached, so the build runs without isolation, using the installed '{backendModule}'. The artifacts may differ from an isolated build; pass --build-isolation isolated to insist."),
            _ => throw new Engine.BuildException(
                $"The package index {indexUrl} cannot be reached, so an isolated build cannot install its backend, and '{backendModule}' is not installed for a build without isolation. Install it: {installHint}; or restore network access to the index."),
        };
    }
}
