using Wheelhouse.Python;
using Wheelhouse.Python.Inspection;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.PyPI.Attestations;

/// <summary>
/// pypi-attestations' "ultranormalized" distribution file name, the form in which a statement's subject and the
/// uploaded file are compared: the name normalised with '_', the version in PEP 440's normal form, and a wheel's
/// compressed tag sets sorted (<c>Foo.Bar-1.0-py3.py2-none-any.whl</c> is <c>foo_bar-1.0-py2.py3-none-any.whl</c>).
/// </summary>
public static class DistributionFileName
{
    /// <summary>The ultranormalized form; throws <see cref="AttestationException"/> ("invalid subject: ...") for a name that is no distribution's.</summary>
    public static string Ultranormalize(string fileName)
    {
        if (fileName.EndsWith(".whl", StringComparison.Ordinal))
        {
            var wheel = WheelFileName.TryParse(fileName) ?? throw Invalid($"Invalid wheel filename (wrong number of parts): {fileName}");
            var version = Version(wheel.Version, fileName);
            string Sorted(string tags) => string.Join('.', tags.Split('.').Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            var parts = new List<string> { ProjectName.FileNameFormOf(wheel.Name), version };
            if (wheel.Build is { } build)
                parts.Add(build);
            parts.AddRange([Sorted(wheel.PythonTag), Sorted(wheel.AbiTag), Sorted(wheel.PlatformTag)]);
            return string.Join('-', parts) + ".whl";
        }

        foreach (var extension in new[] { ".tar.gz", ".zip" })
        {
            if (!fileName.EndsWith(extension, StringComparison.Ordinal))
                continue;
            var sdist = SdistFileName.TryParse(fileName[..^extension.Length] + ".tar.gz") ?? throw Invalid($"Invalid sdist filename: {fileName}");
            return $"{ProjectName.FileNameFormOf(sdist.Name)}-{Version(sdist.Version, fileName)}{extension}";
        }

        throw Invalid($"unknown distribution format: {fileName}");
    }

    private static string Version(string text, string fileName) =>
        Pep440Version.TryParse(text, out var version) ? version.ToString() : throw Invalid($"Invalid version: '{text}' in {fileName}");

    private static AttestationException Invalid(string problem) => new($"invalid subject: {problem}");
}
