namespace Wheelhouse.Engine.Parameters;

/// <summary>PythonInterpreter → python-interpreter, as command-line options are spelled.</summary>
public static class KebabCase
{
    public static string From(string name)
    {
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var boundary = i > 0 && char.IsUpper(c)
                && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])
                    || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
            if (boundary)
                text.Append('-');
            text.Append(c == '_' ? '-' : char.ToLowerInvariant(c));
        }

        return text.ToString();
    }

    /// <summary>The form environment variables are compared in: lower case without '_' or '-'.</summary>
    public static string Loose(string name) => name.Replace("_", "").Replace("-", "").ToLowerInvariant();
}
