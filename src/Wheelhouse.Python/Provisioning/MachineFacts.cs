namespace Wheelhouse.Python.Provisioning;

/// <summary>What decides how missing tools can be installed on this machine.</summary>
/// <param name="IsRoot">The build runs as root (CI, containers, fresh VMs): it may install system packages. It never calls sudo.</param>
/// <param name="HasApt">Debian or Ubuntu with apt-get.</param>
/// <param name="IndexUrl">The package index pip would use.</param>
/// <param name="IndexAnswers">Whether that index answers, so pip can install into the build's private venv.</param>
/// <param name="VenvBase">An interpreter that can make a venv with pip in it (3.10+, venv and ensurepip), or null.</param>
public sealed record MachineFacts(bool IsRoot, bool HasApt, string IndexUrl, bool IndexAnswers, PythonInterpreter? VenvBase)
{
    public bool CanInstallDebianPackages => IsRoot && HasApt;

    public bool CanInstallIntoVenv => IndexAnswers && VenvBase != null;
}
