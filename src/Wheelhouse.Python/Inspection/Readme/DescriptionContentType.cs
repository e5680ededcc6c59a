using System.Text.RegularExpressions;
using Wheelhouse.Python.Inspection.Vocabulary;

namespace Wheelhouse.Python.Inspection.Readme;

/// <summary>
/// Description-Content-Type as PyPI validates it (packaging's metadata rules, which warehouse applies to the upload):
/// <c>text/plain</c>, <c>text/x-rst</c> or <c>text/markdown</c>, charset UTF-8 when given, Markdown variant GFM or
/// CommonMark when given. A description without one is reStructuredText.
/// </summary>
public static partial class DescriptionContentType
{
    public const string Default = "text/x-rst";
    public const string HelpUrl = "https://pypi.org/help/#description-content-type";

    private static readonly string[] Types = ["text/plain", "text/x-rst", "text/markdown"];

    /// <summary>packaging's message for an invalid value (naming the field as 'description-content-type'), or null.</summary>
    public static string? Problem(string value)
    {
        var (type, parameters) = Parse(value);
        if (!Types.Contains(type) || !value.Contains(type, StringComparison.OrdinalIgnoreCase))
            return $"'description-content-type' must be one of {Py.ReprList(Types)}, not {Py.Repr(value)}";
        var charset = parameters.GetValueOrDefault("charset", "UTF-8");
        if (charset != "UTF-8")
            return $"'description-content-type' can only specify the UTF-8 charset, not {Py.ReprList(charset.Select(c => c.ToString()))}";
        var variant = parameters.GetValueOrDefault("variant", "GFM");
        if (type == "text/markdown" && variant is not ("GFM" or "CommonMark"))
            return $"valid Markdown variants for 'description-content-type' are {Py.ReprList(["GFM", "CommonMark"])}, not {Py.Repr(variant)}";
        return null;
    }

    /// <summary>The media type (lower case; text/plain when it does not parse, as email's parser defaults) and its parameters.</summary>
    public static (string Type, IReadOnlyDictionary<string, string> Parameters) Parse(string value)
    {
        var parts = value.Split(';');
        var type = parts[0].Trim().ToLowerInvariant();
        if (!MediaType().IsMatch(type))
            type = "text/plain";
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts.Skip(1))
        {
            var equals = part.IndexOf('=');
            if (equals > 0)
                parameters[part[..equals].Trim()] = part[(equals + 1)..].Trim().Trim('"');
        }

        return (type, parameters);
    }

    /// <summary>warehouse's 400 when the description does not render.</summary>
    public static string RenderFailure(string? declared) =>
        (declared is { Length: > 0 }
            ? $"The description failed to render for '{declared}'."
            : "The description failed to render in the default format of reStructuredText.")
        + $" See {HelpUrl} for more information.";

    [GeneratedRegex("^[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+$")]
    private static partial Regex MediaType();
}
