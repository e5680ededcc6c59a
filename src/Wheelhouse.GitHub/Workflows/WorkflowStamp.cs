using System.Globalization;
using System.Text;
using Wheelhouse.Engine;

namespace Wheelhouse.GitHub.Workflows;

/// <summary>
/// Lets a local run skip the stale check when nothing it depends on changed since the last check found every
/// workflow fresh: the compiled build (its attributes), the generator and YamlDotNet, and the files under
/// .github/workflows, each by path, size and last write time. Generating and comparing costs tens of milliseconds
/// of a warm start; reading one small file does not.
/// </summary>
public static class WorkflowStamp
{
    public static AbsolutePath PathIn(AbsolutePath temporaryDirectory) => temporaryDirectory / "workflows.stamp";

    /// <summary>What the stale check's answer depends on, one line per file.</summary>
    public static string Inputs(Type buildType, AbsolutePath root)
    {
        var text = new StringBuilder();
        void Add(string path)
        {
            var file = new FileInfo(path);
            text.Append(path).Append(' ');
            text.Append(file.Exists ? $"{file.Length} {file.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)}" : "missing").Append('\n');
        }

        foreach (var assembly in new[] { buildType.Assembly, typeof(WorkflowStamp).Assembly, typeof(YamlDotNet.Core.Emitter).Assembly })
            Add(assembly.Location);
        var folder = root / Workflow.Directory;
        if (folder.DirectoryExists())
            foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
                Add(file);
        return text.ToString();
    }

    public static bool IsCurrent(AbsolutePath stamp, string inputs)
    {
        try
        {
            return stamp.FileExists() && File.ReadAllText(stamp) == inputs;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Records a check that found every workflow fresh; a failure to write only costs the next run a check.</summary>
    public static void Record(AbsolutePath stamp, string inputs)
    {
        try
        {
            AtomicFile.WriteAllText(stamp, inputs);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
