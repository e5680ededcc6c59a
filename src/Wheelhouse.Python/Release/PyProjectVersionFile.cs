using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Parsing;
using Tomlyn.Syntax;
using Wheelhouse.Engine;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Release;

/// <summary>
/// The static <c>project.version</c> of a pyproject.toml, found in Tomlyn's lossless syntax tree, and the
/// file with another version: every byte stays as it was except the characters of the version string
/// (its quotes stay too: "…" stays basic, '…' stays literal). The version may sit in a <c>[project]</c>
/// table, a <c>project = { … }</c> inline table, or a dotted key <c>project.version</c>. A file without a
/// <c>[project]</c> table that has <c>[tool.poetry]</c> (poetry-core before 2.0 reads only that) has its
/// <c>tool.poetry.version</c> bumped instead.
/// </summary>
public sealed class PyProjectVersionFile
{
    private readonly EncodedText _content;
    private readonly StringValueSyntax _string;

    private static readonly string[] ProjectKey = ["project", "version"];
    private static readonly string[] PoetryKey = ["tool", "poetry", "version"];

    private PyProjectVersionFile(string path, EncodedText content, StringValueSyntax value, string? name, Pep440Version version, string key)
    {
        Path = path;
        _content = content;
        _string = value;
        Name = name;
        Version = version;
        Key = key;
    }

    /// <summary>The dotted key that holds the version: project.version, or tool.poetry.version.</summary>
    public string Key { get; }

    public string Path { get; }

    /// <summary>project.name (tool.poetry.name beside tool.poetry.version); null when the file has none.</summary>
    public string? Name { get; }

    /// <summary>The version (<see cref="Key"/>), parsed.</summary>
    public Pep440Version Version { get; }

    /// <summary>The version as written (the string's value, before normalisation).</summary>
    public string VersionText => _string.Value ?? "";

    public static PyProjectVersionFile Parse(string path, byte[] bytes)
    {
        var content = EncodedText.Decode(path, bytes);
        var document = SyntaxParser.Parse(content.Text, path, validate: true);
        if (document.HasErrors)
        {
            var first = document.Diagnostics.FirstOrDefault(d => d.Kind == DiagnosticMessageKind.Error)?.ToString() ?? "";
            throw new BuildException($"{path} is not valid TOML: {first}. Fix the file first.");
        }

        var model = TomlSerializer.Deserialize<TomlTable>(content.Text) ?? new TomlTable();
        if (!model.TryGetValue("project", out var projectValue) || projectValue is not TomlTable project)
        {
            if (PoetryTable(model) is { } poetry && poetry.ContainsKey("version"))
                return ParsePoetry(path, content, document, poetry);
            throw new BuildException($"{path} has no [project] table, so it has no version to bump. Add a [project] table with name and version (PEP 621).");
        }

        var name = project.TryGetValue("name", out var n) ? n as string : null;
        var dynamic = project.TryGetValue("dynamic", out var d) && d is TomlArray array && array.OfType<string>().Contains("version");
        if (dynamic)
        {
            throw new BuildException(
                $"{path} declares the version dynamic (dynamic = [\"version\"] in [project]): the build backend computes it (from git tags or a file), so BumpVersion cannot edit it. " +
                "Either make it static (remove \"version\" from dynamic and add version = \"X.Y.Z\" to [project]) or bump the version where the backend reads it.");
        }

        if (!project.TryGetValue("version", out var versionValue))
            throw new BuildException($"{path} has no version in [project]. Add version = \"0.1.0\" (or the current version) to [project].");
        if (versionValue is not string)
            throw new BuildException($"{path}: project.version must be a string such as \"1.2.0\", not {versionValue.GetType().Name}.");

        var value = FindVersionString(document, ProjectKey)
            ?? throw new BuildException($"{path}: project.version was read but could not be located in the file's syntax; write it as version = \"…\" in the [project] table.");
        return Create(path, content, value, name, "project.version");
    }

    private static TomlTable? PoetryTable(TomlTable model) =>
        model.TryGetValue("tool", out var tool) && tool is TomlTable toolTable && toolTable.TryGetValue("poetry", out var poetry) ? poetry as TomlTable : null;

    /// <summary>tool.poetry.version, for a file without [project] (poetry-core's own table).</summary>
    private static PyProjectVersionFile ParsePoetry(string path, EncodedText content, DocumentSyntax document, TomlTable poetry)
    {
        if (poetry["version"] is not string)
            throw new BuildException($"{path}: tool.poetry.version must be a string such as \"1.2.0\", not {poetry["version"].GetType().Name}.");
        var value = FindVersionString(document, PoetryKey)
            ?? throw new BuildException($"{path}: tool.poetry.version was read but could not be located in the file's syntax; write it as version = \"…\" in the [tool.poetry] table.");
        return Create(path, content, value, poetry.TryGetValue("name", out var n) ? n as string : null, "tool.poetry.version");
    }

    private static PyProjectVersionFile Create(string path, EncodedText content, StringValueSyntax value, string? name, string key)
    {
        var text = value.Value ?? "";
        if (!Pep440Version.TryParse(text, out var version))
            throw new BuildException($"{path}: {key} '{text}' is not a valid PEP 440 version. Expected {Pep440Version.ExpectedForm}. Fix it (or pass --new-version).");
        return new PyProjectVersionFile(path, content, value, name, version, key);
    }

    /// <summary>The file's bytes with <paramref name="version"/> (canonical form) in place of the current version string and nothing else changed.</summary>
    public byte[] WithVersion(Pep440Version version)
    {
        var token = _string.Token!;
        var old = token.Text ?? "";
        var (open, close) = Delimiters(token);
        var replacement = open + version + close;
        var start = token.Span.Start.Offset;
        if (start < 0 || start + old.Length > _content.Text.Length || string.CompareOrdinal(_content.Text, start, old, 0, old.Length) != 0)
            throw new BuildException($"{Path}: the version string's position in the file could not be confirmed, so the file is left alone. Please report this with the file attached.");

        // The syntax tree locates the token; the edit replaces exactly its characters, so comments,
        // whitespace, line endings and order elsewhere cannot change.
        var text = string.Concat(_content.Text.AsSpan(0, start), replacement, _content.Text.AsSpan(start + old.Length));
        var result = _content.WithText(text).Encode();

        var check = Parse(Path, result);
        if (check.Key != Key || check.Version.ToString() != version.ToString() || check.VersionText != version.ToString())
            throw new BuildException($"{Path}: after the edit {Key} reads '{check.VersionText}', not '{version}'; the file is left alone. Please report this.");
        return result;
    }

    private static StringValueSyntax? FindVersionString(DocumentSyntax document, string[] key)
    {
        foreach (var (path, keyValue) in KeyValues(document))
        {
            if (path.SequenceEqual(key) && keyValue.Value is StringValueSyntax { Token: not null } value)
                return value;
        }

        return null;
    }

    /// <summary>Every key/value of the document with its full key path (table name, dotted key, inline tables); arrays of tables are left out.</summary>
    private static IEnumerable<(IReadOnlyList<string> Path, KeyValueSyntax KeyValue)> KeyValues(DocumentSyntax document)
    {
        foreach (var item in Expand([], document.KeyValues))
            yield return item;
        foreach (var table in document.Tables)
        {
            if (table is not TableSyntax || table.Name is null)
                continue;
            foreach (var item in Expand(KeyPath(table.Name), table.Items))
                yield return item;
        }
    }

    private static IEnumerable<(IReadOnlyList<string>, KeyValueSyntax)> Expand(IReadOnlyList<string> prefix, IEnumerable<KeyValueSyntax> keyValues)
    {
        foreach (var keyValue in keyValues)
        {
            if (keyValue.Key is null)
                continue;
            var path = prefix.Concat(KeyPath(keyValue.Key)).ToList();
            yield return (path, keyValue);
            if (keyValue.Value is InlineTableSyntax inline)
            {
                foreach (var inner in Expand(path, inline.Items.Select(i => i.KeyValue).OfType<KeyValueSyntax>()))
                    yield return inner;
            }
        }
    }

    private static List<string> KeyPath(KeySyntax key)
    {
        var parts = new List<string> { KeyPart(key.Key) };
        foreach (var dotted in key.DotKeys)
            parts.Add(KeyPart(dotted.Key));
        return parts;
    }

    private static string KeyPart(SyntaxNode? node) => node switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? "",
        StringValueSyntax quoted => quoted.Value ?? "",
        _ => "",
    };

    private static (string Open, string Close) Delimiters(SyntaxToken token) => token.TokenKind switch
    {
        TokenKind.StringLiteral => ("'", "'"),
        TokenKind.StringMulti => ("\"\"\"", "\"\"\""),
        TokenKind.StringLiteralMulti => ("'''", "'''"),
        _ => ("\"", "\""),
    };
}
