using System.Buffers.Text;
using System.Text.RegularExpressions;

namespace Wheelhouse.Python.Inspection;

/// <summary>Wheel structure (W) and RECORD (R) checks: pure functions of a <see cref="WheelModel"/>.</summary>
public static partial class WheelChecks
{
    private const string Rebuild = "rebuild it with ./build.sh Build (never edit a built wheel)";

    public static void Structure(WheelModel wheel, FindingSink sink)
    {
        var name = wheel.FileName;
        if (name == null)
        {
            sink.Add(Checks.W001, $"'{wheel.Name}' is not a wheel file name {{name}}-{{version}}(-{{build}})?-{{python}}-{{abi}}-{{platform}}.whl; installers reject it: rename it back to what the build backend wrote, or rebuild.");
            sink.Skip([Checks.W002, Checks.W007, Checks.W009], "the file name does not parse (W001)");
        }
        else
        {
            if (!DistributionNames.IsValidName(name.Name))
                sink.Add(Checks.W001, $"'{name.Name}' in the file name is not a valid project name; rename the file to the project's name, or rebuild.");
            if (DistributionNames.CanonicalVersion(name.Version) == null)
                sink.Add(Checks.W001, $"'{name.Version}' in the file name is not a PEP 440 version; fix the project's version and rebuild.");
            var canonicalName = ProjectName.FileNameFormOf(name.Name);
            var canonicalVersion = DistributionNames.CanonicalVersion(name.Version) ?? name.Version;
            // PyPI refuses a name part that is not normalised ("should contain the normalized project name"); a version
            // spelled otherwise is accepted (it compares parsed versions), so that stays a warning.
            if (name.Name != canonicalName)
                sink.Add(Checks.W009, $"the file name starts with '{name.Name}', PyPI requires the normalised project name '{canonicalName}' (\"Filename {Vocabulary.Py.Repr(wheel.Name)} should contain the normalized project name {Vocabulary.Py.Repr(canonicalName)}, not {Vocabulary.Py.Repr(name.Name)}.\"); a current build backend writes that: upgrade it and rebuild.");
            if (name.Version != canonicalVersion)
                sink.Add(Checks.W002, $"the file name spells version '{name.Version}', the canonical form is '{canonicalVersion}'; a current build backend writes that, so upgrade it and rebuild.");
        }

        if (wheel.DistInfoFolders.Count == 0)
        {
            sink.Add(Checks.W003, $"there is no .dist-info folder, so nothing can install it; {Rebuild}.");
        }
        else if (wheel.DistInfoFolders.Count > 1)
        {
            sink.Add(Checks.W003, $"there are {wheel.DistInfoFolders.Count} .dist-info folders ({string.Join(", ", wheel.DistInfoFolders)}); a wheel has exactly one: delete the build folder and {Rebuild}.");
        }
        else if (name != null && !wheel.MatchesFileName(wheel.DistInfo!))
        {
            sink.Add(Checks.W003, $"the folder {wheel.DistInfo} does not match the file name's {name.Name}-{name.Version}; pip refuses such a wheel: {Rebuild}.");
        }

        if (wheel.DistInfo == null)
        {
            sink.Skip([Checks.W004, Checks.W005, Checks.W006, Checks.W007], "no .dist-info folder (W003)");
        }
        else
        {
            var missing = new[] { ("METADATA", wheel.MetadataEntry), ("WHEEL", wheel.WheelEntry), ("RECORD", wheel.RecordEntry) }
                .Where(p => p.Item2 == null).Select(p => $"{wheel.DistInfo}/{p.Item1}").ToList();
            if (missing.Count > 0)
                sink.Add(Checks.W004, $"{string.Join(", ", missing)} missing; every wheel needs METADATA, WHEEL and RECORD: {Rebuild}.");
            WheelFile(wheel, sink);
        }

        foreach (var duplicate in Duplicates(wheel.Archive.Entries))
            sink.Add(Checks.W008, $"'{duplicate}' is in the archive more than once; tools disagree on which copy wins and PyPI refuses such wheels: {Rebuild}.");

        if (wheel.Archive.ZipProblem is { } zip)
            sink.Add(Checks.W010, $"PyPI refuses this zip (\"Invalid distribution file. {zip}\"): {ZipAdvice(zip)}.");

        if (wheel.EntryPointsEntry?.Content is { } entryPoints && EntryPointsIni.Validate(entryPoints) is { } invalid)
            sink.Add(Checks.W011, $"{wheel.DistInfo}/entry_points.txt: {invalid}; PyPI refuses the wheel: fix the entry points in pyproject.toml and rebuild.");
        else if (wheel.EntryPointsEntry == null)
            sink.Skip(Checks.W011, "no entry_points.txt");
    }

    /// <summary>What to do about a zip PyPI refuses, by what it found.</summary>
    private static string ZipAdvice(string problem) => problem switch
    {
        _ when problem.Contains("data descriptor", StringComparison.Ordinal) =>
            "the tool that wrote it streamed the entries (sizes after the data); build with a standard backend, which writes sizes in the headers, or repack with Python's zipfile",
        _ when problem.Contains("Trailing data", StringComparison.Ordinal) || problem.Contains("Unknown record signature", StringComparison.Ordinal) =>
            "bytes were added before or after the archive (a concatenated or signed file); rebuild it with ./build.sh Build and upload it untouched",
        _ when problem.Contains("compression type", StringComparison.Ordinal) =>
            "use stored or deflated entries only (every build backend does); rebuild with ./build.sh Build",
        _ when problem.Contains("compression ratio", StringComparison.Ordinal) =>
            "it inflates more than 50:1 above 64 MiB; keep generated or padded files out of the package",
        _ when problem.Contains("not unicode", StringComparison.Ordinal) || problem.Contains("not in central directory", StringComparison.Ordinal) =>
            "an entry's name is not ASCII and not flagged as UTF-8 (or the local and central names differ); rebuild with a current backend, which writes UTF-8 names with the flag, or rename the file to ASCII",
        _ => $"the archive does not read the same through its central directory and its local headers (see {Zip.ZipConfusion.HelpUrl}); {Rebuild}",
    };

    private static void WheelFile(WheelModel wheel, FindingSink sink)
    {
        var file = $"{wheel.DistInfo}/WHEEL";
        if (wheel.Wheel is not { } info)
        {
            sink.Skip([Checks.W005, Checks.W006, Checks.W007], wheel.WheelEntry == null ? "no WHEEL file (W004)" : "WHEEL is too large to read");
            return;
        }

        var version = info["Wheel-Version"];
        if (version == null)
            sink.Add(Checks.W005, $"{file} has no Wheel-Version; {Rebuild}.");
        else if (!WheelVersion().IsMatch(version))
            sink.Add(Checks.W005, $"{file} says Wheel-Version {version}; installers only accept 1.x: rebuild with a standard build backend (./build.sh Build).");

        var purelib = info["Root-Is-Purelib"];
        if (purelib == null)
            sink.Add(Checks.W006, $"{file} has no Root-Is-Purelib; installers need it to know where files go: {Rebuild}.");
        else if (!string.Equals(purelib, "true", StringComparison.OrdinalIgnoreCase) && !string.Equals(purelib, "false", StringComparison.OrdinalIgnoreCase))
            sink.Add(Checks.W006, $"{file} says Root-Is-Purelib: {purelib}; it must be true or false: {Rebuild}.");

        if (wheel.FileName == null)
            return;
        var tags = info.All("Tag").Select(t => t.Trim()).ToHashSet(StringComparer.Ordinal);
        var expected = wheel.FileName.ExpandedTags;
        if (tags.Count == 0)
        {
            sink.Add(Checks.W007, $"{file} has no Tag lines; the file name promises {string.Join(", ", expected.Order())}: {Rebuild}.");
            return;
        }

        var missing = expected.Except(tags).Order().ToList();
        var extra = tags.Except(expected).Order().ToList();
        if (missing.Count > 0 || extra.Count > 0)
            sink.Add(Checks.W007, $"{file} tags ({string.Join(", ", tags.Order())}) differ from the file name's ({string.Join(", ", expected.Order())}); installers pick wheels by file name, so it may install where it cannot run: {Rebuild}.");
    }

    public static void Record(WheelModel wheel, FindingSink sink)
    {
        IReadOnlyList<CheckInfo> recordChecks = [Checks.R001, Checks.R002, Checks.R003, Checks.R004, Checks.R005, Checks.R006, Checks.R007, Checks.R008];
        if (wheel.Record is not { } record)
        {
            sink.Skip(recordChecks, wheel.DistInfo == null ? "no .dist-info folder (W003)" : wheel.RecordEntry == null ? "no RECORD (W004)" : "RECORD is too large to read");
            return;
        }

        var recordPath = $"{wheel.DistInfo}/RECORD";
        foreach (var problem in record.Problems)
            sink.Add(Checks.R001, $"{recordPath} {problem}; {Rebuild}.");
        var rows = new Dictionary<string, RecordRow>(StringComparer.Ordinal);
        foreach (var row in record.Rows)
        {
            if (!rows.TryAdd(row.Path, row))
                sink.Add(Checks.R001, $"{recordPath} lists '{row.Path}' more than once (lines {rows[row.Path].Line} and {row.Line}); {Rebuild}.");
        }

        var signatures = new[] { recordPath, recordPath + ".jws", recordPath + ".p7s" };
        foreach (var file in wheel.Files)
        {
            // The wheel specification exempts RECORD's signatures from RECORD.
            if (!rows.ContainsKey(file.Name) && !signatures.Contains(file.Name))
                sink.Add(Checks.R002, $"'{file.Name}' is in the wheel but not in RECORD, so pip cannot verify or uninstall it; {Rebuild}.");
        }

        Span<byte> expected = stackalloc byte[32];
        foreach (var row in rows.Values)
        {
            if (EntryPath.Problem(row.Path) is { } problem)
            {
                sink.Add(Checks.R007, $"RECORD entry '{DistributionReader.Printable(row.Path)}' has {problem}; an installer could write outside site-packages: {Rebuild}.");
                continue;
            }

            if (row.Path == recordPath)
            {
                if (row.Hash.Length > 0 || row.Size.Length > 0)
                    sink.Add(Checks.R008, $"{recordPath} lists itself with a hash or size ('{row.Hash}', '{row.Size}'); a RECORD cannot hash itself, the row must be '{recordPath},,': {Rebuild}.");
                continue;
            }

            if (!wheel.ByName.TryGetValue(row.Path, out var entry))
            {
                sink.Add(Checks.R003, $"RECORD lists '{row.Path}', which is not in the wheel; the wheel lost a file after it was built: {Rebuild}.");
                continue;
            }

            var equals = row.Hash.IndexOf('=');
            var algorithm = equals < 0 ? row.Hash : row.Hash[..equals];
            if (row.Hash.Length == 0)
            {
                sink.Add(Checks.R004, $"RECORD has no hash for '{row.Path}'; {Rebuild}.");
            }
            else if (algorithm != "sha256")
            {
                var why = algorithm is "md5" or "sha1" ? $"{algorithm} is forbidden by the wheel specification" : $"'{algorithm}' is not sha256, the digest this build verifies";
                sink.Add(Checks.R004, $"RECORD hashes '{row.Path}' with {why}; rebuild with a current build backend (./build.sh Build).");
            }
            else
            {
                var digest = row.Hash.AsSpan(equals + 1);
                if (!Base64Url.TryDecodeFromChars(digest, expected, out var written) || written != 32)
                    sink.Add(Checks.R005, $"RECORD's sha256 for '{row.Path}' is not a urlsafe-base64 digest ('{row.Hash}'); {Rebuild}.");
                else if (!expected.SequenceEqual(entry.Sha256.Span))
                    sink.Add(Checks.R005, $"'{row.Path}' does not match its sha256 in RECORD; the file changed after the wheel was built (or the download is corrupt): {Rebuild}.");
            }

            if (!long.TryParse(row.Size, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size))
                sink.Add(Checks.R006, row.Size.Length == 0
                    ? $"RECORD has no size for '{row.Path}'; {Rebuild}."
                    : $"RECORD's size for '{row.Path}' is '{row.Size}', not a number; {Rebuild}.");
            else if (size != entry.Size)
                sink.Add(Checks.R006, $"'{row.Path}' is {entry.Size:N0} bytes, RECORD says {size:N0}; {Rebuild}.");
        }

        if (!rows.ContainsKey(recordPath))
            sink.Add(Checks.R008, $"RECORD does not list itself (a row '{recordPath},,'); {Rebuild}.");
    }

    /// <summary>Names that occur more than once, each once, in archive order.</summary>
    internal static List<string> Duplicates(IReadOnlyList<ArchiveEntry> entries)
    {
        var seen = new HashSet<string>(entries.Count, StringComparer.Ordinal);
        var duplicates = new List<string>();
        foreach (var entry in entries)
        {
            if (!seen.Add(entry.Name) && !duplicates.Contains(entry.Name))
                duplicates.Add(entry.Name);
        }

        return duplicates;
    }

    [GeneratedRegex(@"^\s*1\.[0-9]+\s*$")]
    private static partial Regex WheelVersion();
}
