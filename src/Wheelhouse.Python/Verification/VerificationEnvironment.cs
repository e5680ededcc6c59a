namespace Wheelhouse.Python.Verification;

/// <summary>
/// Environment variables for the processes run inside the verification venv. The point is that the result depends on
/// the package, not on the shell it was started from: variables that would let pip take files from elsewhere, install
/// somewhere else, or let Python and pytest import or load things the user's fresh install would not, are removed.
/// Proxy, certificate and timeout settings (HTTPS_PROXY, PIP_CERT, PIP_DEFAULT_TIMEOUT, pip.conf) are kept: they are how
/// this machine reaches an index at all.
/// </summary>
public static class VerificationEnvironment
{
    /// <summary>pip settings that change where packages come from or go to.</summary>
    public static readonly string[] ClearedForPip =
    [
        "PIP_FIND_LINKS", "PIP_NO_INDEX", "PIP_USER", "PIP_TARGET", "PIP_PREFIX", "PIP_ROOT", "PIP_REQUIRE_VIRTUALENV",
        "PIP_REQUIRE_HASHES", "PIP_CONSTRAINT", "PIP_REQUIREMENT", "PIP_NO_DEPS", "PIP_UPGRADE", "PIP_UPGRADE_STRATEGY",
        "PIP_FORCE_REINSTALL", "PIP_IGNORE_INSTALLED", "PIP_PRE", "PIP_NO_BUILD_ISOLATION", "PIP_ONLY_BINARY", "PIP_NO_BINARY",
    ];

    /// <summary>Python and pytest settings that add to what is imported or loaded, or drop plugin autoloading.</summary>
    public static readonly string[] ClearedForPython =
    [
        "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONUSERBASE", "VIRTUAL_ENV", "CONDA_PREFIX",
        "PYTEST_ADDOPTS", "PYTEST_PLUGINS", "PYTEST_DISABLE_PLUGIN_AUTOLOAD", "PYTEST_CURRENT_TEST",
    ];

    /// <summary>For every process in the venv: no user site-packages (~/.local), no current folder on sys.path (3.11+), no .pyc files in the scratch project.</summary>
    public static IReadOnlyDictionary<string, string?> ForPython()
    {
        var environment = ClearedForPython.ToDictionary(name => name, _ => (string?)null);
        environment["PYTHONNOUSERSITE"] = "1";
        environment["PYTHONSAFEPATH"] = "1";
        environment["PYTHONDONTWRITEBYTECODE"] = "1";
        environment["PY_COLORS"] = "0";
        return environment;
    }

    /// <summary>For pip runs. Installing from an index, the index comes from the command line only (PIP_INDEX_URL and PIP_EXTRA_INDEX_URL are removed).</summary>
    public static IReadOnlyDictionary<string, string?> ForPip(PackageSource source)
    {
        var environment = new Dictionary<string, string?>(ForPython());
        foreach (var name in ClearedForPip)
            environment[name] = null;
        if (source is PackageIndexSource)
        {
            environment["PIP_INDEX_URL"] = null;
            environment["PIP_EXTRA_INDEX_URL"] = null;
        }

        return environment;
    }
}
