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
                _ when c < ' ' || c == '\x7f' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return builder.Append(quote).ToString();
    }

    public static string ReprList(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Repr)) + "]";
}
