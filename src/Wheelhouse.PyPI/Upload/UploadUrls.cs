using Wheelhouse.Engine.Http;

namespace Wheelhouse.PyPI.Upload;

internal static class UploadUrls
{
    /// <summary>The upload URL as requested: no user info, and the trailing slash of <c>/legacy/</c> that PyPI redirects for.</summary>
    public static Uri Normalise(Uri url)
    {
        url = DisplaySafeUrl.WithoutUserInfo(url);
        return url.AbsolutePath.EndsWith('/') ? url : new UriBuilder(url) { Path = url.AbsolutePath + "/" }.Uri;
    }
}
