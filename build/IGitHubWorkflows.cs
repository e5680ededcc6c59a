/// <summary>GitHub Actions workflows generated from the build's attributes, and the trusted publisher settings.</summary>
interface IGitHubWorkflows : IPublishing
{
}
