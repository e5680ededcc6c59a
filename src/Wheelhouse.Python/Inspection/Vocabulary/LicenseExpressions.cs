using System.Text.RegularExpressions;

namespace Wheelhouse.Python.Inspection.Vocabulary;

/// <summary>
/// PEP 639's License-Expression as PyPI validates it (packaging's <c>canonicalize_license_expression</c>, which
/// warehouse's metadata parsing calls): identifiers from the SPDX license list (deprecated ones included, any case),
/// <c>LicenseRef-</c> references of letters, digits, '.' and '-', a trailing '+', exceptions after <c>WITH</c>,
/// <c>AND</c>/<c>OR</c> and parentheses in a well-formed expression. The SPDX list is a generated copy of Debian's
/// python3-license-expression data (<see cref="SpdxListVersion"/>).
/// </summary>
public static partial class LicenseExpressions
{
    private static readonly Dictionary<string, string> Licenses = SpdxLicenseData.Licenses.ToDictionary(l => l.ToLowerInvariant(), l => l, StringComparer.Ordinal);
    private static readonly Dictionary<string, string> Exceptions = SpdxLicenseData.Exceptions.ToDictionary(l => l.ToLowerInvariant(), l => l, StringComparer.Ordinal);
    private static readonly HashSet<string> Operators = ["or", "and", "with", "(", ")"];

    public static string SpdxListVersion => SpdxLicenseData.SpdxListVersion;

    /// <summary>The canonical form ("MIT OR Apache-2.0"), or packaging's message for why it is not valid.</summary>
    public static (string? Canonical, string? Error) Canonicalize(string raw)
    {
        var invalid = $"Invalid license expression: {Py.Repr(raw)}";
        if (string.IsNullOrEmpty(raw))
            return (null, invalid);
        var padded = raw.Replace("(", " ( ").Replace(")", " ) ");
        var references = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in padded.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (token.StartsWith("licenseref-", StringComparison.OrdinalIgnoreCase))
                references[token.ToLowerInvariant()] = "LicenseRef-" + token["LicenseRef-".Length..];
        }

        var tokens = padded.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (!IsWellFormed(tokens))
            return (null, invalid);

        var normalized = new List<string>();
        foreach (var token in tokens)
        {
            if (Operators.Contains(token))
            {
                normalized.Add(token.ToUpperInvariant());
                continue;
            }

            if (normalized.Count > 0 && normalized[^1] == "WITH")
            {
                if (!Exceptions.TryGetValue(token, out var exception))
                    return (null, $"Unknown license exception: {Py.Repr(token)}");
                normalized.Add(exception);
                continue;
            }

            var (id, suffix) = token.EndsWith('+') ? (token[..^1], "+") : (token, "");
            if (id.StartsWith("licenseref-", StringComparison.Ordinal))
            {
                if (!LicenseRef().IsMatch(id))
                    return (null, $"Invalid licenseref: {Py.Repr(id)}");
                normalized.Add(references[id] + suffix);
            }
            else if (Licenses.TryGetValue(id, out var license))
            {
                normalized.Add(license + suffix);
            }
            else
            {
                return (null, $"Unknown license: {Py.Repr(id)}");
            }
        }

        var canonical = string.Join(' ', normalized).Replace("( ", "(").Replace(" )", ")");
        return (canonical, null);
    }

    /// <summary>
    /// packaging checks the grammar by evaluating the tokens as a Python boolean expression (every identifier False,
    /// WITH as or): operands and binary operators alternate, parentheses balance, and "(" follows nothing or an operator (WITH counts: it is "or" there).
    /// </summary>
    private static bool IsWellFormed(string[] tokens)
    {
        var depth = 0;
        var expectOperand = true;
        string? previous = null;
        foreach (var token in tokens)
        {
            if (token == "(")
            {
                if (previous is not (null or "or" or "and" or "with"))
                    return false;
                depth++;
            }
            else if (token == ")")
            {
                if (expectOperand || --depth < 0)
                    return false;
            }
            else if (token is "or" or "and" or "with")
            {
                if (expectOperand)
                    return false;
                expectOperand = true;
            }
            else
            {
                if (!expectOperand)
                    return false;
                expectOperand = false;
            }

            previous = token;
        }

        return depth == 0 && !expectOperand;
    }

    [GeneratedRegex("^[A-Za-z0-9.-]*$")]
    private static partial Regex LicenseRef();
}
