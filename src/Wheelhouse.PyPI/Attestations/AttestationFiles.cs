namespace Wheelhouse.PyPI.Attestations;

/// <summary>
/// Where attestations live: beside each distribution, named <c>&lt;file&gt;.&lt;kind&gt;.attestation</c>
/// (<c>pytest_demo-1.0.0.tar.gz.publish.attestation</c>), as the PyPA publish action, astral-sh/attest-action and
/// pypi-attestations write them and twine and uv find them.
/// </summary>
public static class AttestationFiles
{
    public const string Extension = ".attestation";

    /// <summary>The publish attestation's path for a distribution.</summary>
    public static string PublishFor(string distribution) => distribution + ".publish" + Extension;

    /// <summary>Every <c>&lt;file&gt;.&lt;kind&gt;.attestation</c> beside <paramref name="distribution"/>, by name.</summary>
    public static IReadOnlyList<string> Beside(string distribution)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(distribution))!;
        var prefix = Path.GetFileName(distribution) + ".";
        if (!Directory.Exists(folder))
            return [];
        return Directory.EnumerateFiles(folder, prefix + "*" + Extension)
            .Where(path => Path.GetFileName(path) is var name && name.Length > prefix.Length + Extension.Length
                           && !name[prefix.Length..^Extension.Length].Contains('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Whether a file name in dist/ is an attestation (so it is neither uploaded nor reported as a stray file).</summary>
    public static bool IsAttestation(string fileName) => fileName.EndsWith(Extension, StringComparison.Ordinal);
}
