using Wheelhouse.Engine;
using Wheelhouse.GitHub.Workflows;

namespace Wheelhouse.GitHub.Tests.Workflows;

public sealed class WorkflowFilesTests : IDisposable
{
    private readonly TempFolder temp = new("files");
    private readonly IReadOnlyList<Workflow> workflows = [SampleWorkflows.ReleaseWorkflow()];

    private AbsolutePath Root => AbsolutePath.Create(temp.Path);
    private string ReleasePath => Path.Combine(temp.Path, ".github", "workflows", "release.yml");

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_missing_file_is_stale_and_writing_creates_it()
    {
        WorkflowFiles.Compare(Root, workflows).Should().ContainSingle().Which.Should().BeEquivalentTo(new { RelativePath = ".github/workflows/release.yml", Committed = (string?)null });

        WorkflowFiles.Write(Root, workflows).Should().Equal(".github/workflows/release.yml");

        File.ReadAllBytes(ReleasePath).Should().Equal(WorkflowYaml.Bytes(workflows[0]));
        WorkflowFiles.Compare(Root, workflows).Should().BeEmpty();
    }

    [Fact]
    public void A_hand_edit_is_stale_and_regenerating_restores_the_file()
    {
        WorkflowFiles.Write(Root, workflows);
        File.AppendAllText(ReleasePath, "# a note\n");

        var stale = WorkflowFiles.Compare(Root, workflows).Should().ContainSingle().Which;
        stale.Committed.Should().EndWith("# a note\n");
        stale.Generated.Should().Be(WorkflowYaml.Text(workflows[0]));

        WorkflowFiles.Write(Root, workflows).Should().HaveCount(1);
        WorkflowFiles.Compare(Root, workflows).Should().BeEmpty();
    }

    [Fact]
    public void Unchanged_files_are_not_rewritten()
    {
        WorkflowFiles.Write(Root, workflows);
        var written = DateTime.UtcNow.AddHours(-1);
        File.SetLastWriteTimeUtc(ReleasePath, written);

        WorkflowFiles.Write(Root, workflows).Should().BeEmpty();

        File.GetLastWriteTimeUtc(ReleasePath).Should().Be(written);
        Directory.GetFiles(Path.GetDirectoryName(ReleasePath)!).Should().Equal(ReleasePath);
    }

    [Fact]
    public void Crlf_line_ends_of_a_windows_checkout_are_not_stale()
    {
        File.WriteAllText(temp.Write(".github/workflows/release.yml", ""), WorkflowYaml.Text(workflows[0]).Replace("\n", "\r\n"));

        WorkflowFiles.Compare(Root, workflows).Should().BeEmpty();
    }

    [Fact]
    public void Other_files_in_the_workflows_folder_are_left_alone()
    {
        var handWritten = temp.Write(".github/workflows/docs.yml", "on: push\n");

        WorkflowFiles.Write(Root, workflows);

        File.ReadAllText(handWritten).Should().Be("on: push\n");
    }
}
