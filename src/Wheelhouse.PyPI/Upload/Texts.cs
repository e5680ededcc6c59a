using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Wheelhouse.PyPI.Upload;

/// <summary>How the uploader words sizes, durations, statuses and server answers.</summary>
internal static partial class Texts
{
    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes} B",
    };

    public static string Duration(TimeSpan duration) => duration switch
    {
        { TotalHours: >= 1 } => $"{duration.TotalHours:0.#} h",
        { TotalMinutes: >= 1 } => $"{duration.TotalMinutes:0.#} min",
        { TotalSeconds: >= 1 } => $"{duration.TotalSeconds:0.#} s",
        _ => $"{duration.TotalMilliseconds:0} ms",
    };

    /// <summary>"503 Service Unavailable", with the server's own reason phrase when it gave one.</summary>
    public static string Status(HttpResponseMessage response)
    {
        var code = (int)response.StatusCode;
        var reason = response.ReasonPhrase;
        if (string.IsNullOrWhiteSpace(reason))
            reason = ReasonPhrases.TryGetValue(code, out var known) ? known : "";
        return $"{code} {reason}".Trim();
    }

    private static readonly Dictionary<int, string> ReasonPhrases = new()
    {
        [400] = "Bad Request", [401] = "Unauthorized", [403] = "Forbidden", [404] = "Not Found", [405] = "Method Not Allowed",
        [409] = "Conflict", [413] = "Payload Too Large", [429] = "Too Many Requests", [500] = "Internal Server Error",
        [502] = "Bad Gateway", [503] = "Service Unavailable", [504] = "Gateway Timeout",
    };

    /// <summary>An exception and its inner ones, one message each, without repeats.</summary>
    public static string ExceptionText(Exception e)
    {
        var parts = new List<string>();
        for (Exception? current = e; current != null; current = current.InnerException)
        {
            var message = current.Message.Trim().TrimEnd('.');
            if (message.Length > 0 && !parts.Any(p => p.Contains(message, StringComparison.Ordinal)))
                parts.Add(message);
        }

        return string.Join(": ", parts);
    }

    /// <summary>
    /// What the server said: the reason phrase and the body (HTML tags, scripts and styles removed, entities decoded,
    /// white space collapsed), each once. PyPI puts the reason of a refusal in both.
    /// </summary>
    public static string ServerMessage(string? reasonPhrase, string body, int maxLength = 600)
    {
        var text = Scripts().Replace(body, " ");
        text = Tags().Replace(text, " ");
        text = WebUtility.HtmlDecode(text);
        text = Spaces().Replace(text, " ").Trim();
        var reason = (reasonPhrase ?? "").Trim();
        string combined;
        if (reason.Length == 0)
            combined = text;
        else if (text.Length == 0 || reason.Contains(text, StringComparison.OrdinalIgnoreCase))
            combined = reason;
        else
        {
            // PyPI's error page repeats "400 <reason>" as title and heading: keep the body once and drop those copies.
            var rest = text.Replace(reason, "", StringComparison.OrdinalIgnoreCase);
            rest = Spaces().Replace(rest, " ").Trim(' ', '.', '-', ':');
            rest = LeadingCodes().Replace(rest, "").Trim();
            combined = rest.Length == 0 ? reason : $"{reason} — {rest}";
        }

        return combined.Length <= maxLength ? combined : combined[..maxLength].TrimEnd() + "…";
    }

    /// <summary>
    /// The warnings in the body of a 200, warehouse's channel for them (one per line): tags stripped, blank lines and a
    /// bare "200 OK" page left out.
    /// </summary>
    public static IReadOnlyList<string> Warnings(string body)
    {
        var text = Scripts().Replace(body, "\n");
        text = Tags().Replace(text, "\n");
        text = WebUtility.HtmlDecode(text);
        return text.Split('\n')
            .Select(l => Spaces().Replace(l, " ").Trim())
            .Where(l => l.Length > 0 && !StatusOnly().IsMatch(l))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    [GeneratedRegex("^(\\d{3}\\s*)?(OK|Created|Accepted)?\\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex StatusOnly();

    [GeneratedRegex("<(script|style)\\b.*?</\\1\\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Scripts();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex("\\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex("^(\\d{3}\\s*)+")]
    private static partial Regex LeadingCodes();
}
