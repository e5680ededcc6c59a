using System.Text;

namespace Wheelhouse.Python.Release;

/// <summary>
/// A unified diff of two texts (the format of <c>diff -u</c> and <c>git diff</c>): <c>---</c>/<c>+++</c>
/// headers, then hunks of changed lines with a few lines of context. Lines are compared with their line
/// endings; a carriage return is not shown. Meant for files with small edits: the common start and end are
/// skipped before the lines in between are matched (longest common subsequence).
/// </summary>
public static class UnifiedDiff
{
    private enum Op
    {
        Equal,
        Delete,
        Insert,
    }

    private readonly record struct Edit(Op Op, int OldIndex, int NewIndex);

    /// <summary>The diff, or an empty string when the texts are equal.</summary>
    public static string Create(string oldText, string newText, string oldName, string newName, int context = 3)
    {
        if (oldText == newText)
            return "";
        var a = Lines(oldText);
        var b = Lines(newText);
        var edits = Edits(a, b);
        var output = new StringBuilder();
        output.Append("--- ").Append(oldName).Append('\n');
        output.Append("+++ ").Append(newName).Append('\n');

        var changed = edits.Select((e, i) => (e, i)).Where(x => x.e.Op != Op.Equal).Select(x => x.i).ToList();
        var h = 0;
        while (h < changed.Count)
        {
            // A hunk: changes closer than 2 × context lines share one hunk.
            var first = changed[h];
            var last = first;
            while (h + 1 < changed.Count && changed[h + 1] - last <= 2 * context)
                last = changed[++h];
            h++;
            var from = Math.Max(0, first - context);
            var to = Math.Min(edits.Count - 1, last + context);
            var hunk = edits.Skip(from).Take(to - from + 1).ToList();
            var oldCount = hunk.Count(e => e.Op != Op.Insert);
            var newCount = hunk.Count(e => e.Op != Op.Delete);
            var oldStart = hunk.FirstOrDefault(e => e.Op != Op.Insert, new Edit(Op.Equal, hunk[0].OldIndex, 0)).OldIndex + 1;
            var newStart = hunk.FirstOrDefault(e => e.Op != Op.Delete, new Edit(Op.Equal, 0, hunk[0].NewIndex)).NewIndex + 1;
            output.Append("@@ -").Append(Range(oldStart, oldCount)).Append(" +").Append(Range(newStart, newCount)).Append(" @@\n");
            foreach (var edit in hunk)
            {
                var (prefix, line) = edit.Op switch
                {
                    Op.Equal => (' ', a[edit.OldIndex]),
                    Op.Delete => ('-', a[edit.OldIndex]),
                    _ => ('+', b[edit.NewIndex]),
                };
                output.Append(prefix).Append(line.TrimEnd('\n').TrimEnd('\r')).Append('\n');
                if (!line.EndsWith('\n'))
                    output.Append("\\ No newline at end of file\n");
            }
        }

        return output.ToString();
    }

    /// <summary>GNU's range notation: "3" for one line, "3,4" for four, "2,0" for none (after line 2).</summary>
    private static string Range(int start, int count) => count switch
    {
        1 => start.ToString(System.Globalization.CultureInfo.InvariantCulture),
        0 => $"{start - 1},0",
        _ => $"{start},{count}",
    };

    /// <summary>Lines with their endings: "a\nb" is ["a\n", "b"].</summary>
    private static List<string> Lines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            var next = end < 0 ? text.Length : end + 1;
            lines.Add(text[start..next]);
            start = next;
        }

        return lines;
    }

    private static List<Edit> Edits(List<string> a, List<string> b)
    {
        var prefix = 0;
        while (prefix < a.Count && prefix < b.Count && a[prefix] == b[prefix])
            prefix++;
        var suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix && a[a.Count - 1 - suffix] == b[b.Count - 1 - suffix])
            suffix++;

        var edits = new List<Edit>();
        for (var i = 0; i < prefix; i++)
            edits.Add(new Edit(Op.Equal, i, i));

        // Longest common subsequence of the middle parts.
        var n = a.Count - prefix - suffix;
        var m = b.Count - prefix - suffix;
        var lcs = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
                lcs[i, j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        }

        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[prefix + x] == b[prefix + y])
            {
                edits.Add(new Edit(Op.Equal, prefix + x++, prefix + y++));
            }
            else if (x < n && (y >= m || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                edits.Add(new Edit(Op.Delete, prefix + x++, prefix + y));
            }
            else
            {
                edits.Add(new Edit(Op.Insert, prefix + x, prefix + y++));
            }
        }

        for (var i = 0; i < suffix; i++)
            edits.Add(new Edit(Op.Equal, a.Count - suffix + i, b.Count - suffix + i));
        return edits;
    }
}
