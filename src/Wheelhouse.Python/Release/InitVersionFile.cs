using System.Text.RegularExpressions;
using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.Release;

/// <summary>
/// The <c>__version__ = "…"</c> line of a package's <c>__init__.py</c>: found at module level (column 0,
/// with or without a <c>: str</c> annotation) and replaced inside its quotes, which stay as they were.
/// A package without such a line (no <c>__version__</c>, or one computed with importlib.metadata) is fine.
/// </summary>
public static class InitVersionFile
{
    private static readonly Regex Assignment = new(
        """^(?<lead>__version__[ \t]*(?::[ \t]*str[ \t]*)?=[ \t]*)(?<quote>["'])(?<value>[^"'\r\n\\]*)\k<quote>""",
        RegexOptions.Multiline | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture);

    /// <summary>The package's __init__.py for a project name: src/&lt;name&gt;/ first, then &lt;name&gt;/ (the name normalised to an import name: lower case, '_' for '-' and '.'); null when neither exists.</summary>
    public static string? Locate(string root, string? projectName)
    {
        if (string.IsNullOrWhiteSpace(projectName))
            return null;
        var module = ProjectName.FileNameFormOf(projectName);
        return new[] { Path.Combine(root, "src", module, "__init__.py"), Path.Combine(root, module, "__init__.py") }.FirstOrDefault(File.Exists);
    }

    /// <summary>The version the file states, or null when it has no literal __version__.</summary>
    public static string? Read(string text) => Assignment.Match(text) is { Success: true } m ? m.Groups["value"].Value : null;

    /// <summary>The text with every module-level literal <c>__version__</c> set to <paramref name="version"/>; null when there is none.</summary>
    public static string? WithVersion(string text, Pep440Version version)
    {
        var replaced = false;
        var result = Assignment.Replace(text, m =>
        {
            replaced = true;
            var quote = m.Groups["quote"].Value;
            return m.Groups["lead"].Value + quote + version + quote;
        });
        return replaced ? result : null;
    }
}
