/// <summary>Version bumps: pyproject.toml, __version__, CHANGELOG.md, a commit and a tag.</summary>
interface IVersioning : IPythonPackage
{
}
