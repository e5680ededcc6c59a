namespace Wheelhouse.Engine;

/// <summary>
/// The base of a build class (NUKE's NukeBuild): <c>class Build : BuildBase, IPythonPackage</c> with
/// <c>public static int Main() => Execute&lt;Build&gt;(x => x.Compile);</c>
/// </summary>
public abstract class BuildBase : IBuild
{
    private BuildContext? context;

    public BuildContext Context => context ?? throw new InvalidOperationException("The build context exists once the engine runs the build.");

    public AbsolutePath RootDirectory => Context.RootDirectory;
    public AbsolutePath TemporaryDirectory => Context.TemporaryDirectory;
    public bool IsLocalBuild => !Context.Host.IsServerBuild;
    public bool IsServerBuild => Context.Host.IsServerBuild;

    /// <summary>This build seen as one of its components: <c>x => x.From&lt;IPythonPackage&gt;().Build</c>.</summary>
    public T From<T>() where T : IBuild => (T)(IBuild)this;

    internal void Attach(BuildContext buildContext) => context = buildContext;

    /// <summary>Runs the build with the process's command line and environment; returns the exit code.</summary>
    protected static int Execute<T>(params Func<T, Target>[] defaultTargets) where T : BuildBase, new() =>
        BuildRunner.Run(new T(), Environment.GetCommandLineArgs().Skip(1).ToArray(), defaultTargets.Select(select => (Func<object, Target>)(build => select((T)build))).ToArray());
}
