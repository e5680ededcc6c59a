using System.Text.RegularExpressions;

namespace Wheelhouse.Engine.Http;

/// <summary>
/// URLs as they may be shown, logged and compared: the one redactor. A user name or password in the URL
/// (https://__token__:pypi-…@host/) becomes <c>***@</c>, and the values of query parameters that carry secrets
/// (token, password, key, signature, …) become <c>***</c>; everything else is shown as given.
/// </summary>
public static partial class DisplaySafeUrl
{
    private const string Hidden = "***";

    /// <summary>The URL for messages and logs.</summary>
    public static string Show(Uri url)
    {
        if (!url.IsAbsoluteUri)
            return url.OriginalString;
        var shown = url.UserInfo.Length == 0 ? url.AbsoluteUri : new UriBuilder(url) { UserName = Hidden, Password = "" }.Uri.AbsoluteUri;
        return HideQuerySecrets(shown);
    }

    /// <summary>
    /// Any text that may be a URL (a command-line argument, a parameter's value): an absolute URL is shown redacted,
    /// as given otherwise; other text is returned unchanged.
    /// </summary>
    public static string Show(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.IsFile)
            return text;
        var shown = uri.UserInfo.Length > 0 ? text.Replace(uri.UserInfo + "@", Hidden + "@", StringComparison.Ordinal) : text;
        return HideQuerySecrets(shown);
    }

    /// <summary>Whether the URL carries credentials of its own (user info).</summary>
    public static bool HasUserInfo(string text) => Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0;

    /// <summary>The URL to request: user info dropped (credentials travel only in an Authorization header, built on purpose).</summary>
    public static Uri WithoutUserInfo(Uri url) =>
        url.UserInfo.Length == 0 ? url : new UriBuilder(url) { UserName = "", Password = "" }.Uri;

    /// <summary>Same scheme, host and port: the only place credentials may follow a redirect to.</summary>
    public static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    /// <summary>Scheme, host and, when not the scheme's default, port: how a message names a server.</summary>
    public static string Origin(Uri url) => url.IsDefaultPort ? $"{url.Scheme}://{url.IdnHost}" : $"{url.Scheme}://{url.IdnHost}:{url.Port}";

    private static string HideQuerySecrets(string url) => SecretParameter().Replace(url, m => m.Groups["name"].Value + "=" + Hidden);

    [GeneratedRegex(@"(?<=[?&;])(?<name>[^=&;#]*(?:token|password|passwd|pwd|secret|key|signature|sig|credential|auth)[^=&;#]*)=[^&;#]*", RegexOptions.IgnoreCase)]
    private static partial Regex SecretParameter();
}
