namespace Wheelhouse.Python.Inspection;

/// <summary>One row of a wheel's RECORD: path, "algorithm=urlsafe-base64-digest" (may be empty), size (may be empty).</summary>
public sealed record RecordRow(int Line, string Path, string Hash, string Size);

/// <summary>A wheel's RECORD: CSV rows (with quoting as Python's csv module writes it) and the rows that did not parse.</summary>
public sealed record RecordFile(IReadOnlyList<RecordRow> Rows, IReadOnlyList<string> Problems)
{
    public static RecordFile Parse(string text)
    {
        var rows = new List<RecordRow>();
        var problems = new List<string>();
        var line = 0;
        var position = 0;
        while (position < text.Length)
        {
            line++;
            var end = text.IndexOf('\n', position);
            var raw = text.AsSpan(position, (end < 0 ? text.Length : end) - position).TrimEnd('\r');
            if (!raw.Contains('"'))
            {
                // The common row, without quoting: path,hash,size.
                position = end < 0 ? text.Length : end + 1;
                if (raw.IsEmpty)
                    continue;
                var first = raw.IndexOf(',');
                var last = raw.LastIndexOf(',');
                if (first < 0 || first == last || raw[(first + 1)..last].Contains(','))
                    problems.Add($"line {line} has {raw.Count(',') + 1} field(s), not path,hash,size");
                else
                    rows.Add(new RecordRow(line, raw[..first].ToString(), raw[(first + 1)..last].ToString(), raw[(last + 1)..].ToString()));
                continue;
            }

            var fields = ReadRow(text, ref position, out var error);
            if (error != null)
            {
                problems.Add($"line {line}: {error}");
                continue;
            }

            if (fields.Count == 1 && fields[0].Length == 0)
                continue; // blank line
            if (fields.Count != 3)
            {
                problems.Add($"line {line} has {fields.Count} field(s), not path,hash,size");
                continue;
            }

            rows.Add(new RecordRow(line, fields[0], fields[1], fields[2]));
        }

        return new RecordFile(rows, problems);
    }

    /// <summary>One CSV record from <paramref name="position"/>, which ends after its line break.</summary>
    private static List<string> ReadRow(string text, ref int position, out string? error)
    {
        error = null;
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        var wasQuoted = false;
        while (position < text.Length)
        {
            var c = text[position++];
            if (quoted)
            {
                if (c != '"')
                    field.Append(c);
                else if (position < text.Length && text[position] == '"')
                {
                    field.Append('"');
                    position++;
                }
                else
                    quoted = false;
                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0 && !wasQuoted:
                    quoted = wasQuoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    wasQuoted = false;
                    break;
                case '\r' when position < text.Length && text[position] == '\n':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    return fields;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (quoted)
            error = "a quoted field is not closed";
        fields.Add(field.ToString());
        return fields;
    }
}
