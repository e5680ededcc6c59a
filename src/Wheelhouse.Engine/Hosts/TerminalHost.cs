namespace Wheelhouse.Engine.Hosts;

/// <summary>A developer's terminal, or any CI this engine does not know.</summary>
public sealed class TerminalHost(IReadOnlyDictionary<string, string> environment) : BuildHost
{
    public override string Name => "terminal";

    /// <summary>Most CI systems set CI=true; a build there is not a local one.</summary>
    public override bool IsServerBuild => environment.GetValueOrDefault("CI")?.ToLowerInvariant() is "true" or "1";
}
