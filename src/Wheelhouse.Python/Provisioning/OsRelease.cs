namespace Wheelhouse.Python.Provisioning;

/// <summary>/etc/os-release (freedesktop's format): whether the system is Debian or a derivative of it.</summary>
public static class OsRelease
{
    public static bool IsDebianLike(IEnumerable<string> lines)
    {
        var values = lines.Select(l => l.Split('=', 2)).Where(p => p.Length == 2)
            .GroupBy(p => p[0].Trim(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1].Trim().Trim('"', '\''), StringComparer.Ordinal);
        var ids = $"{values.GetValueOrDefault("ID")} {values.GetValueOrDefault("ID_LIKE")}".Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return ids.Any(id => id is "debian" or "ubuntu");
    }
}
