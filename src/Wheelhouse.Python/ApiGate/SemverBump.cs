using Wheelhouse.Python.Versioning;

namespace Wheelhouse.Python.ApiGate;

/// <summary>How far a release moves from the last one, in semantic-versioning terms.</summary>
public enum SemverBump
{
    Patch,
    Minor,
    Major,
}

/// <summary>The semantic-versioning arithmetic of the gate over PEP 440 release segments (major.minor.micro). Pure.</summary>
public static class SemverBumps
{
    /// <summary>How far <paramref name="next"/> moves from <paramref name="last"/>: 1.4.2 to 2.0.0rc1 is MAJOR, to 1.5.0 MINOR, to 1.4.3 PATCH.</summary>
    public static SemverBump Between(Pep440Version last, Pep440Version next)
    {
        if (Part(next, 0) > Part(last, 0))
            return SemverBump.Major;
        if (Part(next, 0) == Part(last, 0) && Part(next, 1) > Part(last, 1))
            return SemverBump.Minor;
        return SemverBump.Patch;
    }

    /// <summary>The smallest final version after <paramref name="last"/> that makes the <paramref name="bump"/>: 1.4.2 MAJOR is 2.0.0.</summary>
    public static Pep440Version Smallest(Pep440Version last, SemverBump bump) => bump switch
    {
        SemverBump.Major => Pep440Version.Parse($"{Part(last, 0) + 1}.0.0"),
        SemverBump.Minor => Pep440Version.Parse($"{Part(last, 0)}.{Part(last, 1) + 1}.0"),
        _ => Pep440Version.Parse($"{Part(last, 0)}.{Part(last, 1)}.{Part(last, 2) + 1}"),
    };

    public static string Name(SemverBump bump) => bump.ToString().ToUpperInvariant();

    private static long Part(Pep440Version version, int index) => index < version.Release.Count ? version.Release[index] : 0;
}
