using System.Runtime.CompilerServices;

namespace Wheelhouse.Engine;

/// <summary>
/// What every build offers to itself and to its components (NUKE's INukeBuild). Component interfaces
/// derive from it and declare targets and parameters as default members.
/// </summary>
public interface IBuild
{
    BuildContext Context { get; }

    AbsolutePath RootDirectory => Context.RootDirectory;
    AbsolutePath TemporaryDirectory => Context.TemporaryDirectory;
    bool IsLocalBuild => !Context.Host.IsServerBuild;
    bool IsServerBuild => Context.Host.IsServerBuild;
    Verbosity Verbosity => Context.Verbosity;

    /// <summary>
    /// A parameter's value for a component's get-only property:
    /// <c>[Parameter] string? Python => TryGetValue(() => Python);</c>. The lambda is never called; its text names the parameter.
    /// </summary>
    T? TryGetValue<T>(Func<T> member, [CallerArgumentExpression(nameof(member))] string? text = null) =>
        Context.Parameters.Get(LambdaText.MemberName(text ?? "")) is T value ? value : default;
}
