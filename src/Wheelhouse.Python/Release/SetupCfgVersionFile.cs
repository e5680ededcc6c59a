using Wheelhouse.Engine;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Release;

/// <summary>
/// The literal <c>version</c> of setup.cfg's <c>[metadata]</c> section, where setuptools projects without a
/// <c>[project]</c> table keep it, and the file with another version: every byte stays as it was except the
/// characters of the value. The key is found as configparser (setuptools' reader) finds it: "=" or ":" after the
/// key, keys in any case, full-line comments with # or ;, indented lines continuing the value above.
/// </summary>
public sealed class SetupCfgVersionFile
{
    public const string FileName = "setup.cfg";

    private readonly EncodedText _content;
    private readonly int _start;

    private SetupCfgVersionFile(string path, EncodedText content, int start, string versionText, string? name, Pep440Version version)
    {
        Path = path;
        _content = content;
        _start = start;
        VersionText = versionText;
        Name = name;
        Version = version;
    }

    public string Path { get; }

    /// <summary>[metadata] name; null when the section has none.</summary>
    public string? Name { get; }

    public Pep440Version Version { get; }

    /// <summary>The version as written.</summary>
    public string VersionText { get; }

    /// <summary>A key's value in a section, with where the value starts in the text; null when the key is absent.</summary>
    public sealed record Entry(string Value, int Start);

    /// <summary>The value of <paramref name="key"/> in <paramref name="section"/> (first line only, trimmed), as configparser reads it.</summary>
    public static Entry? Find(string text, string section, string key)
    {
        string? current = null;
        var offset = 0;
        foreach (var raw in text.Split('\n'))
        {
            var lineStart = offset;
            offset += raw.Length + 1;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || char.IsWhiteSpace(line[0]) || line[0] is '#' or ';')
                continue; // blank, the continuation of a multi-line value, or a comment
            if (line[0] == '[')
            {
                current = line.TrimEnd().TrimStart('[').TrimEnd(']').Trim();
                continue;
            }

            if (current != section)
                continue;
            var delimiter = line.IndexOfAny(['=', ':']);
            if (delimiter <= 0 || !line[..delimiter].Trim().Equals(key, StringComparison.OrdinalIgnoreCase))
                continue;
            var rest = line[(delimiter + 1)..];
            var value = rest.Trim();
            var start = lineStart + delimiter + 1 + (rest.Length - rest.TrimStart().Length);
            return new Entry(value, start);
        }

        return null;
    }

    public static SetupCfgVersionFile Parse(string path, byte[] bytes)
    {
        var content = EncodedText.Decode(path, bytes);
        var entry = Find(content.Text, "metadata", "version");
        if (entry is null || entry.Value.Length == 0)
            throw new BuildException($"{path} has no version in its [metadata] section, so BumpVersion has no version to bump. Add version = 0.1.0 (or the current version) under [metadata].");
        if (entry.Value.StartsWith("attr:", StringComparison.Ordinal) || entry.Value.StartsWith("file:", StringComparison.Ordinal))
        {
            throw new BuildException(
                $"{path}: version = {entry.Value} in [metadata] makes setuptools read the version at build time, so BumpVersion cannot edit it. " +
                "Either write the version itself there (version = X.Y.Z) or bump it where setuptools reads it.");
        }

        if (!Pep440Version.TryParse(entry.Value, out var version))
            throw new BuildException($"{path}: version '{entry.Value}' in [metadata] is not a valid PEP 440 version. Expected {Pep440Version.ExpectedForm}. Fix it (or pass --new-version).");
        var name = Find(content.Text, "metadata", "name")?.Value is { Length: > 0 } n ? n : null;
        return new SetupCfgVersionFile(path, content, entry.Start, entry.Value, name, version);
    }

    /// <summary>The file's bytes with <paramref name="version"/> (canonical form) in place of the current version and nothing else changed.</summary>
    public byte[] WithVersion(Pep440Version version)
    {
        if (string.CompareOrdinal(_content.Text, _start, VersionText, 0, VersionText.Length) != 0)
            throw new BuildException($"{Path}: the version's position in the file could not be confirmed, so the file is left alone. Please report this with the file attached.");
        var text = string.Concat(_content.Text.AsSpan(0, _start), version.ToString(), _content.Text.AsSpan(_start + VersionText.Length));
        var result = _content.WithText(text).Encode();

        var check = Parse(Path, result);
        if (check.VersionText != version.ToString())
            throw new BuildException($"{Path}: after the edit [metadata] version reads '{check.VersionText}', not '{version}'; the file is left alone. Please report this.");
        return result;
    }
}
