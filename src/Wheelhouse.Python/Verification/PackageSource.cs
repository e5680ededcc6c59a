using Wheelhouse.Engine;
using Wheelhouse.Engine.Http;

namespace Wheelhouse.Python.Verification;

/// <summary>Where the package under verification is installed from.</summary>
public abstract record PackageSource
{
    /// <summary>Shown in log lines and errors; credentials in URLs are hidden.</summary>
    public abstract string Describe();
}

/// <summary>The distributions built into a local folder (dist/), installed with <c>--no-index --find-links</c>.</summary>
public sealed record DistFolderSource(AbsolutePath Folder) : PackageSource
{
    public override string Describe() => $"the local folder {Folder}";
}

/// <summary>A package index (PEP 503 simple API), with an optional extra index for the dependencies (TestPyPI with PyPI as extra).</summary>
public sealed record PackageIndexSource(string IndexUrl, string? ExtraIndexUrl = null) : PackageSource
{
    public IEnumerable<string> Urls => ExtraIndexUrl is null ? [IndexUrl] : [IndexUrl, ExtraIndexUrl];

    public override string Describe() => ExtraIndexUrl is null
        ? $"the index {DisplaySafeUrl.Show(IndexUrl)}"
        : $"the index {DisplaySafeUrl.Show(IndexUrl)} (extra index {DisplaySafeUrl.Show(ExtraIndexUrl)})";
}

/// <summary>Index URLs as the user gives them: checked, and shown without credentials.</summary>
public static class IndexUrls
{
    public static bool HasCredentials(string url) => DisplaySafeUrl.HasUserInfo(url);

    /// <summary>An absolute http(s) or file URL, else a BuildException naming the parameter.</summary>
    public static string Check(string url, string parameter)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "file"))
            throw new BuildException($"--{parameter} got '{DisplaySafeUrl.Show(url)}', which is not an absolute http(s) URL. Give the index's simple API, e.g. https://test.pypi.org/simple/.");
        return url;
    }
}
