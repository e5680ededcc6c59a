namespace Wheelhouse.Python.Inspection.Vocabulary;

/// <summary>
/// PyPI's classifier rules (warehouse's <c>forklift/metadata.py</c>): a classifier must be one of trove-classifiers'
/// (deprecated ones included), and a deprecated one is refused too, with its replacements named. The list is a
/// generated copy of Debian's python3-trove-classifiers (<see cref="Version"/>), so checking costs no process; a
/// newer list installed for the interpreter can vouch for a classifier added since (see <see cref="Check"/>).
/// </summary>
public static class TroveClassifiers
{
    private static readonly HashSet<string> Known = new(TroveClassifierData.Classifiers, StringComparer.Ordinal);
    private static readonly Dictionary<string, string[]> DeprecatedMap =
        TroveClassifierData.Deprecated.ToDictionary(d => d.Classifier, d => d.Replacements, StringComparer.Ordinal);

    /// <summary>The trove-classifiers release the embedded list comes from.</summary>
    public static string Version => TroveClassifierData.Version;

    public static IReadOnlyCollection<string> All => Known;

    public static IReadOnlyDictionary<string, string[]> Deprecated => DeprecatedMap;

    /// <summary>
    /// warehouse's message for <paramref name="classifier"/>, or null when PyPI takes it. <paramref name="newer"/> is
    /// what a newer trove-classifiers installed for the interpreter says (null when there is none): it decides.
    /// </summary>
    public static string? Check(string classifier, ClassifierVerdict? newer = null)
    {
        var known = newer?.Known ?? (Known.Contains(classifier) || DeprecatedMap.ContainsKey(classifier));
        var replacements = newer is { } n ? n.DeprecatedBy : DeprecatedMap.GetValueOrDefault(classifier);
        if (!known)
            return $"{Py.Repr(classifier)} is not a valid classifier.";
        if (replacements is null)
            return null;
        return replacements.Length > 0
            ? $"The classifier {Py.Repr(classifier)} has been deprecated, use one of {Py.ReprList(replacements)} instead."
            : $"The classifier {Py.Repr(classifier)} has been deprecated.";
    }

    /// <summary>True when the embedded list alone cannot vouch for <paramref name="classifier"/> (a newer list might).</summary>
    public static bool IsUnknown(string classifier) => !Known.Contains(classifier) && !DeprecatedMap.ContainsKey(classifier);
}

/// <summary>What an installed trove-classifiers says of one classifier: known, and the replacements when deprecated (null: not deprecated).</summary>
public sealed record ClassifierVerdict(bool Known, string[]? DeprecatedBy);
