using Wheelhouse.Engine.Hosts;
using Wheelhouse.Engine.Logging;
using Wheelhouse.Engine.Parameters;
using Wheelhouse.Engine.Planning;

namespace Wheelhouse.Engine.Tests.Definition;

/// <summary>Helpers shared by the engine tests: contexts for builds, plans from builds, temp folders.</summary>
internal static class TestBuilds
{
    public static IReadOnlyDictionary<string, string> NoEnvironment { get; } = new Dictionary<string, string>();

    public static BuildContext Context(ParameterValues? values = null, BuildHost? host = null, AbsolutePath? root = null, SecretMasker? masker = null) =>
        new(root ?? AbsolutePath.Create(Path.GetTempPath()),
            host ?? new TerminalHost(NoEnvironment),
            values ?? new ParameterValues([]),
            masker ?? new SecretMasker(),
            Verbosity.Normal);

    /// <summary>What BuildRunner does before planning: hand the build its context.</summary>
    public static T Attached<T>(this T build, ParameterValues? values = null, BuildHost? host = null) where T : BuildBase
    {
        build.Attach(Context(values, host));
        return build;
    }

    public static ExecutionPlan Plan(BuildBase build, params string[] invoked) =>
        ExecutionPlanner.Plan(TargetGraph.FromBuild(build), invoked, SkipRequest.None);

    public static ExecutionPlan Plan(BuildBase build, SkipRequest skip, params string[] invoked) =>
        ExecutionPlanner.Plan(TargetGraph.FromBuild(build), invoked, skip);

    public static IReadOnlyList<string> Running(this ExecutionPlan plan) => plan.Running.Select(t => t.Name).ToList();

    public static IReadOnlyList<string> Order(this ExecutionPlan plan) => plan.Steps.Select(s => s.Target.Name).ToList();

    public static string? SkipReason(this ExecutionPlan plan, string name) =>
        plan.Steps.Single(s => s.Target.Name == name).SkipReason;
}

/// <summary>A temporary folder, deleted when disposed.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = AbsolutePath.Create(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wheelhouse-tests-" + Guid.NewGuid().ToString("N")));
        Directory.CreateDirectory(Path);
    }

    public AbsolutePath Path { get; }

    public AbsolutePath Write(string relative, string content)
    {
        var file = Path / relative;
        Directory.CreateDirectory(file.Parent!);
        File.WriteAllText(file, content);
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
