using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Wheelhouse.PyPI.Attestations;

/// <summary>
/// DSSE (Dead Simple Signing Envelope) as Sigstore signs attestations: the signature covers the pre-authentication
/// encoding <c>"DSSEv1" SP len(type) SP type SP len(payload) SP payload</c>, not the payload alone.
/// </summary>
public static class Dsse
{
    /// <summary>The bytes a DSSE signature covers.</summary>
    public static byte[] PreAuthenticationEncoding(string payloadType, ReadOnlySpan<byte> payload)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        var head = Encoding.ASCII.GetBytes($"DSSEv1 {type.Length} ");
        var middle = Encoding.ASCII.GetBytes($" {payload.Length} ");
        return [.. head, .. type, .. middle, .. payload];
    }

    /// <summary>
    /// Whether <paramref name="signature"/> is the certificate key's signature over the statement's envelope: ECDSA (DER
    /// signature; SHA-256 for P-256, SHA-384 for P-384, as Sigstore pairs them) or RSA PKCS#1 v1.5 with SHA-256.
    /// Throws <see cref="AttestationException"/> for a key of another kind.
    /// </summary>
    public static bool Verify(X509Certificate2 certificate, byte[] statement, byte[] signature)
    {
        var signed = PreAuthenticationEncoding(InTotoStatement.PayloadType, statement);
        using (var ecdsa = certificate.GetECDsaPublicKey())
        {
            if (ecdsa != null)
            {
                var hash = ecdsa.KeySize > 256 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;
                return ecdsa.VerifyData(signed, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
            }
        }

        using (var rsa = certificate.GetRSAPublicKey())
        {
            if (rsa != null)
                return rsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }

        throw new AttestationException($"unsupported key type in the signing certificate ({certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value})");
    }
}
