using Serilog;

namespace Wheelhouse.PyPI.Attestations;

/// <summary>Whether an upload sends PEP 740 attestations.</summary>
public enum AttestationMode
{
    /// <summary>None are sent (attestation files beside the distributions are left alone, with a warning).</summary>
    Off,

    /// <summary>
    /// Every distribution must have a valid <c>&lt;file&gt;.publish.attestation</c> beside it (and may have one more of
    /// another predicate type, <c>&lt;file&gt;.&lt;kind&gt;.attestation</c>); each is checked before anything is uploaded
    /// and sent in the form field <c>attestations</c>.
    /// </summary>
    Required,
}

/// <summary>
/// The choice from <c>--attestations</c> and the kind of credentials. PyPI accepts attestations only with a token
/// minted by trusted publishing (warehouse: "Attestations are only supported when using Trusted Publishing"), because
/// they are verified against the Trusted Publisher. So: with trusted publishing (CI), required unless turned off;
/// with an API token, never sent: a warning when they were asked for, and the upload goes on without them, as the
/// PyPA publish action does, rather than failing a release PyPI would take.
/// </summary>
public static class AttestationPolicy
{
    /// <param name="parameter"><c>--attestations</c>: true, false, or null when not given.</param>
    /// <param name="trustedPublishing">The upload uses a token minted by trusted publishing.</param>
    public static AttestationMode Decide(bool? parameter, bool trustedPublishing, ILogger log)
    {
        if (parameter == false)
        {
            log.Warning("Attestations are off (--attestations false): the files are uploaded without PEP 740 attestations, so PyPI shows no provenance for them");
            return AttestationMode.Off;
        }

        if (trustedPublishing)
            return AttestationMode.Required;
        if (parameter == true)
            log.Warning("--attestations true is not followed: PyPI accepts attestations only with trusted publishing, and this upload uses an API token. " +
                        "The files are uploaded without attestations; publish from the release workflow (trusted publishing) to attach them");
        return AttestationMode.Off;
    }
}
