namespace Wheelhouse.Python.Provisioning;

/// <summary>Reads <c>dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n'</c>: "ii " first means installed; packages dpkg does not know are not listed.</summary>
public static class DpkgStatus
{
    public static IReadOnlyList<string> NotInstalled(IReadOnlyList<string> asked, string output)
    {
        var installed = output.Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Where(l => l.StartsWith("ii", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last().Split(':')[0])
            .ToHashSet(StringComparer.Ordinal);
        return asked.Where(p => !installed.Contains(p)).ToList();
    }
}
