namespace Wheelhouse.PyPI.Publishing;

/// <summary>The index VerifyInstall installs from, and the extra index for the dependencies (null: none).</summary>
public sealed record VerifyIndex(string IndexUrl, string? ExtraIndexUrl);

/// <summary>
/// Where VerifyInstall installs from when it runs after a publish (the publish targets trigger it): the index just
/// published to. --verify-index-url still wins; without either it installs from dist/.
/// </summary>
public static class VerifyAfterPublish
{
    /// <summary>
    /// <paramref name="verifyIndexUrl"/> when given, else the simple API of <paramref name="published"/> (the index the
    /// run's last publish uploads to), else null (dist/). Next to TestPyPI, whose projects' dependencies are seldom
    /// there, PyPI is the extra index unless <paramref name="extraIndexUrl"/> names one.
    /// </summary>
    public static VerifyIndex? Choose(string? verifyIndexUrl, string? extraIndexUrl, PackageIndex? published)
    {
        if (verifyIndexUrl is { Length: > 0 } given)
            return new VerifyIndex(given, extraIndexUrl is { Length: > 0 } ? extraIndexUrl : null);
        if (published is null)
            return null;
        return new VerifyIndex(published.SimpleUrl.ToString(), ExtraIndexFor(published, extraIndexUrl));
    }

    /// <summary>The extra index next to <paramref name="index"/>: the given one, PyPI next to TestPyPI, else none.</summary>
    public static string? ExtraIndexFor(PackageIndex index, string? extraIndexUrl) =>
        extraIndexUrl is { Length: > 0 } given ? given
        : index.SimpleUrl.Host == PackageIndex.TestPyPI.SimpleUrl.Host ? PackageIndex.PyPI.SimpleUrl.ToString()
        : null;
}
