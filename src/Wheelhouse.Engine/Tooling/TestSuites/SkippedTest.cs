namespace Wheelhouse.Engine.Tooling.TestSuites;

/// <summary>A test the runner did not execute, with the reason it gave (empty when it gave none).</summary>
public sealed record SkippedTest(string Name, string Reason);
