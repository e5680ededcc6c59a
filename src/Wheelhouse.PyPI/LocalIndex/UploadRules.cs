using System.Formats.Tar;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Wheelhouse.Python;
using Wheelhouse.Python.Inspection;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.PyPI.LocalIndex;

/// <summary>A refused upload: the status code and the message that goes in the reason phrase and the body.</summary>
internal sealed class UploadRefused(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static UploadRefused BadRequest(string message) => new(400, message);
}

/// <summary>
/// The checks PyPI's upload API (warehouse's <c>forklift/legacy.py</c>, its upload form and metadata rules) makes,
/// in warehouse's order and with its messages, as far as a single-user local index needs them.
/// </summary>
internal static partial class UploadRules
{
    public const string CoreMetadataHelp = "See https://packaging.python.org/specifications/core-metadata for more information.";
    public const string FileNameReuseHelp = "https://pypi.org/help/#file-name-reuse";

    /// <summary>Metadata versions warehouse accepts (it has no 2.0: that version was never specified).</summary>
    public static readonly IReadOnlySet<string> SupportedMetadataVersions = new HashSet<string>(StringComparer.Ordinal)
        { "1.0", "1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "2.5" };

    private static readonly string[] ErrorOrder = ["metadata-version", "name", "version"];

    /// <summary>The form fields that are not core metadata.</summary>
    private static readonly HashSet<string> NonMetadataFields = new(StringComparer.Ordinal)
    {
        ":action", "protocol_version", "content", "filetype", "pyversion", "comment", "md5_digest", "sha256_digest",
        "blake2_256_digest", "gpg_signature", "attestations",
    };

    public static string? First(IReadOnlyDictionary<string, List<string>> fields, string name) =>
        fields.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    /// <summary>The protocol and the upload form (name, filetype, digests, pyversion), before the file is looked at.</summary>
    public static void CheckForm(IReadOnlyDictionary<string, List<string>> fields)
    {
        if ((First(fields, "protocol_version") ?? "1") != "1")
            throw UploadRefused.BadRequest("Unknown protocol version.");

        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var name = First(fields, "name");
        if (string.IsNullOrEmpty(name))
            errors["name"] = "This field is required.";
        else if (!DistributionNames.IsValidName(name))
            errors["name"] = "Start and end with a letter or numeral containing only ASCII numeric and '.', '_' and '-'.";

        var filetype = First(fields, "filetype");
        if (string.IsNullOrEmpty(filetype))
            errors["filetype"] = "This field is required.";
        else if (filetype is not ("sdist" or "bdist_wheel"))
            errors["filetype"] = "Use a known file type.";

        if (First(fields, "sha256_digest") is { Length: > 0 } sha256 && !HexDigest().IsMatch(sha256))
            errors["sha256_digest"] = "Use a valid, hex-encoded, SHA256 message digest.";
        if (First(fields, "blake2_256_digest") is { Length: > 0 } blake2 && !HexDigest().IsMatch(blake2))
            errors["blake2_256_digest"] = "Use a valid, hex-encoded, BLAKE2 message digest.";

        if (errors.Count == 0)
        {
            var pyversion = First(fields, "pyversion");
            if (filetype != "sdist" && string.IsNullOrEmpty(pyversion))
                errors["__all__"] = "Python version is required for binary distribution uploads.";
            else if (filetype == "sdist" && !string.IsNullOrEmpty(pyversion) && pyversion != "source")
                errors["__all__"] = "Use 'source' as Python version for an sdist.";
            else if (string.IsNullOrEmpty(First(fields, "md5_digest")) && string.IsNullOrEmpty(First(fields, "sha256_digest"))
                     && string.IsNullOrEmpty(First(fields, "blake2_256_digest")))
                errors["__all__"] = "Include at least one message digest.";
        }

        if (errors.Count == 0)
            return;
        var field = PickError(errors.Keys);
        throw UploadRefused.BadRequest(field switch
        {
            "name" => $"{PyRepr(Truncate(name ?? ""))} is an invalid value for Name. Error: {errors[field]} {CoreMetadataHelp}",
            "__all__" => $"Error: {errors[field]}",
            _ => $"Invalid value for {field}. Error: {errors[field]}",
        });
    }

    /// <summary>The core metadata (packaging's and warehouse's rules that matter here); returns the parsed version.</summary>
    /// <param name="newerClassifiers">A newer trove-classifiers' verdicts on classifiers the embedded list does not know (as InspectWheel gets them); they decide.</param>
    public static Pep440Version CheckMetadata(IReadOnlyDictionary<string, List<string>> fields, IReadOnlyDictionary<string, Python.Inspection.Vocabulary.ClassifierVerdict>? newerClassifiers = null)
    {
        string? ClassifierRefusal(string classifier) =>
            Python.Inspection.Vocabulary.TroveClassifiers.Check(classifier, newerClassifiers?.GetValueOrDefault(classifier));

        var errors = new List<(string Field, string Message)>();
        var metadataVersion = First(fields, "metadata_version");
        if (string.IsNullOrEmpty(metadataVersion))
            errors.Add(("metadata-version", "'metadata_version' is a required field"));
        else if (!SupportedMetadataVersions.Contains(metadataVersion))
            errors.Add(("metadata-version", $"{PyRepr(metadataVersion)} is not a valid metadata version"));

        Pep440Version? version = null;
        var versionText = First(fields, "version");
        if (string.IsNullOrEmpty(versionText))
            errors.Add(("version", "'version' is a required field"));
        else if (versionText.Trim() != versionText || !Pep440Version.TryParse(versionText, out version))
            errors.Add(("version", $"{PyRepr(versionText)} is invalid for 'version'"));
        else if (version.IsLocal)
            errors.Add(("version", $"The use of local versions in {PyRepr(version.ToString())} is not allowed."));

        if (First(fields, "summary") is { } summary && (summary.Length > 512 || summary.Contains('\n')))
            errors.Add(("summary", summary.Length > 512 ? "'summary' field must be 512 characters or less." : "'summary' must be a single line"));

        if (!string.IsNullOrEmpty(First(fields, "license")) && !string.IsNullOrEmpty(First(fields, "license_expression")))
            errors.Add(("license", "License is deprecated when License-Expression is present. Only License-Expression should be present."));

        // packaging's and warehouse's metadata rules (forklift/metadata.py): classifiers, SPDX expression, content type.
        var classifiers = fields.GetValueOrDefault("classifiers")?.Where(c => c.Trim().Length > 0).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var classifier in classifiers.Order(StringComparer.Ordinal))
        {
            if (ClassifierRefusal(classifier) is { } refusal && !refusal.StartsWith("The classifier", StringComparison.Ordinal))
                errors.Add(("classifier", refusal));
        }

        foreach (var classifier in classifiers.Order(StringComparer.Ordinal))
        {
            if (ClassifierRefusal(classifier) is { } refusal && refusal.StartsWith("The classifier", StringComparison.Ordinal))
                errors.Add(("classifier", refusal));
        }

        if (First(fields, "license_expression") is { Length: > 0 } expression && Python.Inspection.Vocabulary.LicenseExpressions.Canonicalize(expression).Error != null)
            errors.Add(("license-expression", $"{PyRepr(expression)} is invalid for 'license-expression'"));
        if (First(fields, "description_content_type") is { Length: > 0 } contentType && Python.Inspection.Readme.DescriptionContentType.Problem(contentType) is { } invalidType)
            errors.Add(("description-content-type", invalidType));

        if (errors.Count == 0)
            return version!;
        var field = PickError(errors.Select(e => e.Field));
        var message = errors.First(e => e.Field == field).Message;
        throw UploadRefused.BadRequest(message + (message.EndsWith('.') ? "" : ".") + " " + CoreMetadataHelp);
    }

    /// <summary>The metadata fields of an upload, kept with the file (the JSON API serves them).</summary>
    public static Dictionary<string, List<string>> MetadataOf(IReadOnlyDictionary<string, List<string>> fields) =>
        fields.Where(f => !NonMetadataFields.Contains(f.Key))
            .Select(f => (f.Key, Values: f.Value.Where(v => v.Trim().Length > 0 && v.Trim() != "UNKNOWN").ToList()))
            .Where(f => f.Values.Count > 0)
            .ToDictionary(f => f.Key, f => f.Values, StringComparer.Ordinal);

    /// <summary>warehouse's <c>_validate_filename</c>: printable, no path separators, an extension that fits the file type.</summary>
    public static void CheckFileName(string filename, string filetype)
    {
        if (filename.Any(c => c < 32 || c == 127))
            throw UploadRefused.BadRequest("Cannot upload a file with non-printable characters (ordinals 0-31) or the DEL character (ordinal 127) in the name.");
        if (filename.Contains('/') || filename.Contains('\\'))
            throw UploadRefused.BadRequest("Cannot upload a file with '/' or '\\' in the name.");
        var extension = DistExtension().Match(filename);
        if (!extension.Success)
            throw UploadRefused.BadRequest("Invalid file extension: Use .tar.gz, .whl or .zip extension. See https://www.python.org/dev/peps/pep-0527 and https://peps.python.org/pep-0715/ for more information");
        var ext = extension.Groups["extension"].Value;
        var allowed = filetype == "sdist" ? ext is ".tar.gz" or ".zip" : ext == ".whl";
        if (!allowed)
            throw UploadRefused.BadRequest($"Invalid file extension: Extension {ext} is invalid for filetype {filetype}. See https://www.python.org/dev/peps/pep-0527 for more information.");
    }

    /// <summary>Every digest the client gave must be the file's.</summary>
    public static void CheckDigests(IReadOnlyDictionary<string, List<string>> fields, string md5, string sha256, string blake2b256)
    {
        var mismatched = new[] { ("md5_digest", md5), ("sha256_digest", sha256), ("blake2_256_digest", blake2b256) }
            .Where(d => First(fields, d.Item1) is { Length: > 0 } given && !string.Equals(given, d.Item2, StringComparison.OrdinalIgnoreCase))
            .Select(d => d.Item1)
            .ToList();
        if (mismatched.Count > 0)
            throw UploadRefused.BadRequest($"The digest supplied does not match a digest calculated from the uploaded file ({string.Join(", ", mismatched)}).");
    }

    /// <summary>
    /// The file name against the project and version (warehouse, PEP 625 for sdists, the binary distribution format
    /// for wheels). Returns the wheel's METADATA (warehouse extracts it and serves it beside the file, PEP 658) or null.
    /// </summary>
    public static byte[]? CheckDistribution(string path, string filename, string filetype, string projectName, Pep440Version version)
    {
        var normalized = ProjectName.Normalise(projectName);
        var underscored = normalized.Replace('-', '_');
        if (filetype == "sdist")
        {
            if (!IsValidSdist(path, filename))
                throw UploadRefused.BadRequest("Invalid distribution file.");
            if (!filename.EndsWith(".tar.gz", StringComparison.Ordinal))
                return null; // a legacy .zip sdist: warehouse checks only its PKG-INFO
            var parsed = SdistFileName.TryParse(filename);
            if (parsed == null || !Pep440Version.TryParse(parsed.Version, out _))
                throw UploadRefused.BadRequest($"Invalid source distribution filename: {filename}");
            if (ProjectName.Normalise(parsed.Name) != normalized)
                throw UploadRefused.BadRequest($"Start filename for {PyRepr(projectName)} with {PyRepr(underscored)}.");
            var expected = $"{underscored}-{version}.tar.gz";
            if (filename != expected)
                throw UploadRefused.BadRequest($"Filename {PyRepr(filename)} is invalid, should be {PyRepr(expected)}.");
            return null;
        }

        if (!IsZipWith(path, "WHEEL"))
            throw UploadRefused.BadRequest("Invalid distribution file.");
        var wheel = WheelFileName.TryParse(filename)
            ?? throw UploadRefused.BadRequest($"Invalid wheel filename (wrong number of parts): {filename[..^4]}");
        if (!Pep440Version.TryParse(wheel.Version, out var wheelVersion))
            throw UploadRefused.BadRequest($"Invalid wheel filename (invalid version): {filename}");
        if (ProjectName.Normalise(wheel.Name) != normalized)
            throw UploadRefused.BadRequest($"Start filename for {PyRepr(projectName)} with {PyRepr(underscored)}.");
        if (wheel.Name != underscored)
            throw UploadRefused.BadRequest($"Filename {PyRepr(filename)} should contain the normalized project name {PyRepr(underscored)}, not {PyRepr(wheel.Name)}.");
        if (wheelVersion != version)
            throw UploadRefused.BadRequest($"Version in filename should be {PyRepr(version.ToString())} not {PyRepr(wheelVersion.ToString())}.");

        var metadataName = $"{wheel.Name}-{wheel.Version}.dist-info/METADATA";
        byte[] metadata;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var entry = zip.GetEntry(metadataName)
                ?? throw UploadRefused.BadRequest($"Wheel '{filename}' does not contain the required METADATA file: {metadataName}");
            if (entry.Length > 16 * 1024 * 1024)
                throw UploadRefused.BadRequest("Invalid distribution file.");
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            metadata = buffer.ToArray();
        }
        catch (InvalidDataException)
        {
            throw UploadRefused.BadRequest("Invalid distribution file.");
        }

        // The wheel's own METADATA must describe the release it is uploaded as.
        var parsedMetadata = MetadataFile.Parse(System.Text.Encoding.UTF8.GetString(metadata));
        if (parsedMetadata["Name"] is { } metaName && !ProjectName.Same(metaName, projectName))
            throw UploadRefused.BadRequest($"The wheel's METADATA names {PyRepr(metaName)}, but the upload is for {PyRepr(projectName)}.");
        if (parsedMetadata["Version"] is { } metaVersion && (!Pep440Version.TryParse(metaVersion, out var parsedVersion) || parsedVersion != version))
            throw UploadRefused.BadRequest($"The wheel's METADATA has version {PyRepr(metaVersion)}, but the upload is for {PyRepr(version.ToString())}.");
        return metadata;
    }

    /// <summary>The 400 for a file name already taken by other content (twine's --skip-existing looks for its start).</summary>
    public static string FileExists(string filename, string blake2b256) =>
        $"File already exists ({PyRepr(filename)}, with blake2_256 hash {PyRepr(blake2b256)}). See {FileNameReuseHelp} for more information.";

    public static string TooLarge(string projectName, long limit) =>
        $"File too large. Limit for project {PyRepr(projectName)} is {limit / (1024 * 1024)} MB. " +
        "See https://docs.pypi.org/project-management/storage-limits#requesting-a-file-size-limit-increase for more information.";

    /// <summary>Python's repr of a str, as warehouse's messages quote values.</summary>
    public static string PyRepr(string value) =>
        value.Contains('\'') && !value.Contains('"') ? $"\"{value}\"" : $"'{value.Replace("\\", "\\\\").Replace("'", "\\'")}'";

    private static string Truncate(string value) => value.Length > 60 ? value[..30] + "..." + value[^30..] : value;

    private static string PickError(IEnumerable<string> fields)
    {
        var list = fields.ToList();
        return ErrorOrder.FirstOrDefault(list.Contains) ?? list.Order(StringComparer.Ordinal).First();
    }

    private static bool IsValidSdist(string path, string filename)
    {
        if (filename.EndsWith(".zip", StringComparison.Ordinal))
            return IsZipWith(path, "PKG-INFO");
        try
        {
            using var file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            var found = false;
            while (tar.GetNextEntry() is { } entry)
            {
                if (Path.GetFileName(entry.Name.TrimEnd('/')) == "PKG-INFO")
                    found = true;
            }

            return found;
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or IOException)
        {
            return false;
        }
    }

    private static bool IsZipWith(string path, string baseName)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            return zip.Entries.Any(e => Path.GetFileName(e.FullName) == baseName);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[A-F0-9]{64}$", RegexOptions.IgnoreCase)]
    private static partial Regex HexDigest();

    [GeneratedRegex(@"^.+?(?<extension>\.(tar\.gz|zip|whl))$", RegexOptions.IgnoreCase)]
    private static partial Regex DistExtension();
}
