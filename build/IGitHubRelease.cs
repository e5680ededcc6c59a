/// <summary>The GitHub release for a tag: notes from the changelog, the dist files and their SHA256SUMS.</summary>
interface IGitHubRelease : IPythonPackage
{
}
