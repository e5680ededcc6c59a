using Wheelhouse.Engine;

namespace Wheelhouse.Python.Requirements;

/// <summary>
/// A PEP 508 environment marker, such as <c>python_version &lt; "3.11" and sys_platform != "win32"</c>: comparisons
/// joined by <c>and</c> (binding tighter) and <c>or</c>, grouped with parentheses. Immutable; evaluation is pure.
/// </summary>
public abstract class MarkerExpression
{
    private protected MarkerExpression()
    {
    }

    /// <summary>Parses a marker; an invalid one is a <see cref="BuildException"/> that names it and what is wrong.</summary>
    public static MarkerExpression Parse(string text) =>
        MarkerParser.TryParse(text, 0, out var marker, out var error)
            ? marker
            : throw new BuildException($"'{text.Trim()}' is not a valid environment marker (PEP 508): {error}.");

    /// <summary>
    /// Whether the marker holds in <paramref name="environment"/> (its <c>extra</c> included). A comparison PEP 508
    /// leaves undefined (<c>~=</c> between texts that are not versions) is a <see cref="BuildException"/>.
    /// </summary>
    public abstract bool Evaluate(MarkerEnvironment environment);

    /// <summary>The marker in canonical form: double quotes, one space around operators, parentheses only where needed.</summary>
    public abstract override string ToString();

    /// <summary>The marker's comparisons, left to right.</summary>
    public abstract IEnumerable<MarkerComparison> Comparisons { get; }

    internal static MarkerExpression All(IReadOnlyList<MarkerExpression> items) => items.Count == 1 ? items[0] : new Conjunction(items);

    internal static MarkerExpression Any(IReadOnlyList<MarkerExpression> items) => items.Count == 1 ? items[0] : new Disjunction(items);

    /// <summary><c>a and b and ...</c>.</summary>
    private sealed class Conjunction(IReadOnlyList<MarkerExpression> items) : MarkerExpression
    {
        public override bool Evaluate(MarkerEnvironment environment) => items.All(i => i.Evaluate(environment));

        public override IEnumerable<MarkerComparison> Comparisons => items.SelectMany(i => i.Comparisons);

        public override string ToString() =>
            string.Join(" and ", items.Select(i => i is Disjunction ? $"({i})" : i.ToString()));
    }

    /// <summary><c>a or b or ...</c>.</summary>
    private sealed class Disjunction(IReadOnlyList<MarkerExpression> items) : MarkerExpression
    {
        public override bool Evaluate(MarkerEnvironment environment) => items.Any(i => i.Evaluate(environment));

        public override IEnumerable<MarkerComparison> Comparisons => items.SelectMany(i => i.Comparisons);

        public override string ToString() => string.Join(" or ", items.Select(i => i.ToString()));
    }
}
