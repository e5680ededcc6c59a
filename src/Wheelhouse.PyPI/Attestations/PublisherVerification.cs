using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Wheelhouse.PyPI.Attestations;

/// <summary>
/// The certificate authority an index trusts for attestation certificates: Sigstore's Fulcio on PyPI; the rehearsal's
/// own root and intermediate on the local index. Attestations carry only the leaf, so the intermediates live here.
/// </summary>
public sealed record AttestationTrustRoot(X509Certificate2 Root, IReadOnlyList<X509Certificate2> Intermediates);

/// <summary>A GitHub Trusted Publisher as attestations are verified against it (warehouse's <c>attestation_identity</c>).</summary>
public sealed record GitHubPublisherIdentity(string Repository, string Workflow, string? Environment)
{
    public const string GitHubIssuer = "https://token.actions.githubusercontent.com";
}

/// <summary>
/// PyPI's verification of an uploaded attestation, offline: what warehouse does with pypi-attestations and
/// sigstore-python, minus Rekor. In order: the leaf chains to <see cref="AttestationTrustRoot"/> with code signing,
/// valid at the time the transparency entry says it was logged; the certificate names the publisher (issuer, Source
/// Repository URI, and a Build Config URI of <c>https://github.com/{repo}/.github/workflows/{workflow}@{ref or sha}</c>
/// built from the certificate's own ref and commit); the entry records this signature, certificate and statement; the
/// DSSE signature; then <see cref="AttestationCheck.Statement"/>. Not checked: the certificate's embedded SCT, Rekor's
/// signed entry timestamp and inclusion proof (there is no log to ask and no log key to trust).
/// </summary>
public static class PublisherVerification
{
    /// <summary>Verifies; returns the predicate type, or throws <see cref="AttestationException"/> worded as PyPI's verifier.</summary>
    public static string Verify(Attestation attestation, AttestationTrustRoot trust, GitHubPublisherIdentity publisher, string issuer, string fileName, string sha256)
    {
        using var certificate = AttestationCheck.Certificate(attestation);
        var entry = TransparencyEntry.Read(attestation.TransparencyEntries[0]);
        Chain(certificate, trust, entry.IntegratedTime);
        Identity(certificate, publisher, issuer);
        entry.CheckMatches(attestation, certificate);
        AttestationCheck.Signature(attestation, certificate);
        return AttestationCheck.Statement(attestation, fileName, sha256).PredicateType;
    }

    private static void Chain(X509Certificate2 certificate, AttestationTrustRoot trust, DateTimeOffset signedAt)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trust.Root);
        chain.ChainPolicy.ExtraStore.AddRange(trust.Intermediates.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = signedAt.UtcDateTime;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(FulcioOids.CodeSigning));
        if (!chain.Build(certificate))
        {
            var statuses = chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct();
            throw new AttestationException($"failed to build chain: {string.Join("; ", statuses)} (at the entry's integrated time {signedAt:yyyy-MM-ddTHH:mm:ssZ})");
        }
    }

    private static void Identity(X509Certificate2 certificate, GitHubPublisherIdentity publisher, string issuer)
    {
        var failures = new List<string>();
        Expect(certificate, FulcioOids.Issuer, "OIDCIssuerV2", issuer, failures);
        Expect(certificate, FulcioOids.SourceRepositoryUri, "OIDCSourceRepositoryURI", $"https://github.com/{publisher.Repository}", failures);
        if (failures.Count > 0)
            throw new AttestationException($"{failures.Count} of 2 policies failed: {string.Join(", ", failures)}");

        var identity = FulcioIdentity.Read(certificate);
        var buildConfig = identity.BuildConfigUri ?? throw Missing(FulcioOids.BuildConfigUri);
        var sha = identity.SourceRepositoryDigest ?? throw Missing(FulcioOids.SourceRepositoryDigest);
        var gitRef = identity.SourceRepositoryRef ?? throw Missing(FulcioOids.SourceRepositoryRef);
        foreach (var suffix in new[] { sha, gitRef })
        {
            if (buildConfig == $"https://github.com/{publisher.Repository}/.github/workflows/{publisher.Workflow}@{suffix}")
                return;
        }

        throw new AttestationException($"Certificate's Build Config URI ({buildConfig}) does not match expected Trusted Publisher ({publisher.Workflow} @ {publisher.Repository})");
    }

    private static void Expect(X509Certificate2 certificate, string oid, string policy, string expected, List<string> failures)
    {
        var value = FulcioIdentity.ExtensionText(certificate, oid);
        if (value == null)
            failures.Add($"Certificate does not contain {policy} ({oid}) extension");
        else if (value != expected)
            failures.Add($"Certificate's {policy} does not match (got '{value}', expected '{expected}')");
    }

    private static AttestationException Missing(string oid) => new($"No {oid} extension was found in the certificate", AttestationProblem.Material);
}
