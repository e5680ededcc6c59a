using Wheelhouse.Engine;

namespace Wheelhouse.PyPI.TrustedPublishing;

/// <summary>
/// Registers a secret the build learns while it runs (a GitHub OIDC token, a minted upload token) before anything
/// could print it: the host announces it (<c>::add-mask::</c> on GitHub Actions, so the runner hides it even in a
/// child process's output) and the build's masker replaces it with *** in every log line from then on.
/// </summary>
public static class SecretProtection
{
    public static Action<string> For(BuildContext context) => secret =>
    {
        if (string.IsNullOrEmpty(secret))
            return;
        context.Host.Mask(secret);
        context.Masker.Add(secret);
    };

    /// <summary>For code that runs without a build (tests): remembers nothing, announces nothing.</summary>
    public static Action<string> None { get; } = _ => { };
}
