namespace Wheelhouse.Engine.Tooling.TestSuites;

/// <summary>A report that cannot be read to the end: not XML, cut short, or missing the parts a complete one has.</summary>
public sealed class TestReportException(string message) : Exception(message);
