using System.Text.Json;
using System.Text.Json.Nodes;
using Serilog;
using Wheelhouse.Engine;
using Wheelhouse.PyPI.Upload;

namespace Wheelhouse.PyPI.Attestations;

/// <summary>
/// The uploader's attestation step, run on every file before the first byte is uploaded: it finds the attestations
/// beside each distribution, checks them (<see cref="Attestation.Parse"/>, <see cref="AttestationCheck.Offline"/>:
/// shape, certificate, DSSE signature, one subject with the file's name and sha256, a known predicate type, at most
/// one per type) and adds them to the file's form as warehouse reads them: one text field <c>attestations</c> holding
/// a JSON array, never empty. A problem with any file stops the upload before it starts, naming every problem.
/// Who signed is not judged here (PyPI checks the certificate against the Trusted Publisher); it is logged.
/// </summary>
internal static class UploadAttestations
{
    public const string FieldName = "attestations";

    public static IReadOnlyList<PreparedFile> Attach(IReadOnlyList<PreparedFile> files, AttestationMode mode, ILogger log)
    {
        if (mode == AttestationMode.Off)
        {
            var ignored = files.SelectMany(f => AttestationFiles.Beside(f.Path)).Select(Path.GetFileName).ToList();
            if (ignored.Count > 0)
                log.Warning("Attestations are off, so {Files} are not sent", string.Join(", ", ignored));
            return files;
        }

        var problems = new List<string>();
        var attached = new List<PreparedFile>();
        foreach (var file in files)
        {
            var (field, fileProblems) = Collect(file, log);
            problems.AddRange(fileProblems);
            attached.Add(field is null ? file : file with { Fields = [.. file.Fields, new(FieldName, field)] });
        }

        if (problems.Count > 0)
            throw new BuildException(
                $"The attestations do not fit the files to upload, so nothing was uploaded:\n  - {string.Join("\n  - ", problems)}\n" +
                "PyPI refuses a file whose attestation does not verify (\"Invalid attestations supplied during upload\"). The release workflow's signing step " +
                "writes <file>.publish.attestation beside each distribution it downloaded: upload exactly the files it signed, or sign them again. " +
                "To upload without attestations, pass --attestations false.");
        return attached;
    }

    /// <summary>The field's JSON for one file (null when it has problems) and its problems.</summary>
    private static (string? Field, List<string> Problems) Collect(PreparedFile file, ILogger log)
    {
        var problems = new List<string>();
        var paths = AttestationFiles.Beside(file.Path);
        var publish = AttestationFiles.PublishFor(file.Path);
        if (!paths.Contains(Path.GetFullPath(publish), StringComparer.Ordinal))
        {
            problems.Add($"{file.FileName} has no publish attestation ({Path.GetFileName(publish)} is not in {Path.GetDirectoryName(file.Path)}).");
            return (null, problems);
        }

        if (paths.Count > PredicateTypes.MaxPerFile)
            problems.Add($"{file.FileName} has {paths.Count} attestation files ({string.Join(", ", paths.Select(Path.GetFileName))}); PyPI takes at most {PredicateTypes.MaxPerFile}, one per predicate type.");

        var array = new JsonArray();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        // The publish attestation first, then the others by name.
        foreach (var path in paths.OrderBy(p => p == Path.GetFullPath(publish) ? 0 : 1).ThenBy(p => p, StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            try
            {
                var node = JsonNode.Parse(File.ReadAllText(path));
                var attestation = Attestation.Parse(node);
                var predicateType = AttestationCheck.Offline(attestation, file.FileName, file.Digests.Sha256);
                if (types.TryGetValue(predicateType, out var other))
                {
                    problems.Add($"{name} and {other} both attest {predicateType}; PyPI takes one attestation per predicate type.");
                    continue;
                }

                if (path == Path.GetFullPath(publish) && predicateType != PredicateTypes.Publish)
                    problems.Add($"{name} attests {predicateType}, not PyPI's publish predicate {PredicateTypes.Publish}.");
                types[predicateType] = name;
                array.Add(node);
                log.Information("{File}: attestation {Attestation} ({PredicateType}) signed by {Signer}", file.FileName, name, predicateType, Signer(attestation));
            }
            catch (JsonException e)
            {
                problems.Add($"{name} is not JSON ({e.Message}).");
            }
            catch (AttestationException e)
            {
                problems.Add($"{name} does not attest {file.FileName} (sha256 {file.Digests.Sha256}): {e.Message}.");
            }
            catch (IOException e)
            {
                problems.Add($"{name} could not be read ({e.Message}).");
            }
        }

        return (problems.Count == 0 ? array.ToJsonString() : null, problems);
    }

    /// <summary>The workflow the certificate names (its SAN URI), for the log.</summary>
    private static string Signer(Attestation attestation)
    {
        using var certificate = AttestationCheck.Certificate(attestation);
        return FulcioIdentity.SanUris(certificate).FirstOrDefault() ?? certificate.Subject;
    }
}
