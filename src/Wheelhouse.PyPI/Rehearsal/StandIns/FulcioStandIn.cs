using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Wheelhouse.Engine;
using Wheelhouse.PyPI.Attestations;

namespace Wheelhouse.PyPI.Rehearsal.StandIns;

/// <summary>
/// A stand-in for Sigstore's certificate authority (Fulcio), in-process, for the rehearsal only: a root and an
/// intermediate made for this rehearsal, and short-lived signing certificates issued from a GitHub Actions OIDC token
/// (audience <c>sigstore</c>, signed by the OIDC stand-in's key) the way Fulcio maps GitHub's claims
/// (sigstore/fulcio docs/oid-info.md): empty subject, the SAN URI <c>https://github.com/{job_workflow_ref}</c>, code
/// signing, the deprecated raw extensions .1–.6 and the DER UTF8String ones .8–.23 (Build Config URI from
/// <c>workflow_ref</c>, Build Signer URI from <c>job_workflow_ref</c>, ...). The local index trusts <see cref="TrustRoot"/>
/// as PyPI trusts Fulcio. No real verifier trusts these certificates; nothing here is published.
/// </summary>
public sealed class FulcioStandIn : IDisposable
{
    public const string Audience = "sigstore";
    private const string ServerUrl = "https://github.com";
    private static readonly TimeSpan CertificateLifetime = TimeSpan.FromMinutes(10);

    private readonly ECDsa rootKey;
    private readonly ECDsa intermediateKey;
    private readonly X509Certificate2 intermediateWithKey;
    private readonly SecurityKey oidcKey;
    private readonly string oidcIssuer;
    private readonly TimeProvider time;

    private FulcioStandIn(SecurityKey oidcKey, string oidcIssuer, TimeProvider time)
    {
        this.oidcKey = oidcKey;
        this.oidcIssuer = oidcIssuer;
        this.time = time;
        var now = Seconds(time.GetUtcNow());
        rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var rootRequest = new CertificateRequest("O=wheelhouse rehearsal, CN=wheelhouse rehearsal root (not Sigstore)", rootKey, HashAlgorithmName.SHA384);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 1, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        using var rootWithKey = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        Root = X509CertificateLoader.LoadCertificate(rootWithKey.RawData); // what others see: no private key

        intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var intermediateRequest = new CertificateRequest("O=wheelhouse rehearsal, CN=wheelhouse rehearsal intermediate", intermediateKey, HashAlgorithmName.SHA384);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        intermediateRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        intermediateRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(FulcioOids.CodeSigning)], false));
        intermediateRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(intermediateRequest.PublicKey, false));
        intermediateRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Root, true, false));
        Intermediate = intermediateRequest.Create(rootWithKey, now.AddDays(-1), now.AddMonths(6), RandomNumberGenerator.GetBytes(16));
        intermediateWithKey = Intermediate.CopyWithPrivateKey(intermediateKey);
    }

    /// <summary>The CA's self-signed root (what an index trusts).</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The CA that signs leaves (attestations carry only the leaf, so the index holds this one too).</summary>
    public X509Certificate2 Intermediate { get; }

    public AttestationTrustRoot TrustRoot => new(Root, [Intermediate]);

    /// <summary>A new CA that accepts identity tokens signed with <paramref name="oidcKey"/> by <paramref name="oidcIssuer"/>.</summary>
    public static FulcioStandIn Create(SecurityKey oidcKey, string oidcIssuer = GitHubOidcStandIn.Issuer, TimeProvider? time = null) =>
        new(oidcKey, oidcIssuer, time ?? TimeProvider.System);

    /// <summary>
    /// A signing certificate for <paramref name="key"/>'s public key and the identity in <paramref name="identityToken"/>,
    /// valid for ten minutes from now. The token is checked as Fulcio checks it (issuer, audience <c>sigstore</c>,
    /// signature, lifetime); a refused token is a <see cref="BuildException"/>.
    /// </summary>
    public async Task<X509Certificate2> IssueAsync(string identityToken, ECDsa key)
    {
        var now = Seconds(time.GetUtcNow());
        var validation = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(identityToken, new TokenValidationParameters
        {
            ValidIssuer = oidcIssuer,
            ValidAudience = Audience,
            IssuerSigningKey = oidcKey,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            LifetimeValidator = (notBefore, expires, _, _) => (notBefore is not { } nbf || nbf <= now.UtcDateTime.AddSeconds(30)) && expires is { } exp && now.UtcDateTime < exp,
        });
        if (!validation.IsValid)
            throw new BuildException($"The rehearsal's certificate authority refused the OIDC token: {validation.Exception?.Message}. This is a fault in the build.");
        var claims = ((JsonWebToken)validation.SecurityToken).Claims.GroupBy(c => c.Type).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);
        string Claim(string name) => claims.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new BuildException($"The rehearsal's certificate authority needs the OIDC claim '{name}', which the token lacks. This is a fault in the build.");

        var repository = Claim("repository");
        var jobWorkflowRef = Claim("job_workflow_ref");
        var sha = Claim("sha");
        var request = new CertificateRequest(new X500DistinguishedName(""), key, HashAlgorithmName.SHA384);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(FulcioOids.CodeSigning)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Intermediate, true, false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri($"{ServerUrl}/{jobWorkflowRef}"));
        request.CertificateExtensions.Add(san.Build(critical: true));

        Raw(request, FulcioOids.IssuerV1, Claim("iss"));
        Raw(request, FulcioOids.GitHubWorkflowTrigger, Claim("event_name"));
        Raw(request, FulcioOids.GitHubWorkflowSha, sha);
        Raw(request, FulcioOids.GitHubWorkflowName, Claim("workflow"));
        Raw(request, FulcioOids.GitHubWorkflowRepository, repository);
        Raw(request, FulcioOids.GitHubWorkflowRef, Claim("ref"));
        Utf8(request, FulcioOids.Issuer, Claim("iss"));
        Utf8(request, FulcioOids.BuildSignerUri, $"{ServerUrl}/{jobWorkflowRef}");
        Utf8(request, FulcioOids.BuildSignerDigest, claims.GetValueOrDefault("job_workflow_sha") ?? sha);
        Utf8(request, FulcioOids.RunnerEnvironment, Claim("runner_environment"));
        Utf8(request, FulcioOids.SourceRepositoryUri, $"{ServerUrl}/{repository}");
        Utf8(request, FulcioOids.SourceRepositoryDigest, sha);
        Utf8(request, FulcioOids.SourceRepositoryRef, Claim("ref"));
        Utf8(request, FulcioOids.SourceRepositoryIdentifier, Claim("repository_id"));
        Utf8(request, FulcioOids.SourceRepositoryOwnerUri, $"{ServerUrl}/{Claim("repository_owner")}");
        Utf8(request, FulcioOids.SourceRepositoryOwnerIdentifier, Claim("repository_owner_id"));
        Utf8(request, FulcioOids.BuildConfigUri, $"{ServerUrl}/{Claim("workflow_ref")}");
        Utf8(request, FulcioOids.BuildConfigDigest, claims.GetValueOrDefault("workflow_sha") ?? sha);
        Utf8(request, FulcioOids.BuildTrigger, Claim("event_name"));
        Utf8(request, FulcioOids.RunInvocationUri, $"{ServerUrl}/{repository}/actions/runs/{Claim("run_id")}/attempts/{Claim("run_attempt")}");
        Utf8(request, FulcioOids.SourceRepositoryVisibility, Claim("repository_visibility"));
        if (claims.GetValueOrDefault("environment") is { Length: > 0 } environment)
            Utf8(request, FulcioOids.DeploymentEnvironment, environment);

        return request.Create(intermediateWithKey, now, now + CertificateLifetime, RandomNumberGenerator.GetBytes(20));
    }

    public void Dispose()
    {
        intermediateWithKey.Dispose();
        Intermediate.Dispose();
        Root.Dispose();
        intermediateKey.Dispose();
        rootKey.Dispose();
    }

    /// <summary>Certificates keep whole seconds; so do the log's integrated times that are compared with them.</summary>
    private static DateTimeOffset Seconds(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());

    private static void Raw(CertificateRequest request, string oid, string value) =>
        request.CertificateExtensions.Add(new X509Extension(oid, Encoding.UTF8.GetBytes(value), false));

    private static void Utf8(CertificateRequest request, string oid, string value)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteCharacterString(UniversalTagNumber.UTF8String, value);
        request.CertificateExtensions.Add(new X509Extension(oid, writer.Encode(), false));
    }
}
