using Wheelhouse.Engine;

namespace Wheelhouse.PyPI.ApiBaseline;

/// <summary>
/// The package index whose last release is the API baseline, as a user names it: the base of its JSON API
/// (<c>https://pypi.org/</c>, <c>https://test.pypi.org/</c>, a local index's root, whose <c>/pypi/NAME/json</c> lists
/// the releases), or <c>none</c> to compare with the committed snapshot only.
/// </summary>
public static class BaselineIndex
{
    public const string None = "none";

    /// <summary>The index behind <paramref name="text"/>; null for <c>none</c>. PyPI and TestPyPI are known by host.</summary>
    public static PackageIndex? Parse(string text, string parameter)
    {
        var trimmed = text.Trim();
        if (string.Equals(trimmed, None, StringComparison.OrdinalIgnoreCase))
            return null;
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.UserInfo.Length > 0 || uri.Query.Length > 0)
            throw new BuildException(
                $"--{parameter} got '{(uri?.UserInfo.Length > 0 ? "(a URL with credentials)" : trimmed)}', which is not the base URL of a package index's JSON API. " +
                $"Give e.g. https://pypi.org/ or https://test.pypi.org/ (the JSON API is read at BASE/pypi/NAME/json), or '{None}' to compare with the committed snapshot only.");
        if (!uri.AbsolutePath.EndsWith('/'))
            uri = new UriBuilder(uri) { Path = uri.AbsolutePath + "/" }.Uri;
        if (uri.Host == PackageIndex.PyPI.ApiBase.Host)
            return PackageIndex.PyPI;
        if (uri.Host == PackageIndex.TestPyPI.ApiBase.Host)
            return PackageIndex.TestPyPI;
        return new PackageIndex(uri.Authority, new Uri(uri, "legacy/"), new Uri(uri, "simple/"), uri);
    }
}
