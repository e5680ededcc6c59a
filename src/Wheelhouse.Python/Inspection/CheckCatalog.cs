namespace Wheelhouse.Python.Inspection;

/// <summary>How bad a failed check is: an error fails InspectWheel, a warning is reported and lets it pass.</summary>
public enum Severity
{
    Warning,
    Error,
}

/// <summary>What a check looks at, which decides the files it runs for.</summary>
public enum CheckScope
{
    /// <summary>Every wheel and sdist (archive safety).</summary>
    Archive,
    Wheel,
    Sdist,
    /// <summary>Wheel METADATA and sdist PKG-INFO alike.</summary>
    Metadata,
    /// <summary>The dist/ folder as a whole.</summary>
    Dist,
    /// <summary>The inspection's own settings in pyproject.toml.</summary>
    Settings,
}

/// <summary>One check: a stable ID (the name to silence it by), what it asserts when it passes, and its severity.</summary>
public sealed record CheckInfo(string Id, string Title, Severity Severity, CheckScope Scope, bool CanBeIgnored = true)
{
    public override string ToString() => $"{Id} {Title}";
}

/// <summary>
/// Every check InspectWheel runs. IDs never change meaning: A archive safety, D the dist/ folder, C settings,
/// W wheel structure, R RECORD, M metadata, P pytest plugin, L wheel layout, S sdist, X wheel against sdist.
/// </summary>
public static class Checks
{
    public static readonly CheckInfo A001 = Safety("A001", "is a readable archive (zip for a wheel, gzip-compressed tar for an sdist)");
    public static readonly CheckInfo A002 = Safety("A002", "number of entries within the limit");
    public static readonly CheckInfo A003 = Safety("A003", "total uncompressed size within the limit (no zip bomb)");
    public static readonly CheckInfo A004 = Safety("A004", "entry sizes and compression ratios within the limits");
    public static readonly CheckInfo A005 = Safety("A005", "entry paths are relative and stay inside (no /, .., \\, drive letters)");
    public static readonly CheckInfo A006 = Safety("A006", "only regular files and folders (no links, devices)");

    public static readonly CheckInfo D001 = new("D001", "only wheels and sdists in dist/", Severity.Warning, CheckScope.Dist);
    public static readonly CheckInfo D002 = new("D002", "one project name and version in dist/", Severity.Error, CheckScope.Dist);
    public static readonly CheckInfo D003 = new("D003", "a wheel in dist/", Severity.Error, CheckScope.Dist);
    public static readonly CheckInfo D004 = new("D004", "an sdist in dist/", Severity.Warning, CheckScope.Dist);

    public static readonly CheckInfo C001 = new("C001", "ignore list names checks that exist and can be silenced", Severity.Warning, CheckScope.Settings);

    public static readonly CheckInfo W001 = new("W001", "valid wheel file name", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo W002 = new("W002", "wheel file name's version in canonical form", Severity.Warning, CheckScope.Wheel);
    public static readonly CheckInfo W003 = new("W003", "one .dist-info folder, named after the file's name and version", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo W004 = new("W004", "METADATA, WHEEL and RECORD present", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo W005 = new("W005", "WHEEL has Wheel-Version 1.x", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo W006 = new("W006", "WHEEL has Root-Is-Purelib true or false", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo W007 = new("W007", "WHEEL tags match the file name's tags", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo W008 = new("W008", "each entry name once in the archive", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo W009 = new("W009", "wheel file name starts with the normalised project name (lower case, '_'), as PyPI requires", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo W010 = new("W010", "zip structure PyPI accepts (no data descriptors, prefix or trailing data, duplicate or differing local and central entries, entry comments, unflagged non-UTF-8 names; stored or deflated)", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo W011 = new("W011", "entry_points.txt parses as PyPI parses it (configparser, '=' only) with valid script names", Severity.Error, CheckScope.Wheel);

    public static readonly CheckInfo R001 = new("R001", "RECORD parses: path,hash,size rows, one per path", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo R002 = new("R002", "every file in the wheel listed in RECORD", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo R003 = new("R003", "every RECORD entry present in the wheel", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo R004 = new("R004", "every entry has a sha256 digest (not md5, not sha1)", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo R005 = new("R005", "digests match the files", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo R006 = new("R006", "sizes match the files", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo R007 = new("R007", "RECORD paths are relative and stay inside", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo R008 = new("R008", "RECORD lists itself, without hash and size", Severity.Error, CheckScope.Wheel);

    public static readonly CheckInfo M001 = new("M001", "metadata parses, with a Name and a PEP 440 Version", Severity.Error, CheckScope.Metadata);
    public static readonly CheckInfo M002 = new("M002", "Metadata-Version accepted by PyPI (1.0-1.2, 2.1-2.5)", Severity.Error, CheckScope.Metadata);
    public static readonly CheckInfo M003 = new("M003", "Name matches the file name", Severity.Error, CheckScope.Metadata);
    public static readonly CheckInfo M004 = new("M004", "Version matches the file name", Severity.Error, CheckScope.Metadata);
    public static readonly CheckInfo M005 = new("M005", "Name and Version match pyproject.toml", Severity.Error, CheckScope.Metadata);
    public static readonly CheckInfo M006 = new("M006", "Version matches the release tag", Severity.Error, CheckScope.Metadata);
    public static readonly CheckInfo M007 = new("M007", "no local version (+...), which PyPI refuses", Severity.Error, CheckScope.Metadata);
    public static readonly CheckInfo M008 = new("M008", "not both License and License-Expression", Severity.Error, CheckScope.Metadata);
    public static readonly CheckInfo M009 = new("M009", "a pytest plugin has the Framework :: Pytest classifier", Severity.Warning, CheckScope.Metadata);
    public static readonly CheckInfo M010 = new("M010", "every classifier is a trove classifier", Severity.Error, CheckScope.Metadata);
    public static readonly CheckInfo M011 = new("M011", "no deprecated classifier", Severity.Error, CheckScope.Metadata);
    public static readonly CheckInfo M012 = new("M012", "License-Expression is a valid SPDX expression", Severity.Error, CheckScope.Metadata);
    public static readonly CheckInfo M013 = new("M013", "every License-File is in the distribution (PEP 639)", Severity.Error, CheckScope.Metadata);
    public static readonly CheckInfo M014 = new("M014", "the README renders in its Description-Content-Type (reStructuredText when none), as PyPI renders it", Severity.Error, CheckScope.Metadata);
    public static readonly CheckInfo M015 = new("M015", "a README renderer (readme_renderer) to check M014 with", Severity.Warning, CheckScope.Metadata);

    public static readonly CheckInfo P001 = new("P001", "entry_points.txt has a [pytest11] group", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo P002 = new("P002", "each pytest11 entry point's module is in the wheel", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo P003 = new("P003", "pytest11 entry points match pyproject.toml", Severity.Error, CheckScope.Wheel);

    public static readonly CheckInfo L001 = new("L001", "no .pyc/.pyo files or __pycache__ folders", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo L002 = new("L002", "no duplicate files", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo L003 = new("L003", "no common top-level names (tests, docs, src, ...)", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo L004 = new("L004", "Python modules outside .dist-info (not an empty package)", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo L005 = new("L005", "no __init__.py at the top level", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo L006 = new("L006", "only modules and .pth files at the top level", Severity.Warning, CheckScope.Wheel);

    public static readonly CheckInfo S001 = new("S001", "PEP 625 file name {name}-{version}.tar.gz", Severity.Error, CheckScope.Sdist);
    public static readonly CheckInfo S002 = new("S002", "one top folder {name}-{version}/ holding everything", Severity.Error, CheckScope.Sdist);
    public static readonly CheckInfo S003 = new("S003", "PKG-INFO, and pyproject.toml or setup.py, in the top folder", Severity.Error, CheckScope.Sdist);
    public static readonly CheckInfo S004 = new("S004", "the sdist's pyproject.toml has PKG-INFO's name and version", Severity.Error, CheckScope.Sdist);
    public static readonly CheckInfo S005 = new("S005", "none of the release build's files (its C# project, .nuke/, build.sh, C# sources) and no compiled Python", Severity.Error, CheckScope.Sdist);
    public static readonly CheckInfo S006 = new("S006", "each entry name once in the archive", Severity.Warning, CheckScope.Sdist);
    public static readonly CheckInfo S007 = new("S007", "no local state (version control, virtual environments, tool caches, old distributions)", Severity.Warning, CheckScope.Sdist);

    public static readonly CheckInfo X001 = new("X001", "the wheel's package files are byte-identical to the sdist's", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo X002 = new("X002", "every package file of the wheel is in the sdist", Severity.Error, CheckScope.Wheel);
    public static readonly CheckInfo X003 = new("X003", "every package file of the sdist is in the wheel", Severity.Error, CheckScope.Wheel);

    /// <summary>All checks in report order.</summary>
    public static IReadOnlyList<CheckInfo> All { get; } =
    [
        A001, A002, A003, A004, A005, A006,
        D001, D002, D003, D004,
        C001,
        W001, W002, W003, W004, W005, W006, W007, W008, W009, W010, W011,
        R001, R002, R003, R004, R005, R006, R007, R008,
        M001, M002, M003, M004, M005, M006, M007, M008, M009, M010, M011, M012, M013, M014, M015,
        P001, P002, P003,
        L001, L002, L003, L004, L005, L006,
        S001, S002, S003, S004, S005, S006, S007,
        X001, X002, X003,
    ];

    private static readonly Dictionary<string, CheckInfo> ById = All.ToDictionary(c => c.Id, StringComparer.OrdinalIgnoreCase);

    public static CheckInfo? Find(string id) => ById.GetValueOrDefault(id.Trim());

    /// <summary>Checks that run for a wheel, in report order.</summary>
    public static IReadOnlyList<CheckInfo> ForWheel { get; } =
        All.Where(c => c.Scope is CheckScope.Archive or CheckScope.Wheel or CheckScope.Metadata).ToList();

    /// <summary>Checks that run for an sdist, in report order.</summary>
    public static IReadOnlyList<CheckInfo> ForSdist { get; } =
        All.Where(c => c.Scope is CheckScope.Archive or CheckScope.Sdist or CheckScope.Metadata).ToList();

    // Archive safety is what makes reading the rest safe: it cannot be silenced.
    private static CheckInfo Safety(string id, string title) => new(id, title, Severity.Error, CheckScope.Archive, CanBeIgnored: false);
}
