namespace Wheelhouse.Engine.Planning;

/// <summary>Closest names to a mistyped one, by edit distance, for "did you mean" hints.</summary>
public static class NameSuggestions
{
    public static IReadOnlyList<string> Closest(string wanted, IEnumerable<string> names, int most = 3)
    {
        var lowered = wanted.ToLowerInvariant();
        return names
            .Select(name => (name, distance: Distance(lowered, name.ToLowerInvariant())))
            .Where(x => x.distance <= Math.Max(2, wanted.Length / 3)
                        || x.name.Contains(wanted, StringComparison.OrdinalIgnoreCase)
                        || (wanted.Length >= 3 && wanted.Contains(x.name, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(x => x.distance)
            .ThenBy(x => x.name, StringComparer.Ordinal)
            .Take(most)
            .Select(x => x.name)
            .ToList();
    }

    /// <summary>Levenshtein distance with one row of memory.</summary>
    public static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }
}
