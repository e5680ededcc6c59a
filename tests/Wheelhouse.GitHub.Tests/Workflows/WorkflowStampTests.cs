using Wheelhouse.Engine;
using Wheelhouse.GitHub.Workflows;

namespace Wheelhouse.GitHub.Tests.Workflows;

public sealed class WorkflowStampTests : IDisposable
{
    private readonly TempFolder temp = new("stamp");

    private AbsolutePath Root => AbsolutePath.Create(temp.Path);
    private AbsolutePath Stamp => WorkflowStamp.PathIn(Root / ".nuke" / "temp");
    private string Inputs() => WorkflowStamp.Inputs(typeof(AttributedBuild), Root);

    public void Dispose() => temp.Dispose();

    [Fact]
    public void The_inputs_name_the_build_assembly_the_generator_yamldotnet_and_every_workflow_file()
    {
        temp.Write(".github/workflows/release.yml", "x");

        var lines = Inputs().TrimEnd('\n').Split('\n');

        lines.Should().HaveCount(4);
        lines[0].Should().StartWith(typeof(AttributedBuild).Assembly.Location + " ");
        lines[1].Should().StartWith(typeof(WorkflowStamp).Assembly.Location + " ");
        lines[2].Should().Contain("YamlDotNet.dll ");
        lines[3].Should().StartWith(Path.Combine(temp.Path, ".github", "workflows", "release.yml") + " 1 ");
    }

    [Fact]
    public void A_recorded_stamp_is_current_until_a_workflow_file_changes_appears_or_goes()
    {
        var file = temp.Write(".github/workflows/release.yml", "one");
        WorkflowStamp.IsCurrent(Stamp, Inputs()).Should().BeFalse("nothing was recorded yet");
        WorkflowStamp.Record(Stamp, Inputs());
        WorkflowStamp.IsCurrent(Stamp, Inputs()).Should().BeTrue();

        File.WriteAllText(file, "two!");
        WorkflowStamp.IsCurrent(Stamp, Inputs()).Should().BeFalse("the file changed");

        WorkflowStamp.Record(Stamp, Inputs());
        File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file).AddSeconds(1));
        WorkflowStamp.IsCurrent(Stamp, Inputs()).Should().BeFalse("the file was written again");

        WorkflowStamp.Record(Stamp, Inputs());
        temp.Write(".github/workflows/other.yml", "x");
        WorkflowStamp.IsCurrent(Stamp, Inputs()).Should().BeFalse("a file appeared");

        WorkflowStamp.Record(Stamp, Inputs());
        File.Delete(file);
        WorkflowStamp.IsCurrent(Stamp, Inputs()).Should().BeFalse("a file went");
    }
}
