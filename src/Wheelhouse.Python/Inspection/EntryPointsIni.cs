using System.Text;
using System.Text.RegularExpressions;
using Wheelhouse.Python.Inspection.Vocabulary;

namespace Wheelhouse.Python.Inspection;

/// <summary>
/// entry_points.txt as PyPI checks it on upload (warehouse's <c>utils/wheel.py</c>, 2026): UTF-8, parsed by Python's
/// <c>configparser</c> with '=' as the only delimiter and case-sensitive names (strict: a section or an option twice
/// is an error, an option before any section is an error, a line that is neither is an error), and every name in
/// <c>[console_scripts]</c> and <c>[gui_scripts]</c> made of word characters, '.' and '-' (a bare file name, no path).
/// The messages are configparser's and warehouse's.
/// </summary>
public static partial class EntryPointsIni
{
    private const string Source = "<string>";

    /// <summary>warehouse's complaint about <paramref name="content"/>, or null when PyPI accepts it.</summary>
    public static string? Validate(byte[] content)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(content);
        }
        catch (DecoderFallbackException)
        {
            return "entry_points.txt is not decodable as UTF-8";
        }

        // Like Python's bytes.decode(), GetString keeps a byte order mark, which configparser then reads as text.
        return Validate(text);
    }

    public static string? Validate(string text)
    {
        var (sections, error) = Parse(text);
        if (error != null)
            return $"entry_points.txt is not a valid INI file: {error}";
        foreach (var group in (ReadOnlySpan<string>)["console_scripts", "gui_scripts"])
        {
            if (!sections!.TryGetValue(group, out var names))
                continue;
            foreach (var name in names.Concat(sections.GetValueOrDefault("DEFAULT") ?? []))
            {
                if (!ScriptName().IsMatch(name))
                    return $"Invalid entry point name {Py.Repr(name)} in {Py.Repr(group)}";
            }
        }

        return null;
    }

    /// <summary>configparser's <c>read_string</c>: the option names of each section, or the error it raises (its message).</summary>
    internal static (Dictionary<string, List<string>>? Sections, string? Error) Parse(string text)
    {
        var sections = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var added = new HashSet<string>(StringComparer.Ordinal);
        List<string>? current = null;
        string? currentName = null;
        string? option = null;
        var indentLevel = 0;
        var parsingErrors = new List<string>();
        var lines = text.Split('\n');
        // str.splitlines-like iteration as configparser reads a StringIO: lines keep their ends.
        for (var index = 0; index < lines.Length; index++)
        {
            if (index == lines.Length - 1 && lines[index].Length == 0)
                break;
            var line = index < lines.Length - 1 ? lines[index] + "\n" : lines[index];
            var lineNumber = index + 1;
            var value = line.Trim();
            if (value.Length > 0 && value[0] is '#' or ';')
                continue; // a comment line
            if (value.Length == 0)
                continue; // empty_lines_in_values: an empty line belongs to the value, if any, and ends nothing

            var firstNonSpace = line.Length - line.TrimStart().Length;
            if (current != null && option != null && firstNonSpace > indentLevel)
                continue; // a continuation line of the value

            indentLevel = firstNonSpace;
            var header = SectionHeader().Match(value);
            if (header.Success)
            {
                var name = header.Groups["header"].Value;
                if (name != "DEFAULT" && sections.ContainsKey(name))
                    return (null, $"While reading from {Py.Repr(Source)} [line {lineNumber,2}]: section {Py.Repr(name)} already exists");

                if (!sections.TryGetValue(name, out current))
                    sections[name] = current = [];
                added.Add(name);
                currentName = name;
                option = null;
                continue;
            }

            if (current == null)
                return (null, $"File contains no section headers.\nfile: {Py.Repr(Source)}, line: {lineNumber}\n{Py.Repr(line)}");

            var match = OptionLine().Match(value);
            if (!match.Success || match.Groups["option"].Value.Length == 0)
            {
                parsingErrors.Add($"\n\t[line {lineNumber,2}]: {Py.Repr(line)}");
                continue;
            }

            option = match.Groups["option"].Value.TrimEnd();
            if (!added.Add(currentName + "\0" + option))
                return (null, $"While reading from {Py.Repr(Source)} [line {lineNumber,2}]: option {Py.Repr(option)} in section {Py.Repr(currentName!)} already exists");
            current.Add(option);
        }

        if (parsingErrors.Count > 0)
            return (null, $"Source contains parsing errors: {Py.Repr(Source)}" + string.Concat(parsingErrors));
        return (sections, null);
    }

    [GeneratedRegex(@"^\[(?<header>.+)\]")]
    private static partial Regex SectionHeader();

    [GeneratedRegex(@"^(?<option>.*?)\s*=\s*(?<value>.*)$", RegexOptions.Singleline)]
    private static partial Regex OptionLine();

    // Python's \w is Unicode-aware: letters, digits, marks and connector punctuation of any script.
    [GeneratedRegex(@"^[\w.-]+$")]
    private static partial Regex ScriptName();
}
