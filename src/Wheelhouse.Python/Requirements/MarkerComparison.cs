using Wheelhouse.Engine;
using Wheelhouse.Python.Inspection;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Requirements;

/// <summary>One side of a marker comparison: a variable (<c>python_version</c>) or a quoted literal (<c>"3.11"</c>).</summary>
public readonly record struct MarkerOperand(string Text, bool IsVariable)
{
    public static MarkerOperand Variable(string name) => new(name, true);

    public static MarkerOperand Literal(string value) => new(value, false);

    /// <summary>The variable's value in <paramref name="environment"/>, or the literal itself.</summary>
    public string Resolve(MarkerEnvironment environment) =>
        IsVariable ? environment.Value(Text) ?? throw new InvalidOperationException($"Unknown marker variable {Text}.") : Text;

    public override string ToString() => IsVariable ? Text : Text.Contains('"') ? $"'{Text}'" : $"\"{Text}\"";
}

/// <summary>
/// One marker comparison, <c>python_version &lt; "3.11"</c> or <c>"linux" in sys_platform</c>; either side may be
/// the variable. As in <c>packaging</c>: when the operator and the right side form a version specifier and the
/// left side is a PEP 440 version, they compare as versions (pre-releases included: 3.13.0rc1 &gt; 3.12);
/// otherwise as Python compares strings (<c>in</c> is substring containment). <c>extra</c> compares PEP 685
/// normalised names, never versions.
/// </summary>
public sealed class MarkerComparison : MarkerExpression
{
    /// <summary>The operators PEP 508 allows, longest first.</summary>
    public static readonly IReadOnlyList<string> Operators = ["===", "==", "~=", "!=", "<=", ">=", "<", ">", "in", "not in"];

    public MarkerComparison(MarkerOperand left, string op, MarkerOperand right)
    {
        if (!Operators.Contains(op))
            throw new ArgumentException($"'{op}' is not a marker operator.", nameof(op));
        Left = left;
        Operator = op;
        Right = right;
    }

    public MarkerOperand Left { get; }

    public string Operator { get; }

    public MarkerOperand Right { get; }

    public override IEnumerable<MarkerComparison> Comparisons => [this];

    /// <summary>True when one side is the variable <c>extra</c>.</summary>
    public bool ComparesExtra => Left is { IsVariable: true, Text: "extra" } || Right is { IsVariable: true, Text: "extra" };

    public override bool Evaluate(MarkerEnvironment environment)
    {
        var left = Left.Resolve(environment);
        var right = Right.Resolve(environment);
        if (ComparesExtra)
            return CompareStrings(NormaliseExtra(left), NormaliseExtra(right));
        if (Operator is "in" or "not in")
            return CompareStrings(left, right);

        // A version comparison when both sides allow one, the way packaging builds a Specifier from op + right.
        if (VersionSpecifier.TryParse(Operator + right, out var specifier, out _)
            && specifier.Operator.Symbol() == Operator // not '==' before "=x" read as '==='
            && (specifier.Operator == VersionOperator.Arbitrary || Pep440Version.TryParse(left, out _)))
            return specifier.Contains(left, prereleases: true);

        if (Operator == "~=")
            throw new BuildException(
                $"The environment marker '{this}' compares '{left}' ~= '{right}', but ~= is defined only between PEP 440 versions; " +
                "use == or != to compare other text.");
        return CompareStrings(left, right);
    }

    public override string ToString() => $"{Left} {Operator} {Right}";

    /// <summary>Python's string operators: ordinal order, <c>in</c> as substring containment, <c>===</c> as equality.</summary>
    private bool CompareStrings(string left, string right) => Operator switch
    {
        "==" or "===" => string.Equals(left, right, StringComparison.Ordinal),
        "!=" => !string.Equals(left, right, StringComparison.Ordinal),
        "<" => string.CompareOrdinal(left, right) < 0,
        "<=" => string.CompareOrdinal(left, right) <= 0,
        ">" => string.CompareOrdinal(left, right) > 0,
        ">=" => string.CompareOrdinal(left, right) >= 0,
        "in" => right.Contains(left, StringComparison.Ordinal),
        "not in" => !right.Contains(left, StringComparison.Ordinal),
        _ => throw new BuildException(
            $"The environment marker '{this}' compares '{left}' {Operator} '{right}', which PEP 508 does not define for these values."),
    };

    /// <summary>PEP 685: extras compare by their PEP 503 normal form; the empty extra (none) stays empty.</summary>
    private static string NormaliseExtra(string extra) => extra.Length == 0 ? extra : ProjectName.Normalise(extra);
}
