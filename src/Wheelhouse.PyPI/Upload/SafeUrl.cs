namespace Wheelhouse.PyPI.Upload;

/// <summary>URLs as they may be shown and compared: never with a user name or password in them.</summary>
internal static class SafeUrl
{
    /// <summary>The URL for messages and logs: user info (user:password@) replaced by ***.</summary>
    public static string Show(Uri url) =>
        url.UserInfo.Length == 0 ? url.AbsoluteUri : new UriBuilder(url) { UserName = "***", Password = "" }.Uri.AbsoluteUri;

    /// <summary>The URL to request: user info dropped (credentials travel only in the Authorization header, built on purpose).</summary>
    public static Uri WithoutUserInfo(Uri url) =>
        url.UserInfo.Length == 0 ? url : new UriBuilder(url) { UserName = "", Password = "" }.Uri;

    /// <summary>Same scheme, host and port: the only place credentials may follow a redirect to.</summary>
    public static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    /// <summary>Host and, when not the scheme's default, port: how a message names a server.</summary>
    public static string Origin(Uri url) => url.IsDefaultPort ? $"{url.Scheme}://{url.IdnHost}" : $"{url.Scheme}://{url.IdnHost}:{url.Port}";

    /// <summary>The upload URL as requested: no user info, and the trailing slash of <c>/legacy/</c> that PyPI redirects for.</summary>
    public static Uri UploadUrl(Uri url)
    {
        url = WithoutUserInfo(url);
        return url.AbsolutePath.EndsWith('/') ? url : new UriBuilder(url) { Path = url.AbsolutePath + "/" }.Uri;
    }
}
