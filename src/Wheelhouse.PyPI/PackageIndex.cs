using Wheelhouse.Python;

namespace Wheelhouse.PyPI;

/// <summary>
/// Where a package index takes uploads and where it is read: the legacy upload API, the simple API, and the
/// base of the JSON API and the trusted-publishing endpoints. PyPI splits these over two hosts.
/// </summary>
public sealed record PackageIndex(string Name, Uri UploadUrl, Uri SimpleUrl, Uri ApiBase)
{
    public static PackageIndex PyPI { get; } = new("PyPI", new Uri("https://upload.pypi.org/legacy/"), new Uri("https://pypi.org/simple/"), new Uri("https://pypi.org/"));

    public static PackageIndex TestPyPI { get; } = new("TestPyPI", new Uri("https://test.pypi.org/legacy/"), new Uri("https://test.pypi.org/simple/"), new Uri("https://test.pypi.org/"));

    /// <summary>The simple API page of one project (PEP 503 normalised name).</summary>
    public Uri ProjectSimpleUrl(string project) => new(SimpleUrl, ProjectName.Normalise(project) + "/");

    /// <summary>The JSON API of one release: /pypi/&lt;name&gt;/&lt;version&gt;/json.</summary>
    public Uri ReleaseJsonUrl(string project, string version) => new(ApiBase, $"pypi/{ProjectName.Normalise(project)}/{Uri.EscapeDataString(version)}/json");

    /// <summary>The JSON API of the project with every release: /pypi/&lt;name&gt;/json.</summary>
    public Uri ProjectJsonUrl(string project) => new(ApiBase, $"pypi/{ProjectName.Normalise(project)}/json");

    public Uri OidcAudienceUrl => new(ApiBase, "_/oidc/audience");

    public Uri OidcMintTokenUrl => new(ApiBase, "_/oidc/mint-token");

    /// <summary>
    /// The index behind an upload URL: PyPI and TestPyPI by their known hosts; any other index (a local one,
    /// a devpi) serves everything under the folder that holds <c>legacy/</c>. A missing trailing slash is added,
    /// since PyPI answers <c>/legacy</c> with a redirect.
    /// </summary>
    public static PackageIndex FromUploadUrl(string uploadUrl)
    {
        if (!Uri.TryCreate(uploadUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new Engine.BuildException($"'{uploadUrl}' is not an http(s) URL of a package index's upload API, like https://upload.pypi.org/legacy/.");
        if (!uri.AbsolutePath.EndsWith('/'))
            uri = new UriBuilder(uri) { Path = uri.AbsolutePath + "/" }.Uri;
        if (uri.Host == PyPI.UploadUrl.Host)
            return PyPI with { UploadUrl = uri };
        if (uri.Host == TestPyPI.UploadUrl.Host)
            return TestPyPI with { UploadUrl = uri };
        var basePath = uri.AbsolutePath.EndsWith("/legacy/", StringComparison.Ordinal) ? uri.AbsolutePath[..^"legacy/".Length] : uri.AbsolutePath;
        var apiBase = new UriBuilder(uri) { Path = basePath, Query = "", Fragment = "" }.Uri;
        return new PackageIndex(uri.Authority, uri, new Uri(apiBase, "simple/"), apiBase);
    }
}
