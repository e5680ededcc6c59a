using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.Engine.Tooling;
using Wheelhouse.Python;
using Wheelhouse.Python.Inspection;
using Wheelhouse.Python.Release;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.PyPI.Publishing;

/// <summary>What the guards look at besides dist/: where the build runs and for which ref.</summary>
/// <param name="RootDirectory">The repository root (for git status).</param>
/// <param name="IsServerBuild">True in CI (GitHub Actions, or CI=true): the work tree is the checkout, the tag is checked instead.</param>
/// <param name="GitRef">GITHUB_REF of the run (refs/tags/v1.2.0), or null.</param>
/// <param name="TagFormat">The release tag's form, as BumpVersion makes it: v{version}.</param>
/// <param name="VersionSource">Where the project's version comes from, for advice that fits (a tag, not pyproject.toml); null: a static version.</param>
public sealed record GuardContext(
    AbsolutePath RootDirectory, AbsolutePath DistDirectory, bool IsServerBuild, string? GitRef, string TagFormat = ReleaseTag.DefaultFormat, VersionSource? VersionSource = null);

/// <summary>
/// The checks before the first byte is uploaded. A file name can never be reused on PyPI, so everything that can be
/// known before uploading is checked first, and all problems are reported together:
/// <list type="bullet">
/// <item>every file in dist/ is of the same project and version (one release per upload);</item>
/// <item>that version is a PEP 440 version without a local label (PyPI refuses +local);</item>
/// <item>in CI on a tag ref, the tag is the version's tag (v{version});</item>
/// <item>by hand, the git work tree is clean, so what is published is what the repository holds.</item>
/// </list>
/// </summary>
public static class PublishGuards
{
    public static async Task<DistributionSet> CheckAsync(GuardContext context, CancellationToken cancellationToken = default)
    {
        var set = DistributionSet.Read(context.DistDirectory);
        foreach (var file in set.Unrecognised)
            Log.Warning("{File} in {Dist} is neither a wheel nor an sdist and is not uploaded", file, context.DistDirectory.ToString());

        var problems = new List<string>();
        var releases = set.Files
            .GroupBy(f => (Name: ProjectName.Normalise(f.Name), Version: DistributionNames.CanonicalVersion(f.Version) ?? f.Version))
            .ToList();
        if (releases.Count > 1)
        {
            var listed = string.Join("; ", releases.Select(r => $"{r.First().Name} {r.First().Version} ({string.Join(", ", r.Select(f => f.FileName))})"));
            problems.Add($"dist/ holds files of more than one release: {listed}. Publish one release at a time: ./build.sh Build empties dist/ before it builds (Clean), so run it again, or remove the files of other releases.");
        }

        Pep440Version? version = null;
        foreach (var release in releases)
        {
            var text = release.First().Version;
            if (!Pep440Version.TryParse(text, out var parsed))
            {
                problems.Add($"'{text}' ({release.First().FileName}) is not a PEP 440 version, and PyPI refuses it. Expected {Pep440Version.ExpectedForm}.");
                continue;
            }

            if (parsed.IsLocal)
                problems.Add(LocalVersionProblem(release.First().Name, parsed, context.VersionSource));
            version ??= parsed;
        }

        if (context.IsServerBuild && releases.Count == 1 && version is not null
            && context.GitRef is { } gitRef && gitRef.StartsWith("refs/tags/", StringComparison.Ordinal))
        {
            var tag = gitRef["refs/tags/".Length..];
            var expected = ReleaseTag.Format(context.TagFormat, version.Public);
            if (!string.Equals(tag, expected, StringComparison.Ordinal))
                problems.Add($"This run is for the tag {tag}, but dist/ holds version {version} of {set.Name}, whose tag is {expected} (--tag-format {context.TagFormat}). " +
                             "The tag and the version must agree: make releases with ./build.sh BumpVersion, which commits the version and makes its tag together, then push that tag.");
        }

        if (!context.IsServerBuild)
            problems.AddRange(await WorkTreeProblemsAsync(context.RootDirectory, cancellationToken));

        if (problems.Count > 0)
            throw new BuildException(problems.Count == 1
                ? $"Nothing was uploaded: {problems[0]}"
                : $"Nothing was uploaded, because:{Environment.NewLine}{string.Join(Environment.NewLine, problems.Select(p => "- " + p))}");
        return set;
    }

    /// <summary>PyPI refuses a local version; what to do depends on where the version comes from.</summary>
    private static string LocalVersionProblem(string name, Pep440Version version, VersionSource? source)
    {
        var refused = $"{name} {version} has a local version label (+{version.Local}), and PyPI refuses local versions.";
        return source?.Origin switch
        {
            // setuptools-scm and its kin add +gHASH between tags and +dDATE for uncommitted changes: the cure is a tag, not an edit.
            VersionOrigin.VcsTag =>
                $"{refused} The version comes from {source.Description}, and this build was made from commits after the last release tag or from a work tree with uncommitted changes. " +
                "Commit your changes, tag a release with ./build.sh BumpVersion, and build again from the tagged commit.",
            VersionOrigin.Dynamic =>
                $"{refused} The version is computed by {source.Tool} ({source.Evidence}): set a public version there ({version.Public} or a .devN/.postN release) and build again.",
            VersionOrigin.SetupCfg =>
                $"{refused} Set a public version in setup.cfg ({version.Public} or a .devN/.postN release) and build again.",
            _ => $"{refused} Set a public version in pyproject.toml ({version.Public} or a .devN/.postN release) and build again.",
        };
    }

    /// <summary>By hand, the work tree must be clean: git status --porcelain prints nothing.</summary>
    public static async Task<IReadOnlyList<string>> WorkTreeProblemsAsync(AbsolutePath root, CancellationToken cancellationToken = default)
    {
        const string installHint = "Publishing by hand checks the work tree with git: install it (apt-get install git).";
        var inside = await Git.RunAsync(root, ["rev-parse", "--is-inside-work-tree"], cancellationToken, installHint: installHint);
        if (inside.ExitCode != 0 || inside.StandardOutput.Trim() != "true")
            return [$"{root} is not a git work tree, so the build cannot tell whether dist/ was built from committed sources. Publish from a clone of the repository, or from CI."];

        var status = await Git.RunAsync(root, ["status", "--porcelain", "--untracked-files=normal"], cancellationToken, installHint: installHint);
        if (status.ExitCode != 0)
            return [$"git status failed in {root} (exit code {status.ExitCode}: {status.StandardError.Split('\n')[0]}), so the build cannot tell whether the work tree is clean."];
        var dirty = status.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.Length > 3 && !IsWrittenByTheBuild(l[3..].TrimEnd('\r')))
            .Select(l => $"{l[..2].Trim()} {l[3..].TrimEnd('\r')}")
            .ToList();
        if (dirty.Count == 0)
            return [];
        var shown = string.Join(", ", dirty.Take(5)) + (dirty.Count > 5 ? $" and {dirty.Count - 5} more" : "");
        return [$"The work tree has uncommitted changes ({shown}). Publishing by hand needs a clean work tree, so that what is published is what the repository holds: commit or stash them, build again, then publish."];
    }

    /// <summary>
    /// .nuke/build.schema.json is rewritten by the build itself when it starts, from the parameters in the committed
    /// build code: a change there says nothing about the sources of the package, and would otherwise make every publish
    /// by hand fail right after a parameter was added.
    /// </summary>
    private static bool IsWrittenByTheBuild(string path) => path.Trim('"') == ".nuke/build.schema.json";
}
