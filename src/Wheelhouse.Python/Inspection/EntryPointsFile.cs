namespace Wheelhouse.Python.Inspection;

/// <summary>One entry point: <c>name = module.path[:attribute] [extras]</c>.</summary>
public sealed record EntryPoint(string Group, string Name, string Value)
{
    /// <summary>The module part of the value (before ':' and any extras).</summary>
    public string Module => Value.Split(':')[0].Split('[')[0].Trim();
}

/// <summary>A wheel's entry_points.txt (INI: [group] sections of name = value lines).</summary>
public sealed record EntryPointsFile(IReadOnlyList<EntryPoint> Entries, IReadOnlyList<string> Groups, IReadOnlyList<string> Problems)
{
    public IReadOnlyList<EntryPoint> Group(string group) => Entries.Where(e => e.Group == group).ToList();

    public static EntryPointsFile Parse(string text)
    {
        var entries = new List<EntryPoint>();
        var groups = new List<string>();
        var problems = new List<string>();
        string? group = null;
        var number = 0;
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
                continue;
            if (line[0] == '[')
            {
                if (!line.EndsWith(']'))
                {
                    problems.Add($"line {number}: '{line}' is not a [group] header");
                    continue;
                }

                group = line[1..^1].Trim();
                groups.Add(group);
                continue;
            }

            var equals = line.IndexOf('=');
            if (group == null || equals <= 0)
            {
                problems.Add(group == null ? $"line {number}: an entry before any [group]" : $"line {number}: '{line}' is not name = value");
                continue;
            }

            entries.Add(new EntryPoint(group, line[..equals].Trim(), NormaliseValue(line[(equals + 1)..])));
        }

        return new EntryPointsFile(entries, groups, problems);
    }

    /// <summary>"pkg.mod : attr" and "pkg.mod:attr" are the same entry point.</summary>
    public static string NormaliseValue(string value) =>
        string.Join(':', value.Trim().Split(':').Select(p => p.Trim()));
}
