/// <summary>Inspection of every distribution in dist/ before anything is uploaded.</summary>
interface IWheelInspection : IPythonPackage
{
}
