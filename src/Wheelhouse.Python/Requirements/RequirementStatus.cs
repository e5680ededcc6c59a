namespace Wheelhouse.Python.Requirements;

/// <summary>What a requirement check found for one requirement.</summary>
public enum RequirementStatus
{
    /// <summary>Installed, in a version the specifiers accept.</summary>
    Satisfied,

    /// <summary>Its marker is false here (for no extra and for none of the parent's extras): nothing is needed.</summary>
    NotApplicable,

    /// <summary>No distribution of that name is installed.</summary>
    Missing,

    /// <summary>Installed, in a version the specifiers refuse.</summary>
    WrongVersion,

    /// <summary>Not installed, but the caller named it a known gap that cannot change the result, with a reason.</summary>
    Tolerated,
}
