namespace Wheelhouse.Python.Provisioning;

/// <summary>
/// Which Debian/Ubuntu package brings a Python distribution. Debian's policy names them python3-&lt;name&gt; with the
/// name lower-cased and '_' or '.' written '-'; the exceptions are tools packaged under their command's name.
/// Whether the package exists in this machine's archive is asked of apt, not assumed.
/// </summary>
public static class DebianPackageNames
{
    private static readonly Dictionary<string, string> Exceptions = new(StringComparer.Ordinal)
    {
        // Debian ships flit_core inside the flit package (bookworm and trixie have no python3-flit-core).
        ["flit-core"] = "flit",
        ["twine"] = "twine",
    };

    public static string ForDistribution(string distribution)
    {
        var normalized = ProjectName.Normalise(distribution);
        return Exceptions.TryGetValue(normalized, out var package) ? package : "python3-" + normalized;
    }
}
