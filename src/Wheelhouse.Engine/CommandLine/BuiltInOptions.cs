namespace Wheelhouse.Engine.CommandLine;

/// <summary>The options every build has, as NUKE has them.</summary>
public static class BuiltInOptions
{
    public static readonly IReadOnlyList<(string Name, string Description)> All =
    [
        ("target", "Targets to run (same as naming them before the first option)."),
        ("skip", "Skip all dependencies of the named targets, or with values only the targets given."),
        ("plan", "Show which targets would run in which order, and write the target graph as an HTML page."),
        ("open", "With --plan: open the page in a browser."),
        ("help", "Show this help."),
        ("verbosity", "Logging verbosity: quiet, minimal, normal, verbose. Default is normal."),
        ("root", "Root directory of the build. Default: the nearest folder up from here that has a .nuke folder."),
        ("profile", "Read .nuke/parameters.<profile>.json on top of .nuke/parameters.json."),
        ("parallel", "How many targets whose dependencies are done run at once (also VerifyInstall's interpreters); 1: one after another. Default: the processor count."),
        ("host", "Where the build runs: terminal or github-actions. Default: detected."),
        ("no-logo", "Accepted for NUKE compatibility; this engine prints no banner."),
    ];

    /// <summary>Built-in options that never take a value, so the words after them are targets.</summary>
    public static readonly IReadOnlySet<string> Flags = new HashSet<string> { "plan", "open", "help", "no-logo" };

    public static bool IsBuiltIn(string name) => All.Any(o => o.Name == name);
}
