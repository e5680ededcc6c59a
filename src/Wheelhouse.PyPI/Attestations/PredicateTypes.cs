namespace Wheelhouse.PyPI.Attestations;

/// <summary>The in-toto predicate types PyPI accepts in an attestation (warehouse's SUPPORTED_ATTESTATION_TYPES).</summary>
public static class PredicateTypes
{
    /// <summary>PyPI's publish attestation: "this file was published by this Trusted Publisher". What the signing step makes.</summary>
    public const string Publish = "https://docs.pypi.org/attestations/publish/v1";

    /// <summary>SLSA build provenance v1.</summary>
    public const string SlsaProvenance = "https://slsa.dev/provenance/v1";

    public static IReadOnlyList<string> Supported { get; } = [Publish, SlsaProvenance];

    /// <summary>The most attestations one file may carry: one per supported predicate type.</summary>
    public static int MaxPerFile => Supported.Count;

    public static bool IsSupported(string predicateType) => Supported.Contains(predicateType, StringComparer.Ordinal);
}
