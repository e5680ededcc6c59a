namespace Wheelhouse.PyPI.Attestations;

/// <summary>
/// An attestation that is malformed or does not verify. <see cref="Exception.Message"/> is worded as PyPI's verifier
/// (pypi-attestations, sigstore-python) words it, so the local index can answer with warehouse's text and the uploader
/// can quote what PyPI would say.
/// </summary>
public sealed class AttestationException(string message, AttestationProblem problem = AttestationProblem.Verification) : Exception(message)
{
    public AttestationProblem Problem { get; } = problem;
}

/// <summary>Which of warehouse's answers a problem leads to.</summary>
public enum AttestationProblem
{
    /// <summary>Not the JSON shape of PEP 740's attestation object ("Malformed attestations: ...").</summary>
    Malformed,

    /// <summary>Well formed, but its material cannot be read (a certificate that is not DER, an unreadable log entry): "Unknown error ...".</summary>
    Material,

    /// <summary>Read, but it does not verify ("Could not verify the uploaded artifact using the included attestation: ...").</summary>
    Verification,
}
