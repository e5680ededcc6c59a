// InspectWheel's core as a console program, for bench/inspect-wheel.sh: the same reading, checks and JSON
// report as ./build.sh InspectWheel, without the build engine (parameters, logging, the table).
//
//   dotnet InspectCore.dll ROOT      ROOT holds pyproject.toml and dist/
//
// Prints the summary line; exit code 0 when no error remains, 1 otherwise, 2 on bad usage.
using Wheelhouse.Engine;
using Wheelhouse.Python.Inspection;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: InspectCore ROOT   (ROOT holds pyproject.toml and dist/)");
    return 2;
}

var root = AbsolutePath.Create(Path.GetFullPath(args[0]));
try
{
    var report = WheelInspection.Inspect(root / "dist", root / "pyproject.toml", releaseTag: null);
    WheelInspection.WriteReport(report, root / "dist", root / ".nuke" / "temp" / "inspection" / "report.json");
    Console.WriteLine(ReportTable.Summary(report));
    foreach (var finding in report.Findings.Where(f => !f.Ignored).Take(20))
        Console.WriteLine(finding);
    return report.Passed ? 0 : 1;
}
catch (BuildException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}
