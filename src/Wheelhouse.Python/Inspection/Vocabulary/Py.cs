namespace Wheelhouse.Python.Inspection.Vocabulary;

/// <summary>Python's <c>repr</c> of strings and lists of strings, as PyPI's messages quote values.</summary>
public static class Py
{
    public static string Repr(string value)
    {
        var quote = value.Contains('\'') && !value.Contains('"') ? '"' : '\'';
        var builder = new System.Text.StringBuilder(value.Length + 2).Append(quote);
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c == quote => "\\" + c,
                _ when c != ' ' && !IsPrintable(c) => c < 0x100 ? $"\\x{(int)c:x2}" : $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return builder.Append(quote).ToString();
    }

    /// <summary>Python's str.isprintable for one character: not a control, format, separator, private-use or unassigned one.</summary>
    private static bool IsPrintable(char c) => char.GetUnicodeCategory(c) is not (
        System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.Surrogate
        or System.Globalization.UnicodeCategory.PrivateUse or System.Globalization.UnicodeCategory.OtherNotAssigned
        or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator
        or System.Globalization.UnicodeCategory.SpaceSeparator);

    public static string ReprList(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Repr)) + "]";
}
