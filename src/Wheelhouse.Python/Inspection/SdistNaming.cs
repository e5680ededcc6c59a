using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Inspection;

/// <summary>The build backend that wrote an sdist, as installed for the interpreter that built it.</summary>
public sealed record BuildBackendFacts(string Distribution, string? InstalledVersion);

/// <summary>
/// Which backend versions still write sdist names the pre-PEP 625 way (<c>pytest-foo-1.0.tar.gz</c>), which PyPI refuses.
/// The first version of each backend that writes <c>pytest_foo-1.0.tar.gz</c>, from their changelogs: setuptools 69.3.0
/// (pypa/setuptools#3593), flit_core 3.9.0 (pypa/flit#628), poetry-core 1.3.2 (python-poetry/poetry-core#484, #495).
/// </summary>
public static class SdistNaming
{
    private static readonly Dictionary<string, string> FirstPep625Version = new(StringComparer.Ordinal)
    {
        ["setuptools"] = "69.3.0",
        ["flit-core"] = "3.9.0",
        ["poetry-core"] = "1.3.2",
    };

    /// <summary>What to tell the user: the backend, its installed version, and the version that fixes the name; null when unknown.</summary>
    public static string? Advice(BuildBackendFacts? backend)
    {
        if (backend is null || !FirstPep625Version.TryGetValue(ProjectName.Normalise(backend.Distribution), out var fixedIn))
            return null;
        var installed = backend.InstalledVersion is { } version ? $"{backend.Distribution} {version}" : backend.Distribution;
        var old = backend.InstalledVersion is { } v && Pep440Version.TryParse(v, out var parsed) && parsed.CompareTo(Pep440Version.Parse(fixedIn)) < 0;
        return old
            ? $"the build used {installed}, which still writes the old name; {backend.Distribution} {fixedIn} and later write PEP 625 names: build isolated (an index gives the newest), or require {backend.Distribution}>={fixedIn} in [build-system] and install it"
            : null;
    }

    /// <summary>The distribution of the backend module among the build requirements (setuptools.build_meta: setuptools; poetry.core.masonry.api: poetry-core).</summary>
    public static string? BackendDistribution(string backendModule, IEnumerable<string> buildRequires)
    {
        var parts = backendModule.Split('.');
        var candidates = Enumerable.Range(1, parts.Length).Select(n => ProjectName.Normalise(string.Join('.', parts.Take(n)))).ToList();
        return buildRequires.Select(Provisioning.ToolchainItem.RequirementName).FirstOrDefault(name => candidates.Contains(ProjectName.Normalise(name)));
    }
}
