namespace Wheelhouse.Engine.Tooling.TestSuites;

/// <summary>The program that runs a suite; it decides the report's format and what the exit codes mean.</summary>
public enum TestRunner
{
    /// <summary><c>dotnet test</c> with the TRX logger.</summary>
    DotNetTest,

    /// <summary><c>pytest --junitxml</c>.</summary>
    Pytest,
}
