using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Wheelhouse.PyPI.Attestations;

/// <summary>
/// The certificate extensions Fulcio writes from a CI job's OIDC token (sigstore/fulcio docs/oid-info.md), under
/// Sigstore's arc <c>1.3.6.1.4.1.57264.1</c>. <c>.1</c>–<c>.6</c> hold raw strings (deprecated GitHub-only ones);
/// <c>.8</c> onwards a DER UTF8String.
/// </summary>
public static class FulcioOids
{
    public const string Arc = "1.3.6.1.4.1.57264.1";

    public const string IssuerV1 = Arc + ".1";
    public const string GitHubWorkflowTrigger = Arc + ".2";
    public const string GitHubWorkflowSha = Arc + ".3";
    public const string GitHubWorkflowName = Arc + ".4";
    public const string GitHubWorkflowRepository = Arc + ".5";
    public const string GitHubWorkflowRef = Arc + ".6";
    public const string Issuer = Arc + ".8";
    public const string BuildSignerUri = Arc + ".9";
    public const string BuildSignerDigest = Arc + ".10";
    public const string RunnerEnvironment = Arc + ".11";
    public const string SourceRepositoryUri = Arc + ".12";
    public const string SourceRepositoryDigest = Arc + ".13";
    public const string SourceRepositoryRef = Arc + ".14";
    public const string SourceRepositoryIdentifier = Arc + ".15";
    public const string SourceRepositoryOwnerUri = Arc + ".16";
    public const string SourceRepositoryOwnerIdentifier = Arc + ".17";
    public const string BuildConfigUri = Arc + ".18";
    public const string BuildConfigDigest = Arc + ".19";
    public const string BuildTrigger = Arc + ".20";
    public const string RunInvocationUri = Arc + ".21";
    public const string SourceRepositoryVisibility = Arc + ".22";
    public const string DeploymentEnvironment = Arc + ".23";

    /// <summary>Code signing, the extended key usage of every Fulcio leaf.</summary>
    public const string CodeSigning = "1.3.6.1.5.5.7.3.3";

    /// <summary>The raw-string extensions (.1 to .6); the others are DER UTF8Strings.</summary>
    public static bool IsRaw(string oid) =>
        oid.StartsWith(Arc + ".", StringComparison.Ordinal) && int.TryParse(oid.AsSpan(Arc.Length + 1), out var n) && n is >= 1 and <= 6;
}

/// <summary>
/// Who signed, as a Fulcio certificate says it: for GitHub Actions the OIDC issuer, the repository, the workflow that
/// started the run (Build Config URI, from <c>workflow_ref</c>) and the one that signed (Build Signer URI and the SAN,
/// from <c>job_workflow_ref</c>), the commit and ref. PyPI checks the issuer, the repository and the Build Config URI
/// against the Trusted Publisher: for a reusable workflow that is the calling workflow, not the called one.
/// </summary>
public sealed record FulcioIdentity(
    string? Issuer,
    string? SourceRepositoryUri,
    string? SourceRepositoryDigest,
    string? SourceRepositoryRef,
    string? BuildConfigUri,
    string? BuildSignerUri,
    IReadOnlyList<string> SubjectUris)
{
    /// <summary>The identity extensions of <paramref name="certificate"/>; a missing one is null. Throws <see cref="AttestationException"/> on an extension that is not DER.</summary>
    public static FulcioIdentity Read(X509Certificate2 certificate)
    {
        string? Value(string oid) => ExtensionText(certificate, oid);
        return new FulcioIdentity(
            Value(FulcioOids.Issuer) ?? Value(FulcioOids.IssuerV1),
            Value(FulcioOids.SourceRepositoryUri),
            Value(FulcioOids.SourceRepositoryDigest),
            Value(FulcioOids.SourceRepositoryRef),
            Value(FulcioOids.BuildConfigUri),
            Value(FulcioOids.BuildSignerUri),
            SanUris(certificate));
    }

    /// <summary>The text of one Fulcio extension, decoded as its OID's format says; null when absent.</summary>
    public static string? ExtensionText(X509Certificate2 certificate, string oid)
    {
        var extension = certificate.Extensions.Cast<X509Extension>().FirstOrDefault(e => e.Oid?.Value == oid);
        if (extension == null)
            return null;
        if (FulcioOids.IsRaw(oid))
            return Encoding.UTF8.GetString(extension.RawData);
        try
        {
            var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
            var text = reader.ReadCharacterString(UniversalTagNumber.UTF8String);
            reader.ThrowIfNotEmpty();
            return text;
        }
        catch (AsnContentException e)
        {
            throw new AttestationException($"the certificate's extension {oid} is not a DER UTF8String ({e.Message})", AttestationProblem.Material);
        }
    }

    /// <summary>The URIs among the certificate's subject alternative names (.NET reads DNS names and IPs only, so the GeneralNames are read here).</summary>
    public static IReadOnlyList<string> SanUris(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.Cast<X509Extension>().FirstOrDefault(e => e.Oid?.Value == "2.5.29.17");
        if (extension == null)
            return [];
        var uris = new List<string>();
        try
        {
            var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
            while (names.HasData)
            {
                if (names.PeekTag() == uriTag)
                    uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, uriTag));
                else
                    names.ReadEncodedValue();
            }
        }
        catch (AsnContentException e)
        {
            throw new AttestationException($"the certificate's subject alternative names are not DER ({e.Message})", AttestationProblem.Material);
        }

        return uris;
    }
}
