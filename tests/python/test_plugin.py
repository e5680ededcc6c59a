"""End-to-end tests of the plugin, run in isolated folders through pytester."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import evalcheck.baseline

MODEL_TEST = """
import pytest

@pytest.mark.eval
def test_model(evalcheck):
    evalcheck.record("accuracy", {accuracy})
"""

NODEID = "test_model.py::test_model"


def write_baseline(path: Path, scores: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": 1, "scores": scores}), encoding="utf-8")
    return path


def default_baseline(pytester: pytest.Pytester) -> Path:
    return pytester.path / ".evalcheck" / "baseline.json"


def read_scores(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 1
    return data["scores"]


def test_eval_marker_is_registered(run):
    result = run("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.eval: an evaluation test*"])
    assert result.ret == 0


def test_marker_works_with_strict_markers_and_selection(pytester, run):
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.eval
        def test_eval():
            pass

        def test_plain():
            pass
        """
    )
    result = run("--strict-markers", "-m", "eval")
    result.assert_outcomes(passed=1, deselected=1)


def test_options_appear_in_help(run):
    result = run("--help")
    result.stdout.fnmatch_lines(
        [
            "*--evalcheck-update-baseline*",
            "*evalcheck_baseline (string):*",
            "*evalcheck_tolerance (string):*",
        ]
    )


def test_records_and_passes_without_baseline(pytester, run):
    pytester.makepyfile(test_model=MODEL_TEST.format(accuracy=0.91))
    result = run()
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        [
            "*= evalcheck =*",
            f"NEW {NODEID} accuracy 0.910",
            "1 metric: 0 regressed, 0 improved, 1 new, 0 unchanged*",
        ]
    )
    # Without --evalcheck-update-baseline nothing is written.
    assert not default_baseline(pytester).exists()


def test_regression_fails_the_test_not_errors(pytester, run):
    write_baseline(default_baseline(pytester), {NODEID: {"accuracy": 0.91}})
    pytester.makepyfile(test_model=MODEL_TEST.format(accuracy=0.85))
    result = run()
    result.assert_outcomes(failed=1, errors=0)
    result.stdout.fnmatch_lines(
        [
            "*= FAILURES =*",
            "evalcheck: accuracy regressed: baseline 0.910, score 0.850 (tolerance 0.000)",
            "*= evalcheck =*",
            f"REGRESSED {NODEID} accuracy 0.910 -> 0.850 (-0.060)",
            "1 metric: 1 regressed, 0 improved, 0 new, 0 unchanged*",
            f"FAILED {NODEID}*",
        ]
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_regression_is_reported_in_the_call_phase(pytester, plugin_args):
    # Check the report objects directly: a failure during "call", not an
    # error during setup or teardown.
    write_baseline(default_baseline(pytester), {NODEID: {"accuracy": 0.91}})
    pytester.makepyfile(test_model=MODEL_TEST.format(accuracy=0.5))
    reprec = pytester.inline_run(*plugin_args)
    failed = [rep for rep in reprec.getreports("pytest_runtest_logreport") if rep.failed]
    assert [(rep.nodeid, rep.when) for rep in failed] == [(NODEID, "call")]
    assert "accuracy regressed: baseline 0.910, score 0.500" in str(failed[0].longrepr)


def test_all_regressed_metrics_are_named(pytester, run):
    write_baseline(default_baseline(pytester), {"test_two.py::test_two": {"a": 0.9, "b": 0.8, "c": 0.7}})
    pytester.makepyfile(
        test_two="""
        def test_two(evalcheck):
            evalcheck.record("a", 0.5)
            evalcheck.record("b", 0.8)
            evalcheck.record("c", 0.1)
        """
    )
    result = run()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "evalcheck: a regressed: baseline 0.900, score 0.500 (tolerance 0.000)",
            "evalcheck: c regressed: baseline 0.700, score 0.100 (tolerance 0.000)",
        ]
    )
    result.stdout.no_fnmatch_line("evalcheck: b regressed*")


def test_drop_within_tolerance_passes(pytester, run):
    write_baseline(default_baseline(pytester), {NODEID: {"accuracy": 0.91}})
    pytester.makeini("[pytest]\nevalcheck_tolerance = 0.05\n")
    # 0.91 - 0.86 is 0.05000000000000004 in binary floating point; it must
    # still count as within a tolerance of 0.05.
    pytester.makepyfile(test_model=MODEL_TEST.format(accuracy=0.86))
    result = run()
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["1 metric: 0 regressed, 0 improved, 0 new, 1 unchanged (tolerance 0.050*"])
    result.stdout.no_fnmatch_line("REGRESSED*")


def test_drop_beyond_tolerance_fails_and_names_tolerance(pytester, run):
    write_baseline(default_baseline(pytester), {NODEID: {"accuracy": 0.91}})
    pytester.makeini("[pytest]\nevalcheck_tolerance = 0.05\n")
    pytester.makepyfile(test_model=MODEL_TEST.format(accuracy=0.8))
    result = run()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["evalcheck: accuracy regressed: baseline 0.910, score 0.800 (tolerance 0.050)"])


@pytest.mark.parametrize("value", ["abc", "-0.1", "nan", "inf"])
def test_invalid_tolerance_is_a_usage_error(pytester, run, value):
    pytester.makeini(f"[pytest]\nevalcheck_tolerance = {value}\n")
    pytester.makepyfile(test_model=MODEL_TEST.format(accuracy=0.8))
    result = run()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: evalcheck: ini option 'evalcheck_tolerance' must be*"])


def test_improvement_passes_and_is_summarised(pytester, run):
    write_baseline(default_baseline(pytester), {NODEID: {"accuracy": 0.8}})
    pytester.makepyfile(test_model=MODEL_TEST.format(accuracy=0.9))
    result = run()
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        [
            "*= evalcheck =*",
            f"IMPROVED {NODEID} accuracy 0.800 -> 0.900 (+0.100)",
            "1 metric: 0 regressed, 1 improved, 0 new, 0 unchanged*",
        ]
    )


def test_unchanged_metrics_listed_only_when_verbose(pytester, run):
    write_baseline(default_baseline(pytester), {NODEID: {"accuracy": 0.9}})
    pytester.makepyfile(test_model=MODEL_TEST.format(accuracy=0.9))
    quiet = run()
    quiet.assert_outcomes(passed=1)
    quiet.stdout.no_fnmatch_line("UNCHANGED*")
    quiet.stdout.fnmatch_lines(["1 metric: 0 regressed, 0 improved, 0 new, 1 unchanged*"])
    verbose = run("-v")
    verbose.stdout.fnmatch_lines([f"UNCHANGED {NODEID} accuracy 0.900 -> 0.900 (+0.000)"])


def test_no_summary_when_nothing_recorded(pytester, run):
    pytester.makepyfile(
        """
        def test_plain():
            assert True

        def test_uses_fixture_but_records_nothing(evalcheck):
            pass
        """
    )
    result = run()
    result.assert_outcomes(passed=2)
    result.stdout.no_fnmatch_line("*= evalcheck =*")
    result.stdout.no_fnmatch_line("*metric*")


def test_failing_test_body_is_not_masked(pytester, run):
    write_baseline(default_baseline(pytester), {NODEID: {"accuracy": 0.91}})
    pytester.makepyfile(
        test_model="""
        def test_model(evalcheck):
            evalcheck.record("accuracy", 0.5)
            assert False, "the model crashed"
        """
    )
    result = run()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*AssertionError: the model crashed*"])


def test_update_baseline_writes_file_and_does_not_fail(pytester, run):
    path = write_baseline(default_baseline(pytester), {NODEID: {"accuracy": 0.91}})
    pytester.makepyfile(test_model=MODEL_TEST.format(accuracy=0.85))
    result = run("--evalcheck-update-baseline")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        [
            f"REGRESSED {NODEID} accuracy 0.910 -> 0.850 (-0.060)",
            "baseline updated: wrote the scores of 1 test to .evalcheck/baseline.json",
        ]
    )
    assert read_scores(path) == {NODEID: {"accuracy": 0.85}}
    # The new baseline is then used by a normal run.
    run().assert_outcomes(passed=1)


def test_update_baseline_creates_folder_and_writes_atomically(pytester, run, monkeypatch):
    pytester.makepyfile(test_model=MODEL_TEST.format(accuracy=0.75))
    path = default_baseline(pytester)
    assert not path.parent.exists()

    replaced = []
    real_replace = os.replace

    def spy_replace(src, dst):
        src, dst = Path(src), Path(dst)
        if dst != path:
            # evalcheck.baseline.os is the os module: others (pytest writing its .pyc files) replace files too.
            return real_replace(src, dst)
        # The complete document is in a temporary file next to the target.
        assert src.parent == dst.parent
        assert src != dst
        assert json.loads(src.read_text(encoding="utf-8"))["scores"] == {NODEID: {"accuracy": 0.75}}
        replaced.append((src, dst))
        real_replace(src, dst)

    monkeypatch.setattr(evalcheck.baseline.os, "replace", spy_replace)
    result = run("--evalcheck-update-baseline")
    result.assert_outcomes(passed=1)
    assert replaced == [(replaced[0][0], path)]
    assert read_scores(path) == {NODEID: {"accuracy": 0.75}}
    # No temporary files are left behind.
    assert sorted(p.name for p in path.parent.iterdir()) == ["baseline.json"]
    assert path.read_text(encoding="utf-8").endswith("}\n")


def test_update_baseline_merges_with_entries_of_tests_not_run(pytester, run):
    path = write_baseline(
        default_baseline(pytester),
        {
            "test_other.py::test_other": {"bleu": 0.3},
            NODEID: {"accuracy": 0.5, "old_metric": 0.1},
        },
    )
    pytester.makepyfile(
        test_model=MODEL_TEST.format(accuracy=0.6),
        test_other="""
        def test_other(evalcheck):
            evalcheck.record("bleu", 0.35)
        """,
    )
    result = run("--evalcheck-update-baseline", "test_model.py")
    result.assert_outcomes(passed=1)
    assert read_scores(path) == {
        "test_other.py::test_other": {"bleu": 0.3},
        # A test that recorded scores replaces its whole entry.
        NODEID: {"accuracy": 0.6},
    }


def test_update_baseline_keeps_entry_of_test_that_recorded_nothing(pytester, run):
    path = write_baseline(default_baseline(pytester), {NODEID: {"accuracy": 0.5}})
    pytester.makepyfile(
        test_model="""
        import pytest

        def test_model(evalcheck):
            pytest.skip("dataset unavailable")

        def test_new(evalcheck):
            evalcheck.record("recall", 0.4)
        """
    )
    result = run("--evalcheck-update-baseline")
    result.assert_outcomes(passed=1, skipped=1)
    assert read_scores(path) == {NODEID: {"accuracy": 0.5}, "test_model.py::test_new": {"recall": 0.4}}


def test_update_baseline_writes_nothing_when_nothing_recorded(pytester, run):
    pytester.makepyfile("def test_plain():\n    pass\n")
    result = run("--evalcheck-update-baseline")
    result.assert_outcomes(passed=1)
    assert not default_baseline(pytester).parent.exists()


def test_update_baseline_skipped_when_session_interrupted(pytester, run):
    path = write_baseline(default_baseline(pytester), {NODEID: {"accuracy": 0.5}})
    before = path.read_text(encoding="utf-8")
    pytester.makepyfile(
        test_model="""
        import pytest

        def test_model(evalcheck):
            evalcheck.record("accuracy", 0.1)

        def test_stop():
            pytest.exit("stopping early")
        """
    )
    result = run("--evalcheck-update-baseline")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    result.stdout.fnmatch_lines(["baseline NOT updated because the session was interrupted"])
    assert path.read_text(encoding="utf-8") == before


def test_update_baseline_reports_write_failure(pytester, run, monkeypatch):
    def failing_replace(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(evalcheck.baseline.os, "replace", failing_replace)
    pytester.makepyfile(test_model=MODEL_TEST.format(accuracy=0.5))
    result = run("--evalcheck-update-baseline")
    result.assert_outcomes(passed=1)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines(
        [f"evalcheck: could not write the baseline file {default_baseline(pytester)}: *Permission denied*"]
    )
    # The temporary file was cleaned up.
    assert list(default_baseline(pytester).parent.iterdir()) == []


def test_unreadable_baseline_path_is_a_usage_error(pytester, run):
    pytester.mkdir("evals")
    pytester.makeini("[pytest]\nevalcheck_baseline = evals\n")
    pytester.makepyfile(test_model=MODEL_TEST.format(accuracy=0.5))
    result = run()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [f"ERROR: evalcheck: cannot read the baseline file {pytester.path / 'evals'}: Is a directory.", "*evalcheck_baseline*"]
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "not valid JSON*"),
        ("[1, 2]", "expected a JSON object at the top level, got list*"),
        ('{"scores": {}}', 'missing the "version" key*'),
        ('{"version": 2, "scores": {}}', "unsupported format version 2*"),
        ('{"version": 1}', 'missing the "scores" key*'),
        ('{"version": 1, "scores": {"t.py::t": {"acc": "high"}}}', "score of 'acc' for 't.py::t' must be a finite number*"),
        ('{"version": 1, "scores": {"t.py::t": {"acc": NaN}}}', "not valid JSON*"),
        ('{"version": 1, "scores": {"t.py::t": [0.5]}}', "entry for 't.py::t' must be an object*"),
    ],
)
def test_malformed_baseline_is_a_usage_error(pytester, run, content, problem):
    path = default_baseline(pytester)
    path.parent.mkdir()
    path.write_text(content, encoding="utf-8")
    pytester.makepyfile(test_model=MODEL_TEST.format(accuracy=0.5))
    result = run()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        [
            f"ERROR: evalcheck: the baseline file {path} is malformed: {problem}",
            "*delete it and run pytest with --evalcheck-update-baseline*",
        ]
    )
    assert "Traceback" not in result.stdout.str() + result.stderr.str()
    result.stdout.no_fnmatch_line("*passed*")


def test_malformed_baseline_is_a_usage_error_in_update_mode_too(pytester, run):
    path = default_baseline(pytester)
    path.parent.mkdir()
    path.write_text("garbage", encoding="utf-8")
    pytester.makepyfile(test_model=MODEL_TEST.format(accuracy=0.5))
    result = run("--evalcheck-update-baseline")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert path.read_text(encoding="utf-8") == "garbage"


def test_malformed_baseline_does_not_affect_runs_without_eval_tests(pytester, run):
    path = default_baseline(pytester)
    path.parent.mkdir()
    path.write_text("garbage", encoding="utf-8")
    pytester.makepyfile("def test_plain():\n    pass\n")
    run().assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        ('evalcheck.record("", 0.5)', "ValueError: evalcheck: metric name must be a non-empty string*"),
        ("evalcheck.record(3, 0.5)", "TypeError: evalcheck: metric name must be a str, got int*"),
        ('evalcheck.record("accuracy", "0.9")', "TypeError: evalcheck: score for metric 'accuracy' must be a real number*"),
        ('evalcheck.record("accuracy", True)', "TypeError: evalcheck: score for metric 'accuracy' must be a real number*"),
        ('evalcheck.record("accuracy", float("nan"))', "ValueError: evalcheck: score for metric 'accuracy' must be finite*"),
        ('evalcheck.record("accuracy", float("-inf"))', "ValueError: evalcheck: score for metric 'accuracy' must be finite*"),
        (
            'evalcheck.record("accuracy", 0.5); evalcheck.record("accuracy", 0.6)',
            "ValueError: evalcheck: metric 'accuracy' was already recorded by this test*",
        ),
    ],
)
def test_bad_record_input_raises_clear_error(pytester, run, call, error):
    pytester.makepyfile(f"def test_bad(evalcheck):\n    {call}\n")
    result = run()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"E *{error}"])


def test_baseline_path_from_ini_relative_to_rootdir(pytester, run):
    pytester.makeini("[pytest]\nevalcheck_baseline = evals/scores.json\n")
    path = write_baseline(pytester.path / "evals" / "scores.json", {NODEID: {"accuracy": 0.9}})
    pytester.makepyfile(test_model=MODEL_TEST.format(accuracy=0.2))
    # Run from a subfolder: the path is still resolved against the rootdir.
    sub = pytester.mkdir("sub")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(sub)
        result = run(str(pytester.path))
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["1 metric: 1 regressed*baseline evals/scores.json)"])
    result = run("--evalcheck-update-baseline")
    result.assert_outcomes(passed=1)
    assert read_scores(path) == {NODEID: {"accuracy": 0.2}}
    assert not default_baseline(pytester).exists()


def test_baseline_path_from_pyproject(pytester, run):
    pytester.makepyprojecttoml('[tool.pytest.ini_options]\nevalcheck_baseline = "data/base.json"\n')
    pytester.makepyfile(test_model=MODEL_TEST.format(accuracy=0.7))
    run("--evalcheck-update-baseline").assert_outcomes(passed=1)
    assert read_scores(pytester.path / "data" / "base.json") == {NODEID: {"accuracy": 0.7}}


def test_parametrized_tests_have_separate_entries(pytester, run):
    pytester.makepyfile(
        test_model="""
        import pytest

        @pytest.mark.parametrize("split", ["dev", "test"])
        def test_model(evalcheck, split):
            evalcheck.record("accuracy", {"dev": 0.8, "test": 0.7}[split])
        """
    )
    run("--evalcheck-update-baseline").assert_outcomes(passed=2)
    assert read_scores(default_baseline(pytester)) == {
        "test_model.py::test_model[dev]": {"accuracy": 0.8},
        "test_model.py::test_model[test]": {"accuracy": 0.7},
    }


def test_recorded_scores_are_readable(pytester, run):
    pytester.makepyfile(
        """
        def test_read(evalcheck):
            evalcheck.record("a", 1)
            evalcheck.record("b", 0.25)
            assert dict(evalcheck.scores) == {"a": 1.0, "b": 0.25}
            assert isinstance(evalcheck.scores["a"], float)
        """
    )
    run().assert_outcomes(passed=1)


def test_absolute_baseline_path_outside_rootdir(pytester, run, tmp_path_factory):
    path = tmp_path_factory.mktemp("elsewhere") / "baseline.json"
    pytester.makeini(f"[pytest]\nevalcheck_baseline = {path}\n")
    pytester.makepyfile(test_model=MODEL_TEST.format(accuracy=0.4))
    result = run("--evalcheck-update-baseline")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines([f"baseline updated: wrote the scores of 1 test to {path}"])
    assert read_scores(path) == {NODEID: {"accuracy": 0.4}}
