using System.Globalization;
using System.Text;

namespace Wheelhouse.Engine.Planning.Page;

/// <summary>Escaping and number formatting shared by the SVG and HTML writers.</summary>
internal static class Markup
{
    /// <summary>Escapes text for use in XML/HTML element content and in double- or single-quoted attributes.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return string.Empty;

        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? replacement = c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ when c < 0x20 && c != '\n' && c != '\t' && c != '\r' => "\uFFFD",
                _ => null,
            };
            if (replacement is null)
            {
                sb?.Append(c);
                continue;
            }

            sb ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
            sb.Append(replacement);
        }

        return sb?.ToString() ?? text;
    }

    /// <summary>Formats a coordinate with at most one decimal, culture-invariant.</summary>
    public static string Num(double value)
    {
        var rounded = Math.Round(value, 1, MidpointRounding.AwayFromZero);
        if (rounded == 0)
            rounded = 0; // no "-0"
        return rounded.ToString("0.#", CultureInfo.InvariantCulture);
    }

    /// <summary>Shortens <paramref name="text"/> to at most <paramref name="maxChars"/> characters, ending with an ellipsis.</summary>
    public static string Truncate(string text, int maxChars)
    {
        var single = text.ReplaceLineEndings(" ").Trim();
        if (single.Length <= maxChars)
            return single;
        var cut = single[..Math.Max(1, maxChars - 1)];
        if (char.IsHighSurrogate(cut[^1]))
            cut = cut[..^1];
        return cut.TrimEnd() + "\u2026";
    }
}
