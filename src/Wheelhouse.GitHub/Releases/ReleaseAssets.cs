using System.Security.Cryptography;
using System.Text;
using Wheelhouse.Engine;

namespace Wheelhouse.GitHub.Releases;

/// <summary>A file to attach to the release: one from dist/, or one made in memory (SHA256SUMS).</summary>
public sealed record LocalAsset(string Name, long Size, string Sha256, string ContentType, string? FilePath = null, byte[]? Content = null)
{
    public Stream OpenRead() => FilePath is not null ? File.OpenRead(FilePath) : new MemoryStream(Content ?? [], writable: false);

    public static LocalAsset FromFile(string path)
    {
        using var stream = File.OpenRead(path);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        var name = Path.GetFileName(path);
        return new LocalAsset(name, stream.Length, hash, ContentTypes.Of(name), FilePath: path);
    }

    public static LocalAsset FromBytes(string name, byte[] content) =>
        new(name, content.Length, Convert.ToHexStringLower(SHA256.HashData(content)), ContentTypes.Of(name), Content: content);
}

/// <summary>An asset already attached to the release, as the API lists it.</summary>
/// <param name="State">"uploaded", or "starter"/"new" for an upload that never finished.</param>
/// <param name="Digest">"sha256:&lt;hex&gt;" where the API reports one (github.com since 2025); null elsewhere.</param>
public sealed record RemoteAsset(int Id, string Name, long Size, string State, string? Digest, string Url)
{
    public const string UploadedState = "uploaded";

    public bool IsUploaded => string.Equals(State, UploadedState, StringComparison.OrdinalIgnoreCase);

    /// <summary>The SHA-256 the API reports, in lower-case hex; null when it reports none or another algorithm.</summary>
    public string? Sha256 => Digest is { } digest && digest.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) && digest.Length == 7 + 64
        ? digest[7..].ToLowerInvariant()
        : null;
}

/// <summary>The <c>SHA256SUMS</c> file: one <c>&lt;sha256&gt;  &lt;name&gt;</c> line per file, sorted by name, LF endings, as <c>sha256sum</c> writes it.</summary>
public static class Sha256Sums
{
    public const string FileName = "SHA256SUMS";

    public static string Render(IEnumerable<LocalAsset> files)
    {
        var text = new StringBuilder();
        foreach (var file in files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            // sha256sum escapes such names with a leading backslash; a distribution never has them, so refuse rather than imitate.
            if (file.Name.IndexOfAny(['\n', '\r', '\\']) >= 0)
                throw new BuildException($"dist/ holds a file whose name has a line break or a backslash ('{file.Name.ReplaceLineEndings(" ")}'); remove it, it is not a distribution.");
            text.Append(file.Sha256).Append("  ").Append(file.Name).Append('\n');
        }

        return text.ToString();
    }

    public static LocalAsset Asset(IEnumerable<LocalAsset> files) =>
        LocalAsset.FromBytes(FileName, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(Render(files)));
}

/// <summary>The Content-Type an asset is uploaded with, from its file name.</summary>
public static class ContentTypes
{
    public static string Of(string fileName) => fileName switch
    {
        _ when fileName.EndsWith(".whl", StringComparison.OrdinalIgnoreCase) => "application/zip",
        _ when fileName.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) => "application/zip",
        _ when fileName.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase) => "application/gzip",
        _ when fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) => "application/json",
        _ when fileName.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || fileName == Sha256Sums.FileName => "text/plain",
        _ => "application/octet-stream",
    };
}
