namespace Wheelhouse.Python;

/// <summary>Where a project's version is decided.</summary>
public enum VersionOrigin
{
    /// <summary>A literal version in pyproject.toml (<c>project.version</c>, or Poetry's <c>tool.poetry.version</c>).</summary>
    PyProject,

    /// <summary>A literal <c>version</c> in setup.cfg's <c>[metadata]</c>.</summary>
    SetupCfg,

    /// <summary>The last git tag, read by a VCS plugin of the build backend: the release tag is the version.</summary>
    VcsTag,

    /// <summary>Computed by the backend in another way (a module's <c>__version__</c>, a file, a regex, a function).</summary>
    Dynamic,

    /// <summary>pyproject.toml and setup.cfg do not say; a setup.py may pass it to setup().</summary>
    Unknown,
}

/// <summary>
/// Where a project's version comes from, as its pyproject.toml (and setup.cfg) declare it: what BumpVersion
/// changes to release, and what advice fits a build with the wrong version.
/// </summary>
/// <param name="Origin">The kind of source.</param>
/// <param name="Tool">What computes or holds the version: "setuptools-scm", "hatch-vcs", "hatchling", "setuptools"; null for a literal.</param>
/// <param name="Evidence">What in the files says so, for messages: "[tool.hatch.version] source = \"vcs\" in pyproject.toml".</param>
public sealed record VersionSource(VersionOrigin Origin, string? Tool, string Evidence)
{
    /// <summary>The release is a git tag; no file holds the version.</summary>
    public bool IsVcsTag => Origin == VersionOrigin.VcsTag;

    /// <summary>A short phrase for messages: "git tags (setuptools-scm)", "project.version in pyproject.toml".</summary>
    public string Description => Origin switch
    {
        VersionOrigin.VcsTag => $"git tags ({Tool})",
        VersionOrigin.Dynamic => $"{Tool}, computed at build time ({Evidence})",
        _ => Evidence,
    };

    public override string ToString() => Description;
}
