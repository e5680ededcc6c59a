using System.Text.RegularExpressions;

namespace Wheelhouse.Python;

/// <summary>
/// A project's name as PEP 503 compares it: lower case, every run of '-', '_' and '.' one '-'. Two names are the same
/// project when their normalised forms are equal ("Eval_Check" and "eval-check"); the name as given is kept for messages.
/// The one normaliser of the code base: indexes, file names, requirements and markers all use it.
/// </summary>
public readonly partial struct ProjectName : IEquatable<ProjectName>
{
    public ProjectName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Given = name;
        Normalised = Normalise(name);
    }

    /// <summary>The name as it was written.</summary>
    public string Given { get; }

    /// <summary>The PEP 503 form: what indexes put in URLs (/simple/NAME/) and what names are compared by.</summary>
    public string Normalised { get; }

    /// <summary>The name as distribution file names spell it (binary distribution format, PEP 625): normalised, with '_' for '-'.</summary>
    public string FileNameForm => Normalised.Replace('-', '_');

    public static string Normalise(string name) => Separators().Replace(name.Trim(), "-").ToLowerInvariant();

    public static string FileNameFormOf(string name) => new ProjectName(name).FileNameForm;

    public static bool Same(string a, string b) => Normalise(a) == Normalise(b);

    public bool Equals(ProjectName other) => string.Equals(Normalised, other.Normalised, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is ProjectName other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Normalised ?? "");

    public static bool operator ==(ProjectName left, ProjectName right) => left.Equals(right);

    public static bool operator !=(ProjectName left, ProjectName right) => !left.Equals(right);

    public override string ToString() => Normalised ?? "";

    [GeneratedRegex("[-_.]+")]
    private static partial Regex Separators();
}
