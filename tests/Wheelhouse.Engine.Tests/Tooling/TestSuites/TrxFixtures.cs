namespace Wheelhouse.Engine.Tests.Tooling.TestSuites;

/// <summary>
/// Trimmed copies of TRX reports that `dotnet test --logger trx` (vstest, xunit 2.9.3, xunit.runner.visualstudio 4.0.1)
/// wrote for tiny throwaway projects: ids, times, test definitions and most of the stack traces are cut; the
/// elements and attributes the reader uses are as the runner wrote them.
/// </summary>
internal static class TrxFixtures
{
    private const string Counters0 = """inconclusive="0" passedButRunAborted="0" notRunnable="0" notExecuted="0" disconnected="0" warning="0" completed="0" inProgress="0" pending="0" """;

    /// <summary>Four passing tests (a theory with two cases and two facts); dotnet test exited 0.</summary>
    public const string Green = $$"""
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun id="629a4af5-8556-4187-9d96-b428eb7792ba" name="@vm 2026-12-03 04:27:37" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <Results>
            <UnitTestResult executionId="69a6fa21-ad33-40c9-b240-f31902e0df2c" testName="Green.Tests.Three(x: 1)" computerName="vm" duration="00:00:00.0023712" outcome="Passed" />
            <UnitTestResult executionId="993e0560-4f46-4ce4-93a5-763bdff2a955" testName="Green.Tests.Three(x: 2)" computerName="vm" duration="00:00:00.0001982" outcome="Passed" />
            <UnitTestResult executionId="5b023cac-e50c-43ac-9ea1-8eab2dbf1c1f" testName="Green.Tests.One" computerName="vm" duration="00:00:00.0000125" outcome="Passed" />
            <UnitTestResult executionId="0b649aa4-69fa-4b4c-b87e-d98867a43cc2" testName="Green.Tests.Two" computerName="vm" duration="00:00:00.0000275" outcome="Passed" />
          </Results>
          <ResultSummary outcome="Completed">
            <Counters total="4" executed="4" passed="4" failed="0" error="0" timeout="0" aborted="0" {{Counters0}}/>
            <Output>
              <StdOut>[xUnit.net 00:00:00.00] xUnit.net VSTest Adapter v4.0.1+0f7d528729 (64-bit .NET 10.0.12)
        [xUnit.net 00:00:00.21]   Finished:    green
        </StdOut>
            </Output>
          </ResultSummary>
        </TestRun>
        """;

    /// <summary>One passing test and two failing ones (an assertion, an exception); dotnet test exited 1.</summary>
    public const string Failed = $$"""
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun id="425127ec-9999-469a-93dd-a4f2adc0a51a" name="@vm 2026-12-03 04:27:49" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <Results>
            <UnitTestResult executionId="ce959576-6160-480b-8c9f-4e7aa0d50dec" testName="Fail.Tests.Two" computerName="vm" duration="00:00:00.0190914" outcome="Failed">
              <Output>
                <ErrorInfo>
                  <Message>Assert.Equal() Failure: Values differ
        Expected: 1
        Actual:   2</Message>
                  <StackTrace>   at Fail.Tests.Two() in /tmp/trxshapes/fail/T.cs:line 2</StackTrace>
                </ErrorInfo>
              </Output>
            </UnitTestResult>
            <UnitTestResult executionId="2896df84-1031-4adc-8584-d1bdaa7f6433" testName="Fail.Tests.One" computerName="vm" duration="00:00:00.0051446" outcome="Passed" />
            <UnitTestResult executionId="eecd3f41-a621-4562-8c68-44bf0f7249f9" testName="Fail.Tests.Three" computerName="vm" duration="00:00:00.0002088" outcome="Failed">
              <Output>
                <ErrorInfo>
                  <Message>System.InvalidOperationException : boom</Message>
                  <StackTrace>   at Fail.Tests.Three() in /tmp/trxshapes/fail/T.cs:line 2</StackTrace>
                </ErrorInfo>
              </Output>
            </UnitTestResult>
          </Results>
          <ResultSummary outcome="Failed">
            <Counters total="3" executed="3" passed="1" failed="2" error="0" timeout="0" aborted="0" {{Counters0}}/>
            <RunInfos>
              <RunInfo computerName="vm" outcome="Error" timestamp="2026-12-03T04:27:49.3742555+00:00">
                <Text>[xUnit.net 00:00:00.34]     Fail.Tests.Two [FAIL]</Text>
              </RunInfo>
              <RunInfo computerName="vm" outcome="Error" timestamp="2026-12-03T04:27:49.3847541+00:00">
                <Text>[xUnit.net 00:00:00.35]     Fail.Tests.Three [FAIL]</Text>
              </RunInfo>
            </RunInfos>
          </ResultSummary>
        </TestRun>
        """;

    /// <summary>
    /// A test host killed by Environment.FailFast("x") after one test passed (microsoft/vstest#2506): the counters
    /// show 1 of 1 executed and passed, nothing failed; only the outcome and the run's error say it crashed. Exit 1.
    /// </summary>
    public const string CrashedAfterAPass = $$"""
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun id="324b3db1-03e9-4377-b26b-a350e27f6f88" name="@vm 2026-12-03 04:28:12" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <Results>
            <UnitTestResult executionId="c5ba4af5-d0aa-45b7-a7cf-3ff2975311c4" testName="Crash2.Z.After" computerName="vm" duration="00:00:00.0021015" outcome="Passed" />
          </Results>
          <ResultSummary outcome="Failed">
            <Counters total="1" executed="1" passed="1" failed="0" error="0" timeout="0" aborted="0" {{Counters0}}/>
            <Output>
              <StdOut>[xUnit.net 00:00:00.78]   Starting:    crash2
        Process terminated.
        x
           at System.Environment.FailFast(System.String)
        </StdOut>
            </Output>
            <RunInfos>
              <RunInfo computerName="vm" outcome="Error" timestamp="2026-12-03T04:28:14.5578881+00:00">
                <Text>The active test run was aborted. Reason: Test host process crashed : Process terminated.
        x
           at System.Environment.FailFast(System.Runtime.CompilerServices.StackCrawlMarkHandle, System.String, System.Runtime.CompilerServices.ObjectHandleOnStack, System.String)
           at System.Environment.FailFast(System.String)
           at Crash2.Z.Crashes()</Text>
              </RunInfo>
            </RunInfos>
          </ResultSummary>
        </TestRun>
        """;

    /// <summary>A test host killed by Environment.FailFast before any result reached the logger: no results, counters all 0, outcome Failed. Exit 1.</summary>
    public const string CrashedBeforeAnyResult = $$"""
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun id="e607b11b-24dd-407b-bafe-b428a50eebdb" name="@vm 2026-12-03 04:27:45" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <ResultSummary outcome="Failed">
            <Counters total="0" executed="0" passed="0" failed="0" error="0" timeout="0" aborted="0" {{Counters0}}/>
            <RunInfos>
              <RunInfo computerName="vm" outcome="Error" timestamp="2026-12-03T04:27:45.3259678+00:00">
                <Text>The active test run was aborted. Reason: Test host process crashed : Process terminated.
        x
           at System.Environment.FailFast(System.String)
           at Crash.Tests.B_crash()</Text>
              </RunInfo>
            </RunInfos>
          </ResultSummary>
        </TestRun>
        """;

    /// <summary>One passing test and one skipped with [Fact(Skip = "needs a GPU")]: the skip is a NotExecuted result, yet the notExecuted counter stays 0. Exit 0.</summary>
    public const string Skipped = $$"""
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun id="2751e1fa-56df-4b9b-a612-a32aab2016a3" name="@vm 2026-12-03 04:27:41" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <Results>
            <UnitTestResult executionId="756f99b0-a786-4004-9aa9-846f9f3646a4" testName="Skip.Tests.Two" computerName="vm" duration="00:00:00.0010000" outcome="NotExecuted">
              <Output>
                <ErrorInfo>
                  <Message>needs a GPU</Message>
                </ErrorInfo>
              </Output>
            </UnitTestResult>
            <UnitTestResult executionId="03f2ebb7-dbcf-43f7-8549-5c99a3545e4a" testName="Skip.Tests.One" computerName="vm" duration="00:00:00.0024061" outcome="Passed" />
          </Results>
          <ResultSummary outcome="Completed">
            <Counters total="2" executed="1" passed="1" failed="0" error="0" timeout="0" aborted="0" {{Counters0}}/>
            <RunInfos>
              <RunInfo computerName="vm" outcome="Warning" timestamp="2026-12-03T04:27:41.6838978+00:00">
                <Text>[xUnit.net 00:00:00.61]     Skip.Tests.Two [SKIP]</Text>
              </RunInfo>
            </RunInfos>
          </ResultSummary>
        </TestRun>
        """;

    /// <summary>A project with no test in it: vstest warns "No test is available", writes counters of 0 and exits 0.</summary>
    public const string NoTestDiscovered = $$"""
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun id="050c8d6f-e86f-4f26-8e17-a71dab21abe3" name="@vm 2026-12-03 04:27:53" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <ResultSummary outcome="Completed">
            <Counters total="0" executed="0" passed="0" failed="0" error="0" timeout="0" aborted="0" {{Counters0}}/>
            <RunInfos>
              <RunInfo computerName="vm" outcome="Warning" timestamp="2026-12-03T04:27:53.2341659+00:00">
                <Text>No test is available in /tmp/trxshapes/empty/bin/Debug/net10.0/empty.dll. Make sure that test discoverer &amp; executors are registered and platform &amp; framework version settings are appropriate and try again.</Text>
              </RunInfo>
            </RunInfos>
          </ResultSummary>
        </TestRun>
        """;
}
