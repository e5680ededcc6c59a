namespace Wheelhouse.PyPI.LocalIndex;

/// <summary>
/// One request the upload endpoint received: the form fields as sent (name → values in order; the file field
/// itself is left out), the file's name, and how it ended. Tests compare these with what twine sends.
/// </summary>
/// <param name="Fields">Every non-file form field, values in the order sent. Empty when a fault answered before the body was read.</param>
/// <param name="FileName">The file name of the <c>content</c> part, or null when there was none (or a fault answered first).</param>
/// <param name="StatusCode">The status the client was answered with (0 when the connection was reset).</param>
/// <param name="Message">The reason phrase given with the status ("OK" on success).</param>
/// <param name="Credential">How the request authenticated: <c>api-token</c>, <c>trusted-publisher</c> (a token minted here), or null.</param>
/// <param name="Sha256">The sha256 of the file as received, when it was read completely.</param>
/// <param name="Size">The file's size as received, when it was read completely.</param>
/// <param name="Fault">The fault of the <see cref="FaultPlan"/> applied to this request, or null.</param>
/// <param name="Stored">True when this request added the file to the index (also under <see cref="FaultPlan.AcceptThenFail"/>).</param>
public sealed record RecordedUpload(
    IReadOnlyDictionary<string, IReadOnlyList<string>> Fields,
    string? FileName,
    int StatusCode,
    string Message,
    string? Credential,
    string? Sha256,
    long? Size,
    string? Fault,
    bool Stored)
{
    /// <summary>The warnings a successful upload was answered with (the 200's body, a line each).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The first value of a field, or null.</summary>
    public string? this[string field] => Fields.TryGetValue(field, out var values) && values.Count > 0 ? values[0] : null;
}
