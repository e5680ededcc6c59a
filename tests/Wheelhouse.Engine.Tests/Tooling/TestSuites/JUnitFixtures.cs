namespace Wheelhouse.Engine.Tests.Tooling.TestSuites;

/// <summary>JUnit XML reports as pytest 7.2.1 (`-p no:cacheprovider --junitxml`) wrote them for tiny throwaway suites; long tracebacks cut.</summary>
internal static class JUnitFixtures
{
    /// <summary>Two passing tests; exit 0.</summary>
    public const string Green = """
        <?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="0" failures="0" skipped="0" tests="2" time="0.012" timestamp="2026-12-03T04:29:17.245757" hostname="vm"><testcase classname="green.test_a" name="test_one" time="0.000" /><testcase classname="green.test_a" name="test_two" time="0.000" /></testsuite></testsuites>
        """;

    /// <summary>One pass, a failed assertion, a fixture error, two skips (mark and pytest.skip) and an xfail; exit 1.</summary>
    public const string Mixed = """
        <?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="1" failures="1" skipped="3" tests="6" time="0.033" timestamp="2026-12-03T04:29:17.431801" hostname="vm"><testcase classname="mixed.test_m" name="test_pass" time="0.000" /><testcase classname="mixed.test_m" name="test_fail" time="0.001"><failure message="assert 1 == 2">&gt;   def test_fail(): assert 1 == 2
        E   assert 1 == 2

        mixed/test_m.py:3: AssertionError</failure></testcase><testcase classname="mixed.test_m" name="test_error" time="0.001"><error message="failed on setup with &quot;RuntimeError: fixture broke&quot;">@pytest.fixture
        &gt;   def broken(): raise RuntimeError(&quot;fixture broke&quot;)
        E   RuntimeError: fixture broke

        mixed/test_m.py:5: RuntimeError</error></testcase><testcase classname="mixed.test_m" name="test_skip" time="0.000"><skipped type="pytest.skip" message="needs a GPU">/tmp/junitshapes/mixed/test_m.py:7: needs a GPU</skipped></testcase><testcase classname="mixed.test_m" name="test_skip_inside" time="0.000"><skipped type="pytest.skip" message="not on this platform">/tmp/junitshapes/mixed/test_m.py:9: not on this platform</skipped></testcase><testcase classname="mixed.test_m" name="test_xfail" time="0.000"><skipped type="pytest.xfail" message="known bug" /></testcase></testsuite></testsuites>
        """;

    /// <summary>A folder whose files define no test: "collected 0 items", exit 5.</summary>
    public const string NoTestsCollected = """
        <?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="0" failures="0" skipped="0" tests="0" time="0.006" timestamp="2026-12-03T04:29:17.641297" hostname="vm" /></testsuites>
        """;

    /// <summary>A test module that cannot be imported: pytest stops after collection ("Interrupted: 1 error during collection"), exit 2.</summary>
    public const string CollectionError = """
        <?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="1" failures="0" skipped="0" tests="1" time="0.038" timestamp="2026-12-03T04:29:17.801142" hostname="vm"><testcase classname="" name="collerr.test_bad" time="0.000"><error message="collection failure">ImportError while importing test module '/tmp/junitshapes/collerr/test_bad.py'.
        E   ModuleNotFoundError: No module named 'nonexistent_module_xyz'</error></testcase></testsuite></testsuites>
        """;

    /// <summary>One passing test and one skipped with @pytest.mark.skip(reason="needs a GPU"); exit 0.</summary>
    public const string Skipped = """
        <?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="0" failures="0" skipped="1" tests="2" time="0.015" timestamp="2026-12-03T04:32:56.845879" hostname="vm"><testcase classname="skiponly.test_s" name="test_pass" time="0.001" /><testcase classname="skiponly.test_s" name="test_skip" time="0.000"><skipped type="pytest.skip" message="needs a GPU">/tmp/junitshapes/skiponly/test_s.py:3: needs a GPU</skipped></testcase></testsuite></testsuites>
        """;
}
