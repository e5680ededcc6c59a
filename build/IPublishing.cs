/// <summary>Publishing to PyPI and TestPyPI, the embedded local index, and the offline release rehearsal.</summary>
interface IPublishing : IWheelInspection, IInstallVerification
{
}
