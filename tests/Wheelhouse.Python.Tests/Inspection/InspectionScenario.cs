using Wheelhouse.Engine;
using Wheelhouse.Python.Inspection;

namespace Wheelhouse.Python.Tests.Inspection;

/// <summary>A dist/ folder and a pyproject.toml in a temp folder, inspected without output.</summary>
public sealed class InspectionScenario : IDisposable
{
    private readonly TempFolder folder = new();

    public WheelSpec? Wheel { get; set; } = new();
    public SdistSpec? Sdist { get; set; } = new();
    public List<WheelSpec> MoreWheels { get; } = [];

    /// <summary>Other files in dist/, by name.</summary>
    public Dictionary<string, byte[]> OtherFiles { get; } = [];
    public string? PyProject { get; set; } = Samples.PyProject;
    public string? ReleaseTag { get; set; }
    public string TagFormat { get; set; } = ProjectExpectations.DefaultTagFormat;
    public InspectionLimits Limits { get; set; } = InspectionLimits.Default;

    /// <summary>Where READMEs are rendered; empty (the default here): not rendered, so each test starts no Python unless it asks.</summary>
    public IReadOnlyList<string> ReadmeInterpreters { get; set; } = [];

    /// <summary>The files of the build running the inspection; null: the bootstrap's alone.</summary>
    public BuildOwnFiles? BuildFiles { get; set; }

    public AbsolutePath Root => folder.Absolute;
    public AbsolutePath Dist => Root / "dist";

    public void WriteFiles()
    {
        Directory.CreateDirectory(Dist);
        Wheel?.Write(Dist);
        Sdist?.Write(Dist);
        foreach (var wheel in MoreWheels)
            wheel.Write(Dist);
        foreach (var (name, content) in OtherFiles)
            File.WriteAllBytes(Dist / name, content);
        if (PyProject != null)
            File.WriteAllText(Root / "pyproject.toml", PyProject);
    }

    public InspectionReport Inspect()
    {
        WriteFiles();
        return WheelInspection.Inspect(Dist, Root / "pyproject.toml", ReleaseTag, Limits, TagFormat, buildFiles: BuildFiles, readmeInterpreters: ReadmeInterpreters);
    }

    public void Dispose() => folder.Dispose();
}
