using Wheelhouse.Engine;
using Wheelhouse.Python.Release;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Components;

/// <summary>Version bumps: pyproject.toml or setup.cfg, __version__, CHANGELOG.md, a commit and a tag; for a version from git tags (setuptools-scm, hatch-vcs, …) the changelog and the tag.</summary>
public interface IVersioning : IPythonPackage
{
    [Parameter("Version bump, as uv names them: major, minor, patch, stable, alpha, beta, rc, post, dev. Several at once like uv: --bump major --bump rc.")]
    BumpKind[]? Bump => TryGetValue(() => Bump);

    [Parameter("Set this exact PEP 440 version instead of bumping (e.g. 1.0.0rc1).")]
    string? NewVersion => TryGetValue(() => NewVersion);

    [Parameter("Release from a work tree with uncommitted changes (only the version files are committed).")]
    bool AllowDirty => TryGetValue(() => AllowDirty);

    [Parameter("BumpVersion: print the changes it would make as a diff; write nothing, commit nothing. PublishPyPI, PublishTestPyPI: every check, the index's listing and the credentials (a mint with trusted publishing), but no upload.")]
    bool DryRun => TryGetValue(() => DryRun);

    [Parameter("Name of the release tag; {version} is replaced by the new version. Default: v{version}.")]
    string TagFormat => TryGetValue(() => TagFormat) ?? ReleaseTag.DefaultFormat;

    Target BumpVersion => _ => _
        .Description("Bump the version (pyproject.toml or setup.cfg, __version__, CHANGELOG.md), commit it and make an annotated tag; when git tags are the version (setuptools-scm, hatch-vcs, ...), count from the last tag and tag")
        .Executes(async cancellationToken => await VersionRelease.RunAsync(
            RootDirectory,
            new BumpRequest(Bump ?? [], NewVersion, AllowDirty, DryRun, TagFormat),
            cancellationToken));
}
