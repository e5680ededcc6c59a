using System.Text;
using Wheelhouse.Engine;

namespace Wheelhouse.Python.Release;

/// <summary>
/// A UTF-8 text file as bytes: its text without the byte order mark, and whether it had one. Turning the
/// text back into bytes gives the same bytes, so an edit that changes a few characters changes only those.
/// </summary>
public sealed record EncodedText(string Text, bool HasBom)
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static EncodedText Decode(string path, byte[] bytes)
    {
        var hasBom = bytes.AsSpan().StartsWith(Bom);
        try
        {
            return new EncodedText(Strict.GetString(bytes, hasBom ? Bom.Length : 0, bytes.Length - (hasBom ? Bom.Length : 0)), hasBom);
        }
        catch (DecoderFallbackException)
        {
            throw new BuildException($"{path} is not valid UTF-8, so it cannot be edited without changing other bytes. Save it as UTF-8 and run again.");
        }
    }

    public byte[] Encode() => HasBom ? [.. Bom, .. Strict.GetBytes(Text)] : Strict.GetBytes(Text);

    public EncodedText WithText(string text) => this with { Text = text };

    /// <summary>The line ending the text uses most: "\r\n" or "\n" (for lines it adds).</summary>
    public string NewLine => Text.Split('\n').Count(l => l.EndsWith('\r')) * 2 > Text.Count(c => c == '\n') ? "\r\n" : "\n";
}
