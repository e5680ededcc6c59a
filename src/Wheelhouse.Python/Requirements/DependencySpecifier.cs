using System.Diagnostics.CodeAnalysis;
using System.Text;
using Wheelhouse.Engine;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.Python.Requirements;

/// <summary>
/// A PEP 508 dependency specifier, as in <c>build-system.requires</c> and <c>Requires-Dist</c>:
/// <c>name [extras] (version specifiers | @ url) ; marker</c>, for example
/// <c>setuptools_scm[toml]&gt;=6.2</c>, <c>flit_core &gt;=3.2,&lt;4</c>, <c>name (&gt;=1.0)</c>,
/// <c>tomli&gt;=1.1.0; python_version &lt; "3.11"</c> or <c>pkg @ https://example.com/pkg.whl ; os_name == "nt"</c>.
/// </summary>
public sealed class DependencySpecifier
{
    private DependencySpecifier(string text, string name, IReadOnlyList<string> extras, VersionSpecifierSet specifiers, string? url, MarkerExpression? marker)
    {
        Text = text;
        Name = name;
        Extras = extras;
        Specifiers = specifiers;
        Url = url;
        Marker = marker;
    }

    /// <summary>The text as given.</summary>
    public string Text { get; }

    /// <summary>The name as written (<c>setuptools_scm</c>).</summary>
    public string Name { get; }

    /// <summary>The PEP 503 form by which installed distributions are found (<c>setuptools-scm</c>).</summary>
    public string NormalizedName => ProjectName.Normalise(Name);

    /// <summary>The extras as written, in order, without repeats.</summary>
    public IReadOnlyList<string> Extras { get; }

    /// <summary>The extras in their PEP 685 (PEP 503) form, the one <c>extra</c> markers compare.</summary>
    public IReadOnlySet<string> NormalizedExtras => Extras.Select(ProjectName.Normalise).ToHashSet(StringComparer.Ordinal);

    /// <summary>The version specifiers; empty when any version will do or for the URL form.</summary>
    public VersionSpecifierSet Specifiers { get; }

    /// <summary>The URL of the <c>name @ url</c> form; null otherwise.</summary>
    public string? Url { get; }

    /// <summary>The environment marker after ';'; null when there is none.</summary>
    public MarkerExpression? Marker { get; }

    /// <summary>Parses a dependency specifier; an invalid one is a <see cref="BuildException"/> that names the text and what is wrong.</summary>
    public static DependencySpecifier Parse(string text) =>
        TryParse(text, out var specifier, out var error)
            ? specifier
            : throw new BuildException($"'{text.Trim()}' is not a valid dependency specifier (PEP 508): {error}.");

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out DependencySpecifier? specifier) =>
        TryParse(text ?? "", out specifier, out _);

    /// <summary>Parses a dependency specifier; on failure <paramref name="error"/> says what is wrong, in words that fit after "is not valid: ".</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out DependencySpecifier? specifier, [NotNullWhen(false)] out string? error)
    {
        specifier = null;
        var reader = new Reader(text);
        reader.SkipWhitespace();

        var name = reader.TakeWhile(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
        if (name.Length == 0)
        {
            error = reader.AtEnd ? "expected a package name, found nothing" : $"expected a package name at the start, found {reader.Found()}";
            return false;
        }

        if (!DistributionNames.IsValidName(name))
        {
            error = $"the name '{name}' must start and end with a letter or digit";
            return false;
        }

        reader.SkipWhitespace();
        var extras = new List<string>();
        if (reader.TrySkip('['))
        {
            if (!TryParseExtras(reader, extras, out error))
                return false;
            reader.SkipWhitespace();
        }

        string? url = null;
        var specifiers = VersionSpecifierSet.Empty;
        MarkerExpression? marker = null;
        if (reader.TrySkip('@'))
        {
            reader.SkipWhitespace();
            url = reader.TakeWhile(c => !char.IsWhiteSpace(c));
            if (url.Length == 0)
            {
                error = "expected a URL after '@'";
                return false;
            }

            if (!Uri.TryCreate(url, UriKind.Absolute, out _))
            {
                error = $"'{url}' after '@' is not an absolute URL";
                return false;
            }

            // A ';' right after the URL belongs to it (URLs may hold ';'); a marker needs whitespace before its ';'.
            reader.SkipWhitespace();
        }
        else if (!reader.AtEnd && reader.Peek != ';')
        {
            if (!TryParseSpecifiers(reader, name, out specifiers, out error))
                return false;
            reader.SkipWhitespace();
        }

        if (reader.TrySkip(';'))
        {
            if (!MarkerParser.TryParse(text, reader.Position, out marker, out error))
            {
                error = $"the marker after ';' is not valid: {error}";
                return false;
            }
        }
        else if (!reader.AtEnd)
        {
            error = url is null
                ? $"expected {(specifiers.IsEmpty ? "a version specifier, '@ url'" : "',' and another version specifier")} or '; marker' after '{text[..reader.Position].Trim()}', found {reader.Found()}"
                : $"expected ' ; marker' or the end after the URL, found {reader.Found()}";
            return false;
        }

        specifier = new DependencySpecifier(text, name, extras, specifiers, url, marker);
        error = null;
        return true;
    }

    /// <summary>
    /// Whether the requirement applies: true without a marker, else whether the marker holds for no extra or for
    /// one of <paramref name="extras"/> (a marker is evaluated for one extra at a time, as pypa/build does).
    /// </summary>
    public bool AppliesTo(MarkerEnvironment environment, IEnumerable<string>? extras = null)
    {
        if (Marker is null)
            return true;
        return new[] { "" }.Concat(extras ?? []).Distinct(StringComparer.Ordinal)
            .Any(extra => Marker.Evaluate(environment with { Extra = extra }));
    }

    /// <summary>The canonical form: <c>name[extras]specifiers; marker</c> or <c>name[extras] @ url ; marker</c>.</summary>
    public override string ToString() => ToString(withMarker: true);

    /// <summary>The canonical form, optionally without the marker (as a chain of requirements shows them).</summary>
    public string ToString(bool withMarker)
    {
        var text = new StringBuilder(Name);
        if (Extras.Count > 0)
            text.Append('[').AppendJoin(',', Extras).Append(']');
        if (Url is not null)
            text.Append(" @ ").Append(Url);
        else
            text.Append(Specifiers);
        if (withMarker && Marker is not null)
            text.Append(Url is null ? "; " : " ; ").Append(Marker);
        return text.ToString();
    }

    private static bool TryParseExtras(Reader reader, List<string> extras, [NotNullWhen(false)] out string? error)
    {
        reader.SkipWhitespace();
        if (reader.TrySkip(']'))
        {
            error = null;
            return true;
        }

        while (true)
        {
            reader.SkipWhitespace();
            var extra = reader.TakeWhile(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
            if (extra.Length == 0)
            {
                error = $"expected an extra name inside '[...]', found {reader.Found()}";
                return false;
            }

            if (!DistributionNames.IsValidName(extra))
            {
                error = $"the extra '{extra}' must start and end with a letter or digit";
                return false;
            }

            if (!extras.Contains(extra, StringComparer.Ordinal))
                extras.Add(extra);
            reader.SkipWhitespace();
            if (reader.TrySkip(']'))
            {
                error = null;
                return true;
            }

            if (!reader.TrySkip(','))
            {
                error = $"expected ',' or ']' after the extra '{extra}', found {reader.Found()}";
                return false;
            }
        }
    }

    /// <summary><c>(specs)</c> or <c>specs</c>, where specs are clauses separated by commas; a clause's version ends at whitespace, ',', ';' or ')'.</summary>
    private static bool TryParseSpecifiers(Reader reader, string name, out VersionSpecifierSet specifiers, [NotNullWhen(false)] out string? error)
    {
        specifiers = VersionSpecifierSet.Empty;
        var open = reader.Position;
        var parenthesised = reader.TrySkip('(');
        var clauses = new List<VersionSpecifier>();
        while (true)
        {
            reader.SkipWhitespace();
            if (parenthesised && clauses.Count == 0 && reader.TrySkip(')'))
                break; // "name ()" is an empty list, as packaging reads it
            var start = reader.Position;
            var op = reader.TakeWhile(c => c is '<' or '>' or '=' or '!' or '~');
            if (op.Length == 0)
            {
                error = clauses.Count == 0
                    ? $"expected a version specifier (an operator {VersionOperators.Listing} and a version), '[extras]', '@ url' or '; marker' after '{name}', found {reader.Found()}"
                    : $"expected a version specifier after ',', found {reader.Found()}";
                return false;
            }

            if (!VersionOperators.BySymbol.Any(o => o.Symbol == op))
            {
                error = $"'{op}' is not a version operator (those are {VersionOperators.Listing})";
                return false;
            }

            reader.SkipWhitespace();
            var version = reader.TakeWhile(c => !char.IsWhiteSpace(c) && c is not (',' or ';' or ')' or '('));
            if (!VersionSpecifier.TryParse(op + version, out var clause, out error))
            {
                if (version.Length > 0)
                    error = $"'{reader.Slice(start).Trim()}': {error}";
                return false;
            }

            clauses.Add(clause);
            reader.SkipWhitespace();
            if (reader.TrySkip(','))
                continue;
            if (parenthesised && !reader.TrySkip(')'))
            {
                error = $"expected ',' or ')' to close the '(' at character {open + 1}, found {reader.Found()}";
                return false;
            }

            break;
        }

        specifiers = new VersionSpecifierSet(clauses);
        error = null;
        return true;
    }

    /// <summary>A position in the text being parsed.</summary>
    private sealed class Reader(string text)
    {
        public int Position { get; private set; }

        public bool AtEnd => Position >= text.Length;

        public char Peek => text[Position];

        public void SkipWhitespace()
        {
            while (!AtEnd && text[Position] is ' ' or '\t')
                Position++;
        }

        public bool TrySkip(char c)
        {
            if (AtEnd || text[Position] != c)
                return false;
            Position++;
            return true;
        }

        public string TakeWhile(Func<char, bool> accept)
        {
            var start = Position;
            while (!AtEnd && accept(text[Position]))
                Position++;
            return text[start..Position];
        }

        public string Slice(int start) => text[start..Position];

        public string Found()
        {
            if (AtEnd)
                return "the end";
            var rest = text[Position..];
            return rest.Length <= 24 ? $"'{rest}'" : $"'{rest[..24]}...'";
        }
    }
}
