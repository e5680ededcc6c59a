using Wheelhouse.Engine.Http;

namespace Wheelhouse.Python.Verification;

/// <summary>
/// Whether the verification venv sees the interpreter's system site-packages. The rule:
/// <list type="bullet">
/// <item>an explicit choice (--verify-system-site-packages true/false) wins;</item>
/// <item>from an index: a clean venv, so pip resolves the dependencies the way a user's install does;</item>
/// <item>from dist/ when the package index (PIP_INDEX_URL or PyPI) answers: a clean venv too, dependencies from that index;</item>
/// <item>from dist/ when it does not answer: the venv sees the system site-packages and pip runs with --no-index, so the
/// dependencies (pytest) must already be installed for the interpreter. The package itself is still installed into the
/// venv, and the import check proves the venv's copy is the one imported.</item>
/// </list>
/// </summary>
public sealed record SitePackagesDecision(bool UseSystemSitePackages, string Reason)
{
    public static SitePackagesDecision Decide(PackageSource source, bool? requested, bool indexAnswers, string indexUrl) => (requested, source) switch
    {
        (true, _) => new(true, "--verify-system-site-packages true: the venv sees the interpreter's site-packages, so dependencies already installed there are used"),
        (false, DistFolderSource) when !indexAnswers => new(false,
            $"--verify-system-site-packages false: a clean venv, so the dependencies must come from the package index {DisplaySafeUrl.Show(indexUrl)}, which did not answer a moment ago"),
        (false, _) => new(false, "--verify-system-site-packages false: a clean venv, dependencies resolved from the index"),
        (null, PackageIndexSource) => new(false, "installing from an index: a clean venv, the dependencies resolved from the index(es) as on a user's machine"),
        (null, _) when indexAnswers => new(false, $"the package index {DisplaySafeUrl.Show(indexUrl)} answers: a clean venv, the dependencies resolved from it"),
        (null, _) => new(true,
            $"the package index {DisplaySafeUrl.Show(indexUrl)} cannot be reached: the package is installed with --no-index and its dependencies come from the interpreter's system site-packages"),
    };
}
