using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Wheelhouse.PyPI.LocalIndex;

/// <summary>
/// PyPI's trusted-publishing endpoints for one GitHub publisher. <c>GET /_/oidc/audience</c> names the audience;
/// <c>POST /_/oidc/mint-token</c> takes <c>{"token": "&lt;JWT&gt;"}</c>, checks the signature against the configured
/// issuer key, the issuer, audience and lifetime (<c>iat</c>, <c>exp</c> required, <c>nbf</c> when present, 30 s
/// leeway as warehouse), single use by <c>jti</c>, then the GitHub publisher's claims as warehouse checks them:
/// present <c>sub</c>, <c>repository</c>, <c>repository_owner</c>, <c>repository_owner_id</c>, <c>job_workflow_ref</c>,
/// <c>ref</c>, <c>sha</c>; <c>sub</c> is <c>repo:OWNER/NAME[:…]</c> and <c>repository</c> OWNER/NAME (both
/// case-insensitive); <c>job_workflow_ref</c> is <c>OWNER/NAME/.github/workflows/FILE@REF</c> with REF the
/// <c>ref</c> or <c>sha</c> claim; <c>environment</c>, when the publisher has one, equal ignoring case.
/// <c>workflow_ref</c> is not checked (warehouse leaves it unchecked; it differs from <c>job_workflow_ref</c> in a
/// reusable workflow, whose <c>job_workflow_ref</c> then names the called workflow and fails the check).
/// Answers with PyPI's shapes: 200 <c>{"success": true, "token": "pypi-…", "expires": …}</c>, else 422
/// <c>{"message": "Token request failed", "errors": [{"code", "description"}]}</c>.
/// </summary>
internal sealed class OidcEndpoints(LocalIndexOptions options, Credentials credentials, TimeProvider time)
{
    /// <summary>How long a minted token uploads (warehouse: 900 s).</summary>
    public static readonly TimeSpan MintedTokenLifetime = TimeSpan.FromSeconds(900);

    private static readonly TimeSpan Leeway = TimeSpan.FromSeconds(30);
    private static readonly string[] RequiredClaims = ["sub", "repository", "repository_owner", "repository_owner_id", "job_workflow_ref", "ref", "sha"];

    private readonly ConcurrentDictionary<string, DateTimeOffset> usedIdentifiers = new(StringComparer.Ordinal);
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };

    public async Task AudienceAsync(HttpContext context)
    {
        if (options.TrustedPublisher == null)
        {
            // No trusted publishing here at all (PyPI answers 403 when it is switched off; an index without it, 404).
            await Responses.WriteStatusAsync(context, 404, "Not Found");
            return;
        }

        await WriteJsonAsync(context, 200, new JsonObject { ["audience"] = options.Audience });
    }

    public async Task MintTokenAsync(HttpContext context)
    {
        var (status, body) = await MintAsync(context.Request.Body, context.RequestAborted);
        await WriteJsonAsync(context, status, body);
    }

    internal async Task<(int Status, JsonObject Body)> MintAsync(Stream requestBody, CancellationToken ct)
    {
        string jwt;
        try
        {
            using var document = await JsonDocument.ParseAsync(requestBody, cancellationToken: ct);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return Invalid("invalid-payload", "1 validation error for TokenPayload: Input should be an object");
            if (!document.RootElement.TryGetProperty("token", out var token))
                return Invalid("invalid-payload", "1 validation error for TokenPayload: token: Field required");
            if (token.ValueKind != JsonValueKind.String)
                return Invalid("invalid-payload", "1 validation error for TokenPayload: token: Input should be a valid string");
            jwt = token.GetString()!;
        }
        catch (JsonException e)
        {
            return Invalid("invalid-payload", $"1 validation error for TokenPayload: Invalid JSON: {e.Message}");
        }

        if (options.TrustedPublisher is not { } publisher)
            return Invalid("not-enabled", "Trusted publishing functionality not enabled");

        JsonWebToken unverified;
        try
        {
            unverified = new JsonWebToken(jwt);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenMalformedException)
        {
            return Invalid("invalid-payload", "malformed JWT");
        }

        if (!unverified.TryGetPayloadValue<string>("iss", out var issuer) || string.IsNullOrEmpty(issuer))
            return Invalid("invalid-payload", "malformed JWT");
        if (!string.Equals(issuer, publisher.Issuer, StringComparison.Ordinal))
            return Invalid("invalid-payload", "unknown trusted publishing issuer");

        var now = time.GetUtcNow();
        var validation = await handler.ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            ValidIssuer = publisher.Issuer,
            ValidAudience = options.Audience,
            IssuerSigningKey = publisher.IssuerKey,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = Leeway,
            LifetimeValidator = (notBefore, expires, _, _) =>
                (notBefore is not { } nbf || nbf - Leeway <= now.UtcDateTime) && expires is { } exp && now.UtcDateTime < exp + Leeway,
        });
        if (!validation.IsValid || !unverified.TryGetPayloadValue<long>("iat", out _))
        {
            Serilog.Log.Debug("Local index: JWT refused: {Reason}", validation.Exception?.Message ?? "no iat claim");
            return Invalid("invalid-token", "malformed or invalid token");
        }

        var claims = ((JsonWebToken)validation.SecurityToken).Claims
            .GroupBy(c => c.Type).ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);

        ForgetExpiredIdentifiers(now);
        var jti = claims.GetValueOrDefault("jti");
        if (!string.IsNullOrEmpty(jti) && usedIdentifiers.ContainsKey(jti))
            return Invalid("invalid-reuse-token", "invalid token: already used");

        if (CheckPublisher(publisher, claims) is { } failure)
            return Invalid("invalid-publisher", $"valid token, but no corresponding publisher ({failure})");

        if (!string.IsNullOrEmpty(jti))
        {
            var expires = unverified.ValidTo == DateTime.MinValue ? now + MintedTokenLifetime : new DateTimeOffset(unverified.ValidTo, TimeSpan.Zero) + Leeway;
            if (!usedIdentifiers.TryAdd(jti, expires))
                return Invalid("invalid-reuse-token", "invalid token: already used");
        }

        var expiresAt = now + MintedTokenLifetime;
        var minted = credentials.Mint(expiresAt);
        return (200, new JsonObject { ["success"] = true, ["token"] = minted, ["expires"] = expiresAt.ToUnixTimeSeconds() });
    }

    /// <summary>warehouse's GitHub publisher checks; the first that fails, worded as warehouse words it, or null.</summary>
    internal static string? CheckPublisher(TrustedPublisherConfig publisher, IReadOnlyDictionary<string, string> claims)
    {
        foreach (var name in RequiredClaims)
        {
            if (!claims.ContainsKey(name))
                return $"Missing claim '{name}'";
        }

        var repository = publisher.Repository;
        var owner = repository.Split('/')[0];
        var sub = claims["sub"].Split(':');
        if (sub.Length < 2 || sub[0].Length == 0 || sub[1].Length == 0 || !string.Equals($"{sub[0]}:{sub[1]}", $"repo:{repository}", StringComparison.OrdinalIgnoreCase))
            return "Check failed for required claim 'sub'";
        if (claims["repository"].Length == 0 || !string.Equals(claims["repository"], repository, StringComparison.OrdinalIgnoreCase))
            return "Check failed for required claim 'repository'";
        if (claims["repository_owner"] != owner)
            return "Check failed for required claim 'repository_owner'";

        var jobWorkflowRef = claims["job_workflow_ref"];
        if (jobWorkflowRef.Length == 0)
            return "The job_workflow_ref claim is empty";
        var refs = new[] { claims["ref"], claims["sha"] }.Where(r => r.Length > 0).ToList();
        if (refs.Count == 0)
            return "The ref and sha claims are empty";
        var expected = refs.Select(r => $"{repository}/.github/workflows/{publisher.WorkflowFile}@{r}").Order(StringComparer.Ordinal).ToList();
        if (!expected.Contains(jobWorkflowRef))
            return $"The job_workflow_ref claim does not match, expecting one of [{string.Join(", ", expected.Select(e => UploadRules.PyRepr(e)))}], got {UploadRules.PyRepr(jobWorkflowRef)}";

        if (!string.IsNullOrEmpty(publisher.Environment)
            && !string.Equals(claims.GetValueOrDefault("environment"), publisher.Environment, StringComparison.OrdinalIgnoreCase))
            return "Check failed for optional claim 'environment'";
        return null;
    }

    private void ForgetExpiredIdentifiers(DateTimeOffset now)
    {
        foreach (var (jti, until) in usedIdentifiers)
        {
            if (until < now)
                usedIdentifiers.TryRemove(jti, out _);
        }
    }

    private static (int, JsonObject) Invalid(string code, string description) =>
        (422, new JsonObject
        {
            ["message"] = "Token request failed",
            ["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["description"] = description }),
        });

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonObject body)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(body.ToJsonString());
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
