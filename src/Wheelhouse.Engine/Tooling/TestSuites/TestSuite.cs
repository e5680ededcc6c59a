namespace Wheelhouse.Engine.Tooling.TestSuites;

/// <summary>A suite the build expects to run: its name in the table and in errors, where it lives (relative to the root), and its runner.</summary>
public sealed record TestSuite(string Name, string Location, TestRunner Runner)
{
    /// <summary>A C# test project, named after its project file.</summary>
    public static TestSuite DotNet(string projectFile) => new(Path.GetFileNameWithoutExtension(projectFile), projectFile, TestRunner.DotNetTest);

    /// <summary>A folder of pytest tests.</summary>
    public static TestSuite Pytest(string folder) => new($"pytest {folder}", folder, TestRunner.Pytest);

    /// <summary>The file name the suite's report gets in the results folder.</summary>
    public string ReportFileName =>
        string.Concat(Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_')) + (Runner == TestRunner.DotNetTest ? ".trx" : ".xml");
}
