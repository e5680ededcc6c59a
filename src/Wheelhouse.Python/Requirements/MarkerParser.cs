using System.Diagnostics.CodeAnalysis;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.Python.Requirements;

/// <summary>
/// Recursive descent over PEP 508's marker grammar:
/// <code>
/// marker     = and_marker ('or' and_marker)*
/// and_marker = atom ('and' atom)*
/// atom       = '(' marker ')' | operand op operand
/// operand    = variable | 'string' | "string"
/// op         = === | == | ~= | != | &lt;= | &gt;= | &lt; | &gt; | in | not in
/// </code>
/// The PEP 345 and setuptools spellings <c>os.name</c>, <c>sys.platform</c>, <c>platform.version</c>,
/// <c>platform.machine</c>, <c>platform.python_implementation</c> and <c>python_implementation</c> are read as
/// their PEP 508 names, as <c>packaging</c> does.
/// </summary>
internal sealed class MarkerParser
{
    private static readonly IReadOnlyDictionary<string, string> Variables = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["python_version"] = "python_version",
        ["python_full_version"] = "python_full_version",
        ["os_name"] = "os_name",
        ["os.name"] = "os_name",
        ["sys_platform"] = "sys_platform",
        ["sys.platform"] = "sys_platform",
        ["platform_release"] = "platform_release",
        ["platform_system"] = "platform_system",
        ["platform_version"] = "platform_version",
        ["platform.version"] = "platform_version",
        ["platform_machine"] = "platform_machine",
        ["platform.machine"] = "platform_machine",
        ["platform_python_implementation"] = "platform_python_implementation",
        ["platform.python_implementation"] = "platform_python_implementation",
        ["python_implementation"] = "platform_python_implementation",
        ["implementation_name"] = "implementation_name",
        ["implementation_version"] = "implementation_version",
        ["extra"] = "extra",
    };

    private static readonly string VariableListing = string.Join(", ", MarkerEnvironment.InterpreterVariables.Append("extra"));

    private readonly string _text;
    private int _position;

    private MarkerParser(string text, int start)
    {
        _text = text;
        _position = start;
    }

    /// <summary>Parses from <paramref name="start"/> to the end of <paramref name="text"/>; on failure <paramref name="error"/> says what is wrong and where.</summary>
    public static bool TryParse(string text, int start, [NotNullWhen(true)] out MarkerExpression? marker, [NotNullWhen(false)] out string? error)
    {
        var parser = new MarkerParser(text, start);
        try
        {
            parser.SkipWhitespace();
            if (parser.AtEnd)
                throw parser.Error("expected a marker such as python_version < \"3.11\", found nothing");
            marker = parser.ParseOr();
            parser.SkipWhitespace();
            if (!parser.AtEnd)
                throw parser.Error($"expected 'and', 'or' or the end of the marker, found {parser.Found()}");
            error = null;
            return true;
        }
        catch (SyntaxError e)
        {
            marker = null;
            error = e.Message;
            return false;
        }
    }

    private bool AtEnd => _position >= _text.Length;

    private MarkerExpression ParseOr()
    {
        var items = new List<MarkerExpression> { ParseAnd() };
        while (TryKeyword("or"))
            items.Add(ParseAnd());
        return MarkerExpression.Any(items);
    }

    private MarkerExpression ParseAnd()
    {
        var items = new List<MarkerExpression> { ParseAtom() };
        while (TryKeyword("and"))
            items.Add(ParseAtom());
        return MarkerExpression.All(items);
    }

    private MarkerExpression ParseAtom()
    {
        SkipWhitespace();
        if (!AtEnd && _text[_position] == '(')
        {
            var open = _position;
            _position++;
            var inner = ParseOr();
            SkipWhitespace();
            if (AtEnd || _text[_position] != ')')
                throw Error($"expected ')' to close the '(' at character {open + 1}, found {Found()}");
            _position++;
            return inner;
        }

        var left = ParseOperand();
        SkipWhitespace();
        var op = ParseOperator(left);
        SkipWhitespace();
        var right = ParseOperand();
        // The literal an extra is compared with is kept in its PEP 685 normal form, as packaging does.
        if (left is { IsVariable: true, Text: "extra" } && !right.IsVariable)
            right = MarkerOperand.Literal(ProjectName.Normalise(right.Text));
        else if (right is { IsVariable: true, Text: "extra" } && !left.IsVariable)
            left = MarkerOperand.Literal(ProjectName.Normalise(left.Text));
        return new MarkerComparison(left, op, right);
    }

    private MarkerOperand ParseOperand()
    {
        SkipWhitespace();
        if (AtEnd)
            throw Error("expected a marker variable or a quoted string, found the end");
        var c = _text[_position];
        if (c is '"' or '\'')
        {
            var close = _text.IndexOf(c, _position + 1);
            if (close < 0)
                throw Error($"the string that starts with {c} at character {_position + 1} has no closing {c}");
            var literal = _text[(_position + 1)..close];
            _position = close + 1;
            return MarkerOperand.Literal(literal);
        }

        var start = _position;
        while (!AtEnd && IsWordCharacter(_text[_position]))
            _position++;
        var word = _text[start.._position];
        if (word.Length == 0)
            throw Error($"expected a marker variable or a quoted string, found {Found()}");
        if (!Variables.TryGetValue(word, out var name))
        {
            _position = start;
            throw Error($"'{word}' is not a marker variable (those are {VariableListing}); a value must be quoted");
        }

        return MarkerOperand.Variable(name);
    }

    private string ParseOperator(MarkerOperand left)
    {
        foreach (var symbol in MarkerComparison.Operators.Take(8))
        {
            if (string.CompareOrdinal(_text, _position, symbol, 0, symbol.Length) == 0)
            {
                _position += symbol.Length;
                return symbol;
            }
        }

        if (TryKeyword("in"))
            return "in";
        if (TryKeyword("not"))
        {
            if (!TryKeyword("in"))
                throw Error($"expected 'in' after 'not', found {Found()}");
            return "not in";
        }

        throw Error($"expected an operator ({string.Join(", ", MarkerComparison.Operators)}) after {left}, found {Found()}");
    }

    /// <summary>Consumes <paramref name="word"/> (after optional whitespace) when it stands there as a whole word.</summary>
    private bool TryKeyword(string word)
    {
        var saved = _position;
        SkipWhitespace();
        if (string.CompareOrdinal(_text, _position, word, 0, word.Length) == 0
            && (_position + word.Length >= _text.Length || !IsWordCharacter(_text[_position + word.Length])))
        {
            _position += word.Length;
            return true;
        }

        _position = saved;
        return false;
    }

    private void SkipWhitespace()
    {
        while (!AtEnd && _text[_position] is ' ' or '\t')
            _position++;
    }

    private static bool IsWordCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.';

    /// <summary>What stands at the current position, for an error message.</summary>
    private string Found()
    {
        if (AtEnd)
            return "the end";
        var rest = _text[_position..];
        return rest.Length <= 24 ? $"'{rest}'" : $"'{rest[..24]}...'";
    }

    private SyntaxError Error(string message) => new(message);

    private sealed class SyntaxError(string message) : Exception(message);
}
