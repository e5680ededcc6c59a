using Wheelhouse.Python;

namespace Wheelhouse.PyPI.Rehearsal;

/// <summary>
/// The GitHub repository the rehearsed workflow claims to run in, and where the build learned it (for the log). The
/// rehearsal only needs a stable, well-formed name its local index trusts; the project's own is the most telling.
/// </summary>
/// <param name="Repository">owner/name.</param>
/// <param name="Source">Where it came from, as the log says it.</param>
public sealed record RehearsalRepository(string Repository, string Source)
{
    /// <summary>The owner of the name made up when nothing names the repository.</summary>
    public const string NeutralOwner = "local";

    /// <summary>
    /// The parameter when given, else the origin remote's owner/name, else <c>local/&lt;project&gt;</c> from the project's
    /// normalised name.
    /// </summary>
    /// <param name="parameter">--rehearsal-repository, or null.</param>
    /// <param name="origin">owner/name of the origin remote, or null when there is none (or it names no repository).</param>
    /// <param name="projectName">The distribution's name (from dist/).</param>
    public static RehearsalRepository Choose(string? parameter, string? origin, string projectName) =>
        !string.IsNullOrWhiteSpace(parameter) ? new(parameter.Trim(), "--rehearsal-repository")
        : !string.IsNullOrWhiteSpace(origin) ? new(origin.Trim(), "the origin remote")
        : new($"{NeutralOwner}/{ProjectName.Normalise(projectName)}",
            "made from the project's name: neither --rehearsal-repository nor an origin remote names a repository");
}
