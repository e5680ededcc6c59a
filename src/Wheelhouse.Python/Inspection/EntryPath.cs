namespace Wheelhouse.Python.Inspection;

/// <summary>Rules for paths inside archives and in RECORD: relative, '/'-separated, never leaving the root.</summary>
public static class EntryPath
{
    /// <summary>Why <paramref name="path"/> is unsafe, or null when it is fine. A trailing '/' (a folder) is allowed.</summary>
    public static string? Problem(string path)
    {
        if (path.Length == 0)
            return "an empty name";
        foreach (var c in path)
        {
            if (char.IsControl(c))
                return "a control character";
        }

        if (path.Contains('\\'))
            return "a backslash (Windows separators are not portable and can hide '..')";
        if (path[0] == '/')
            return "an absolute path";
        if (path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':')
            return "a drive letter";
        var rest = path.AsSpan(0, path.EndsWith('/') ? path.Length - 1 : path.Length);
        while (true)
        {
            var slash = rest.IndexOf('/');
            var segment = slash < 0 ? rest : rest[..slash];
            if (segment is "..")
                return "a '..' segment that leaves the archive";
            if (segment is "" or ".")
                return "an empty or '.' segment";
            if (slash < 0)
                return null;
            rest = rest[(slash + 1)..];
        }
    }

    /// <summary>The first segment of a path.</summary>
    public static string TopLevel(string path)
    {
        var slash = path.IndexOf('/');
        return slash < 0 ? path : path[..slash];
    }
}
