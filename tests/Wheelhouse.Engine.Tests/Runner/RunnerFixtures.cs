#pragma warning disable CS0649 // parameter fields are set by the engine through reflection

namespace Wheelhouse.Engine.Tests.Runner;

internal sealed class PlainBuild : BuildBase
{
    public List<string> Ran { get; } = [];

    [Parameter("How many times")] public int Count;
    [Parameter("A token"), Secret] public string? Token;
    [Parameter("Where to publish")] public string? Index;

    public Target Compile => _ => _.Description("Compile it").Executes(() => Ran.Add("Compile"));
    public Target Pack => _ => _.DependsOn(Compile).Executes(() => Ran.Add("Pack"));
    public Target Publish => _ => _.DependsOn(Pack).Requires(() => Index).Executes(() => Ran.Add($"Publish {Index}"));
    public Target Explode => _ => _.Executes(() => throw new InvalidOperationException("boom at the core"));
    public Target Refuse => _ => _.Executes(() => throw new BuildException("The wheel is broken: rebuild it."));
    public Target LogSecret => _ => _.Executes(() => Serilog.Log.Information("token is {Token} and raw " + Token, Token));
}

internal sealed class FalseRequirementBuild : BuildBase
{
    public List<string> Ran { get; } = [];

    public Target Prepare => _ => _.Executes(() => Ran.Add("Prepare"));
    // A member that is false everywhere (IsServerBuild is true on CI machines).
    bool Approved => Ran.Count > 1000;
    public Target Deploy => _ => _.DependsOn(Prepare).Requires(() => false).Requires(() => Approved).Executes(() => Ran.Add("Deploy"));
}

internal sealed class CyclicBuild : BuildBase
{
    public Target A => _ => _.DependsOn(B).Executes(() => { });
    public Target B => _ => _.After(A).Executes(() => { });
}

internal sealed class RequiredBuild : BuildBase
{
    [Parameter("Must be set"), Required] public string? Needed;

    public Target Go => _ => _.Executes(() => { });
}
