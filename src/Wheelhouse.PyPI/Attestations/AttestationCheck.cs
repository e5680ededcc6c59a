using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wheelhouse.PyPI.Attestations;

/// <summary>
/// The checks of one attestation against one distribution that need no trust root: the certificate is DER, the DSSE
/// signature is its key's over the statement, and the statement (pypi-attestations' <c>Attestation.verify</c>) has
/// exactly one subject whose ultranormalized name is the file's and whose sha256 is the file's, with a predicate type
/// PyPI knows. Both the uploader (before any upload) and the local index (after its chain and identity checks) run them.
/// Failures throw <see cref="AttestationException"/> worded as PyPI's verifier words them.
/// </summary>
public static class AttestationCheck
{
    /// <summary>The leaf certificate; <see cref="AttestationProblem.Material"/> when it is not DER (pypi-attestations: "invalid X.509 certificate").</summary>
    public static X509Certificate2 Certificate(Attestation attestation)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(attestation.Certificate);
        }
        catch (CryptographicException)
        {
            throw new AttestationException("invalid X.509 certificate", AttestationProblem.Material);
        }
    }

    /// <summary>The signature check (sigstore-python: "Signature is invalid for input").</summary>
    public static void Signature(Attestation attestation, X509Certificate2 certificate)
    {
        if (!Dsse.Verify(certificate, attestation.Statement, attestation.Signature))
            throw new AttestationException("Signature is invalid for input");
    }

    /// <summary>The statement against the distribution; returns the statement (its predicate type is one PyPI knows).</summary>
    public static InTotoStatement Statement(Attestation attestation, string fileName, string sha256)
    {
        var statement = InTotoStatement.Parse(attestation.Statement);
        if (statement.Subjects.Count != 1)
            throw new AttestationException("too many subjects in statement (must be exactly one)");
        var subject = statement.Subjects[0];
        if (string.IsNullOrEmpty(subject.Name))
            throw new AttestationException("invalid subject: missing name");
        var subjectName = DistributionFileName.Ultranormalize(subject.Name);
        var distributionName = DistributionFileName.Ultranormalize(fileName);
        if (subjectName != distributionName)
            throw new AttestationException($"subject does not match distribution name: {subjectName} != {distributionName}");
        if (!subject.Digest.TryGetValue("sha256", out var digest) || !string.Equals(digest, sha256, StringComparison.Ordinal))
            throw new AttestationException("subject does not match distribution digest");
        if (!PredicateTypes.IsSupported(statement.PredicateType))
            throw new AttestationException($"unknown attestation type: {statement.PredicateType}");
        return statement;
    }

    /// <summary>All of the above, in the order PyPI's verifier runs them; returns the predicate type.</summary>
    public static string Offline(Attestation attestation, string fileName, string sha256)
    {
        using var certificate = Certificate(attestation);
        Signature(attestation, certificate);
        return Statement(attestation, fileName, sha256).PredicateType;
    }
}
