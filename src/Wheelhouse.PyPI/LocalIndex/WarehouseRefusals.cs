using System.Formats.Tar;
using System.IO.Compression;
using Wheelhouse.Python;
using Wheelhouse.Python.Inspection;
using Wheelhouse.Python.Inspection.Readme;
using Wheelhouse.Python.Inspection.Zip;

namespace Wheelhouse.PyPI.LocalIndex;

/// <summary>
/// The refusals of warehouse's upload view (forklift/legacy.py and its decorators, 2026) beyond the form: the
/// uploader's standing, the project's, closed releases, what a distribution file must hold, and the README. Each
/// method throws <see cref="UploadRefused"/> with warehouse's status code and words, or returns.
/// </summary>
internal static class WarehouseRefusals
{
    public const string ProjectNameHelp = "https://pypi.org/help/#project-name";

    /// <summary>Files may be added to a release for this long after it was created (warehouse's MAXIMUM_AGE_FOR_NEW_UPLOADS).</summary>
    public static readonly TimeSpan ReleaseOpenFor = TimeSpan.FromDays(14);

    /// <summary>A user identity (API token) needs a verified primary email and two-factor authentication (403 each).</summary>
    public static void CheckAccount(string? credential, UploaderAccount account)
    {
        if (credential != "api-token")
            return; // a trusted publisher's token is not a user: warehouse checks these only for users
        if (!account.EmailVerified)
            throw new UploadRefused(403,
                $"User {UploadRules.PyRepr(account.Username)} does not have a verified primary email address. Please add a verified primary email before attempting to upload to PyPI. " +
                "See https://pypi.org/help/#verified-email for more information.");
        if (!account.TwoFactorEnabled)
            throw new UploadRefused(403,
                $"User {UploadRules.PyRepr(account.Username)} does not have two-factor authentication enabled. Please enable two-factor authentication before attempting to upload to PyPI. " +
                "See https://pypi.org/help/#two-factor-authentication for more information.");
    }

    /// <summary>
    /// The project, looked up before anything about the file: a trusted publisher cannot create a project its pending
    /// publisher does not name (400), nor upload to another project (403); an archived project takes no upload (403,
    /// its upload permission is gone); an inactive organization's project neither (400).
    /// </summary>
    public static void CheckProject(string projectName, bool exists, string? credential, LocalIndexOptions options)
    {
        var normalized = ProjectName.Normalise(projectName);
        var publisher = options.TrustedPublisher?.Project is { } bound ? ProjectName.Normalise(bound) : null;
        var trusted = credential == "trusted-publisher";
        if (!exists)
        {
            if (trusted && publisher != null && publisher != normalized)
                throw UploadRefused.BadRequest(
                    "Non-user identities cannot create new projects. This was probably caused by successfully using a pending publisher but specifying the project name " +
                    "incorrectly (either in the publisher or in your project's metadata). Please ensure that both match. See: https://docs.pypi.org/trusted-publishers/troubleshooting/");
            return;
        }

        var archived = options.ArchivedProjects.Any(p => ProjectName.Normalise(p) == normalized);
        if ((trusted && publisher != null && publisher != normalized) || archived)
            throw new UploadRefused(403, trusted
                ? $"The given token isn't allowed to upload to project {UploadRules.PyRepr(projectName)}. See {ProjectNameHelp} for more information."
                : $"The user {UploadRules.PyRepr(options.Account.Username)} isn't allowed to upload to project {UploadRules.PyRepr(projectName)}. See {ProjectNameHelp} for more information.");

        if (options.InactiveOrganizationProjects.Any(p => ProjectName.Normalise(p) == normalized))
            throw UploadRefused.BadRequest(
                "Organization account owning this project is inactive. This may be due to inactive billing for Company Organizations, or administrator intervention " +
                "for Community Organizations. Please contact support+orgs@pypi.org.");
    }

    /// <summary>A release takes new files for 14 days after it was created (its first file), then it is closed.</summary>
    public static void CheckReleaseOpen(IReadOnlyList<StoredFile> releaseFiles, DateTimeOffset now)
    {
        if (releaseFiles.Count > 0 && releaseFiles.Min(f => f.UploadTime) < now - ReleaseOpenFor)
            throw UploadRefused.BadRequest($"Uploading new files to releases older than {ReleaseOpenFor.Days} days is not allowed.");
    }

    /// <summary>The README must render in its content type (text/x-rst when none is declared), as warehouse renders it on upload.</summary>
    public static void CheckDescription(IReadOnlyDictionary<string, List<string>> fields, WarehouseAnswers answers)
    {
        if (UploadRules.First(fields, "description") is not { Length: > 0 } description)
            return;
        var declared = UploadRules.First(fields, "description_content_type") is { Length: > 0 } type ? type : null;
        if (answers.Rendered.TryGetValue(new DescriptionToRender(description, declared), out var failure) && failure != null)
            throw UploadRefused.BadRequest(DescriptionContentType.RenderFailure(declared));
    }

    /// <summary>
    /// warehouse's <c>_is_valid_dist_file</c>: a zip (not a bomb, stored or deflated, WHEEL where the file name says,
    /// records that read the same both ways) or a gzip tar with one top folder holding PKG-INFO.
    /// </summary>
    public static void CheckDistributionFile(string path, string filename)
    {
        string? problem;
        if (filename.EndsWith(".whl", StringComparison.Ordinal) || filename.EndsWith(".zip", StringComparison.Ordinal))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
            problem = ZipConfusion.Check(stream) ?? ExpectedZipMember(path, filename);
        }
        else
        {
            problem = TarProblem(path);
        }

        if (problem != null)
            throw UploadRefused.BadRequest($"Invalid distribution file. {problem}");
    }

    /// <summary>Every License-File of the form must be in the distribution: below the sdist's top folder, or in the wheel's .dist-info/licenses/.</summary>
    public static void CheckLicenseFiles(IReadOnlyDictionary<string, List<string>> fields, string path, string filename)
    {
        var licenseFiles = fields.GetValueOrDefault("license_file")?.Where(f => f.Trim().Length > 0).ToList() ?? [];
        if (licenseFiles.Count == 0)
            return;
        if (filename.EndsWith(".whl", StringComparison.Ordinal))
        {
            var parts = filename.Split('-');
            using var zip = ZipFile.OpenRead(path);
            foreach (var licenseFile in licenseFiles)
            {
                var location = $"{parts[0]}-{parts[1]}.dist-info/licenses/{licenseFile}";
                if (zip.GetEntry(location) == null)
                    throw UploadRefused.BadRequest($"License-File {licenseFile} does not exist in distribution file {filename} at {location}");
            }

            return;
        }

        var names = TarNames(path);
        var top = CommonPrefix(names);
        foreach (var licenseFile in licenseFiles)
        {
            var location = top + "/" + licenseFile;
            if (!names.Contains(location))
                throw UploadRefused.BadRequest($"License-File {licenseFile} does not exist in distribution file {filename} at {location}");
        }
    }

    /// <summary>A wheel's RECORD must be there (a differing one only earns the owners an email on PyPI), and its entry_points.txt must parse.</summary>
    public static void CheckWheelContents(string path, string filename)
    {
        var parts = filename.Split('-');
        var distInfo = $"{parts[0]}-{parts[1]}.dist-info";
        using var zip = ZipFile.OpenRead(path);
        if (zip.GetEntry($"{distInfo}/RECORD") == null)
            throw UploadRefused.BadRequest($"Wheel '{filename}' does not contain the required RECORD file: {distInfo}/RECORD");
        if (zip.GetEntry($"{distInfo}/entry_points.txt") is not { } entryPoints)
            return;
        using var stream = entryPoints.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        if (EntryPointsIni.Validate(buffer.ToArray()) is { } invalid)
            throw UploadRefused.BadRequest($"Wheel '{filename}' has an invalid entry_points.txt: {invalid}");
    }

    private static string? ExpectedZipMember(string path, string filename)
    {
        using var zip = ZipFile.OpenRead(path);
        if (filename.EndsWith(".whl", StringComparison.Ordinal))
        {
            var parts = filename.Split('-', 3);
            if (parts.Length < 3)
                return "Unable to parse name and version from wheel filename";
            var target = $"{parts[0]}-{parts[1]}.dist-info/WHEEL";
            return zip.GetEntry(target) == null ? $"WHEEL not found at {target}" : null;
        }

        var top = CommonPrefix(zip.Entries.Select(e => e.FullName).ToList());
        if (top is "" or "." or "/")
            return "Incorrect number of top-level directories in sdist";
        return zip.GetEntry(top + "/PKG-INFO") == null ? $"PKG-INFO not found at {top}/PKG-INFO" : null;
    }

    private static string? TarProblem(string path)
    {
        List<string> names;
        try
        {
            names = TarNames(path);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or IOException)
        {
            return "File is not a tarfile";
        }

        var top = CommonPrefix(names);
        if (top is "" or "." or "/")
            return "Incorrect number of top-level directories in sdist";
        return names.Contains(top + "/PKG-INFO") ? null : $"PKG-INFO not found at {top}/PKG-INFO";
    }

    private static List<string> TarNames(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var names = new List<string>();
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType != TarEntryType.GlobalExtendedAttributes)
                names.Add(entry.Name.TrimEnd('/'));
        }

        return names;
    }

    /// <summary>Python's <c>os.path.commonprefix</c> of the member names (character by character, as warehouse uses it), without a trailing '/'.</summary>
    private static string CommonPrefix(IReadOnlyList<string> names)
    {
        if (names.Count == 0)
            return "";
        var prefix = names[0];
        foreach (var name in names)
        {
            var length = 0;
            while (length < prefix.Length && length < name.Length && prefix[length] == name[length])
                length++;
            prefix = prefix[..length];
        }

        return prefix.TrimEnd('/');
    }
}
