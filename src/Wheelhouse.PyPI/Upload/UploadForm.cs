using System.Text.RegularExpressions;
using Wheelhouse.Engine;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.PyPI.Upload;

/// <summary>
/// The form fields of a legacy-API upload, as twine 4 sends them (the reference client; PyPI reads the same
/// names), taken from the distribution's own core metadata. The file itself is the <c>content</c> part,
/// added by <see cref="MultipartUploadContent"/>.
/// </summary>
/// <remarks>
/// What twine 4.0.2 (with pkginfo 1.8) does and this follows:
/// <list type="bullet">
/// <item>Only the headers the declared Metadata-Version defines are read (a 1.0 file's Classifier lines are not sent).</item>
/// <item>Every single-valued field is always sent; a missing one, or one whose value is <c>UNKNOWN</c>, as an empty value
/// (PyPI treats an empty value as absent). Repeated fields are sent once per value, and not at all when there is none.</item>
/// <item>Folded header lines are joined with one space; a Description header keeps its lines, less 8 spaces of indentation;
/// the body after the headers, when not empty, is the description.</item>
/// <item><c>name</c> is the Name with every run of characters other than letters, digits and '.' replaced by '-'.</item>
/// <item>sha256 and blake2b-256 digests; <c>comment</c> empty; <c>:action=file_upload</c>, <c>protocol_version=1</c>.</item>
/// </list>
/// Where it departs, on purpose:
/// <list type="bullet">
/// <item><c>pyversion</c> of an sdist is <c>source</c> (twine 4 sends it empty, which PyPI reads as <c>source</c>; twine 5 and later send <c>source</c>).</item>
/// <item>Provides-Extra goes out as <c>provides_extra</c>, the name PyPI's upload form reads (twine 4 sends <c>provides_extras</c>,
/// which PyPI today skips as an unknown field, so those extras were lost).</item>
/// <item>Metadata-Version 2.3, 2.4 and 2.5 are uploaded (twine 4 refuses them); 2.4 adds <c>license_expression</c> and repeated
/// <c>license_file</c>, 2.5 repeated <c>import_name</c> and <c>import_namespace</c> (PyPI's form names), sent only when present. License-File lines of older versions are
/// not sent (setuptools writes them under 2.1; PyPI would reject them).</item>
/// <item>A wheel whose METADATA has a Description header and no body sends that description (twine 4 sends an empty one).</item>
/// <item>No <c>md5_digest</c> (twine 6.2 dropped it: md5 proves nothing sha256 does not, and FIPS systems forbid it).</item>
/// <item>Metadata-Version 2.0 is refused before anything is sent, as PyPI refuses it (twine 4 sends it).</item>
/// </list>
/// </remarks>
internal static partial class UploadForm
{
    public const string SdistType = "sdist";
    public const string WheelType = "bdist_wheel";

    /// <summary>
    /// The Metadata-Version values PyPI accepts, with the level of <see cref="Headers"/> each one reads. 2.0 is not one:
    /// it was never a released standard (old bdist_wheel wrote it), and warehouse refuses it.
    /// </summary>
    private static readonly Dictionary<string, int> Levels = new(StringComparer.Ordinal)
    {
        ["1.0"] = 0,
        ["1.1"] = 1,
        ["1.2"] = 2,
        ["2.1"] = 3,
        ["2.2"] = 4,
        ["2.3"] = 4,
        ["2.4"] = 5,
        ["2.5"] = 6,
    };

    /// <summary>Level 5 (Metadata 2.4) and up: the fields twine 4 does not know; sent only when present, as later clients do.</summary>
    private const int ExtensionLevel = 5;

    private sealed record Header(string Field, string Name, bool Repeated, int Level);

    /// <summary>The metadata fields in the order twine sends them (name, version, filetype and pyversion come first).</summary>
    private static readonly Header[] Headers =
    [
        new("summary", "Summary", false, 0),
        new("home_page", "Home-Page", false, 0),
        new("author", "Author", false, 0),
        new("author_email", "Author-email", false, 0),
        new("maintainer", "Maintainer", false, 2),
        new("maintainer_email", "Maintainer-email", false, 2),
        new("license", "License", false, 0),
        new("description", "Description", false, 0),
        new("keywords", "Keywords", false, 0),
        new("platform", "Platform", true, 0),
        new("classifiers", "Classifier", true, 1),
        new("download_url", "Download-URL", false, 1),
        new("supported_platform", "Supported-Platform", true, 0),
        new("comment", "", false, 0),
        new("sha256_digest", "", false, 0),
        new("provides", "Provides", true, 1),
        new("requires", "Requires", true, 1),
        new("obsoletes", "Obsoletes", true, 1),
        new("project_urls", "Project-URL", true, 2),
        new("provides_dist", "Provides-Dist", true, 2),
        new("obsoletes_dist", "Obsoletes-Dist", true, 2),
        new("requires_dist", "Requires-Dist", true, 2),
        new("requires_external", "Requires-External", true, 2),
        new("requires_python", "Requires-Python", false, 2),
        new("provides_extra", "Provides-Extra", true, 3),
        new("description_content_type", "Description-Content-Type", false, 3),
        new("dynamic", "Dynamic", true, 4),
        new("license_expression", "License-Expression", false, ExtensionLevel),
        new("license_file", "License-File", true, ExtensionLevel),
        new("import_name", "Import-Name", true, ExtensionLevel + 1),
        new("import_namespace", "Import-Namespace", true, ExtensionLevel + 1),
    ];

    /// <summary>Every field but the file, in order; a field name repeats for each value of a repeated field.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Fields(string fileName, DistributionMetadata source, string fileType, string pythonVersion, FileDigests digests)
    {
        var metadata = source.Metadata;
        var metadataVersion = Collapse(metadata["Metadata-Version"] ?? "");
        if (!Levels.TryGetValue(metadataVersion, out var level))
            throw new BuildException(metadataVersion switch
            {
                "" => $"{fileName}: {source.MemberName} has no Metadata-Version, so no index can read it. Rebuild the distribution with a standard build backend.",
                "2.0" => $"{fileName}: {source.MemberName} declares Metadata-Version 2.0, which was never a released standard, and PyPI refuses it (it accepts 1.0, 1.1, 1.2 and 2.1 to 2.5). " +
                         "Old versions of the wheel package wrote it: rebuild with a current build backend (./build.sh Build). Nothing was uploaded.",
                _ => $"{fileName}: {source.MemberName} declares Metadata-Version {metadataVersion}; PyPI accepts 1.0, 1.1, 1.2 and 2.1 to 2.5. Rebuild with a build backend that writes a released metadata version.",
            });

        var name = Single(metadata, "Name");
        var version = Single(metadata, "Version");
        if (name is null || version is null)
            throw new BuildException($"{fileName}: {source.MemberName} lacks {(name is null ? "Name" : "Version")}, which every upload needs. Rebuild the distribution.");

        var fields = new List<KeyValuePair<string, string>>
        {
            new("name", SafeName(name)),
            new("version", version),
            new("filetype", fileType),
            new("pyversion", pythonVersion),
            new("metadata_version", metadataVersion),
        };
        foreach (var header in Headers)
        {
            switch (header.Field)
            {
                case "comment":
                    fields.Add(new(header.Field, ""));
                    continue;
                case "sha256_digest":
                    fields.Add(new(header.Field, digests.Sha256));
                    continue;
                case "description":
                    fields.Add(new(header.Field, Description(source)));
                    continue;
            }

            var read = header.Level <= level;
            if (header.Repeated)
            {
                if (read)
                    fields.AddRange(metadata.All(header.Name).Select(v => new KeyValuePair<string, string>(header.Field, Collapse(v))));
            }
            else if (header.Level < ExtensionLevel)
            {
                fields.Add(new(header.Field, read ? Single(metadata, header.Name) ?? "" : ""));
            }
            else if (read && Single(metadata, header.Name) is { Length: > 0 } value)
            {
                fields.Add(new(header.Field, value));
            }
        }

        fields.Add(new("blake2_256_digest", digests.Blake2b256));
        fields.Add(new(":action", "file_upload"));
        fields.Add(new("protocol_version", "1"));
        return fields;
    }

    /// <summary>twine's <c>safe_name</c>: runs of characters other than ASCII letters, digits and '.' become one '-'.</summary>
    public static string SafeName(string name) => UnsafeRuns().Replace(name, "-");

    /// <summary>A single-valued header: its first occurrence, folded lines joined; null when missing or <c>UNKNOWN</c> (the old setuptools placeholder).</summary>
    private static string? Single(MetadataFile metadata, string name)
    {
        var raw = metadata[name];
        if (raw is null)
            return null;
        var value = Collapse(raw);
        return value == "UNKNOWN" ? null : value;
    }

    /// <summary>Folded header lines joined with single spaces, each line trimmed.</summary>
    private static string Collapse(string value) =>
        value.Contains('\n') ? string.Join(' ', value.Split('\n').Select(l => l.Trim())) : value.Trim();

    /// <summary>The body when there is one; else the Description header with its lines kept and 8 spaces of indentation removed.</summary>
    private static string Description(DistributionMetadata source)
    {
        if (source.Metadata.Body.Length > 0)
            return source.Metadata.Body;
        if (RawHeader(source.Text, "Description") is not { } raw)
            return "";
        var lines = raw.Trim().Replace("\r\n", "\n").Split('\n')
            .Select(l => l.StartsWith("        ", StringComparison.Ordinal) ? l[8..] : l);
        var text = string.Join('\n', lines);
        return text == "UNKNOWN" ? "" : text;
    }

    /// <summary>A header's value with its continuation lines as written (indentation kept), or null.</summary>
    internal static string? RawHeader(string text, string name)
    {
        string? value = null;
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.Length == 0)
                break;
            if (value != null)
            {
                if (line[0] is ' ' or '\t')
                {
                    value += "\n" + line;
                    continue;
                }

                break;
            }

            var colon = line.IndexOf(':');
            if (colon > 0 && string.Equals(line[..colon].Trim(), name, StringComparison.OrdinalIgnoreCase))
                value = line[(colon + 1)..].TrimStart(' ', '\t');
        }

        return value;
    }

    [GeneratedRegex("[^A-Za-z0-9.]+")]
    private static partial Regex UnsafeRuns();
}
