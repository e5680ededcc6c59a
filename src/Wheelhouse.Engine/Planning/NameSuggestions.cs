namespace Wheelhouse.Engine.Planning;

/// <summary>Closest names to a mistyped one, by edit distance, for "did you mean" hints.</summary>
public static class NameSuggestions
{
    public static IReadOnlyList<string> Closest(string wanted, IEnumerable<string> names, int most = 3)
    {
        var lowered = wanted.ToLowerInvariant();
        return names
            .Select(name => (name, distance: Distance(lowered, name.ToLowerInvariant())))
            .Where(x => x.distance <= Math.Max(1, wanted.Length / 3)
                        || x.name.Contains(wanted, StringComparison.OrdinalIgnoreCase)
                        || (wanted.Length >= 3 && wanted.Contains(x.name, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(x => x.distance)
            .ThenBy(x => x.name, StringComparer.Ordinal)
            .Take(most)
            .Select(x => x.name)
            .ToList();
    }

    /// <summary>Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            var cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }

        return d[a.Length, b.Length];
    }
}
