namespace Wheelhouse.Python.Requirements;

/// <summary>The comparison operators of PEP 440 version specifiers.</summary>
public enum VersionOperator
{
    /// <summary><c>~=</c>: compatible release (<c>~=2.2</c> is <c>&gt;=2.2, ==2.*</c>).</summary>
    Compatible,

    /// <summary><c>==</c>: version matching, with <c>.*</c> prefix matching.</summary>
    Equal,

    /// <summary><c>!=</c>: version exclusion, with <c>.*</c> prefix matching.</summary>
    NotEqual,

    /// <summary><c>&lt;=</c>: inclusive ordered comparison.</summary>
    LessThanOrEqual,

    /// <summary><c>&gt;=</c>: inclusive ordered comparison.</summary>
    GreaterThanOrEqual,

    /// <summary><c>&lt;</c>: exclusive ordered comparison.</summary>
    LessThan,

    /// <summary><c>&gt;</c>: exclusive ordered comparison.</summary>
    GreaterThan,

    /// <summary><c>===</c>: arbitrary equality, a plain (case-insensitive) string comparison.</summary>
    Arbitrary,
}

/// <summary>The spellings of <see cref="VersionOperator"/>.</summary>
public static class VersionOperators
{
    /// <summary>Every operator's symbol, longest first, so a prefix scan finds <c>===</c> before <c>==</c>.</summary>
    internal static readonly (string Symbol, VersionOperator Operator)[] BySymbol =
    [
        ("===", VersionOperator.Arbitrary),
        ("~=", VersionOperator.Compatible),
        ("==", VersionOperator.Equal),
        ("!=", VersionOperator.NotEqual),
        ("<=", VersionOperator.LessThanOrEqual),
        (">=", VersionOperator.GreaterThanOrEqual),
        ("<", VersionOperator.LessThan),
        (">", VersionOperator.GreaterThan),
    ];

    /// <summary>The operators as a reader expects them listed in an error message.</summary>
    public const string Listing = "~=, ==, !=, <=, >=, <, > or ===";

    public static string Symbol(this VersionOperator op) => op switch
    {
        VersionOperator.Compatible => "~=",
        VersionOperator.Equal => "==",
        VersionOperator.NotEqual => "!=",
        VersionOperator.LessThanOrEqual => "<=",
        VersionOperator.GreaterThanOrEqual => ">=",
        VersionOperator.LessThan => "<",
        VersionOperator.GreaterThan => ">",
        VersionOperator.Arbitrary => "===",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    /// <summary>The operator <paramref name="text"/> starts with, and its length; null when it starts with none.</summary>
    internal static (VersionOperator Operator, int Length)? Leading(ReadOnlySpan<char> text)
    {
        foreach (var (symbol, op) in BySymbol)
        {
            if (text.StartsWith(symbol, StringComparison.Ordinal))
                return (op, symbol.Length);
        }

        return null;
    }
}
