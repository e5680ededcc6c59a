using System.Text;

namespace Wheelhouse.Engine.Planning.Page;

/// <summary>
/// Box sizes of drawn nodes. Text is set in a monospace font (see <see cref="PlanSvg.Css"/>), so widths are
/// estimated from the number of characters; wide (CJK) characters count twice.
/// </summary>
internal static class NodeMetrics
{
    public const double NameFontSize = 13;
    public const double NoteFontSize = 10;

    /// <summary>Advance of one monospace character, as a fraction of the font size (0.6 for DejaVu Sans Mono, Menlo, Consolas).</summary>
    public const double CharWidthEm = 0.61;

    public const double SingleLineHeight = 36;
    public const double NoteLineHeight = 12;
    public const double NameBaselineWithNote = 20;
    public const double PadLeft = 12;
    public const double PadRight = 14;
    public const double BadgeSpace = 24; // circle of radius 9 plus spacing
    public const double MinWidth = 84;
    public const int MinNoteChars = 24;
    public const int MaxNoteLines = 2;

    public static bool HasBadge(PlanNode node) => node.Order is not null && node.State != PlanNodeState.NotInPlan;

    /// <summary>
    /// The small lines under the name: the skip reason of a skipped target, wrapped at word boundaries to about the
    /// width of the name (at least <see cref="MinNoteChars"/> characters), at most <see cref="MaxNoteLines"/> lines.
    /// </summary>
    public static IReadOnlyList<string> NoteLines(PlanNode node)
    {
        if (node.State != PlanNodeState.Skipped)
            return [];
        if (string.IsNullOrWhiteSpace(node.SkipReason))
            return ["skipped"];

        var nameChars = (int)((TextLeft(node) - PadLeft + TextWidth(node.Name, NameFontSize)) / (NoteFontSize * CharWidthEm));
        var perLine = Math.Max(MinNoteChars, nameChars);
        var words = node.SkipReason.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var lines = new List<string>();
        var current = "";
        for (var i = 0; i < words.Length; i++)
        {
            var candidate = current.Length == 0 ? words[i] : current + " " + words[i];
            if (candidate.Length <= perLine || current.Length == 0)
            {
                current = candidate;
                continue;
            }

            if (lines.Count == MaxNoteLines - 1)
            {
                current = candidate + " " + string.Join(' ', words.Skip(i + 1));
                break;
            }

            lines.Add(current);
            current = words[i];
        }

        lines.Add(current);
        return lines.Select(l => Markup.Truncate(l, perLine)).ToList();
    }

    public static double TextWidth(string text, double fontSize)
    {
        var units = 0;
        foreach (var rune in text.EnumerateRunes())
            units += IsWide(rune) ? 2 : 1;
        return units * fontSize * CharWidthEm;
    }

    public static double TextLeft(PlanNode node) => PadLeft + (HasBadge(node) ? BadgeSpace : 0);

    public static double Width(PlanNode node)
    {
        var text = TextLeft(node) + TextWidth(node.Name, NameFontSize);
        var note = NoteLines(node).Select(l => PadLeft + TextWidth(l, NoteFontSize)).DefaultIfEmpty(0).Max();
        return Math.Ceiling(Math.Max(MinWidth, Math.Max(text, note) + PadRight));
    }

    public static double Height(PlanNode node) => SingleLineHeight + NoteLines(node).Count * NoteLineHeight;

    private static bool IsWide(Rune rune) =>
        rune.Value is >= 0x1100 and <= 0x115F
            or >= 0x2E80 and <= 0xA4CF
            or >= 0xAC00 and <= 0xD7A3
            or >= 0xF900 and <= 0xFAFF
            or >= 0xFE30 and <= 0xFE4F
            or >= 0xFF00 and <= 0xFF60
            or >= 0xFFE0 and <= 0xFFE6
            or >= 0x1F300 and <= 0x1FAFF
            or >= 0x20000 and <= 0x3FFFD;
}
