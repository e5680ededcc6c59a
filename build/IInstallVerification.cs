/// <summary>Proof that the released package installs and works as a user would see it.</summary>
interface IInstallVerification : IPythonPackage
{
}
