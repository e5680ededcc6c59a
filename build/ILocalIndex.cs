/// <summary>The embedded PyPI-compatible local package index, run on its own.</summary>
interface ILocalIndex : IPythonPackage
{
}
