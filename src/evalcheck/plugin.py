"""The pytest plugin: options, the ``eval`` marker, the ``evalcheck`` fixture,
the regression check and the terminal summary.

This module is registered through the ``pytest11`` entry point, so pytest
loads it automatically once evalcheck is installed.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from evalcheck.baseline import BaselineError, Scores, load_baseline, merge_scores, save_baseline
from evalcheck.comparison import MetricResult, Status, compare, format_score
from evalcheck.recorder import Recorder

BASELINE_INI = "evalcheck_baseline"
TOLERANCE_INI = "evalcheck_tolerance"
UPDATE_OPTION = "--evalcheck-update-baseline"
DEFAULT_BASELINE = ".evalcheck/baseline.json"
FIXTURE_NAME = "evalcheck"


class _State:
    """Per-session plugin state, kept in ``config.stash``."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.update: bool = bool(config.getoption("evalcheck_update_baseline"))
        self.path: Path = _baseline_path(config)
        self.tolerance: float = 0.0
        self.baseline: Scores = {}
        self.loaded = False
        self.recorders: dict[str, Recorder] = {}
        self.written: int | None = None
        self.write_error: str | None = None
        self.write_skipped: str | None = None

    def ensure_loaded(self) -> None:
        """Read the tolerance and the baseline file, once; raise ``pytest.UsageError`` on bad input."""
        if self.loaded:
            return
        self.tolerance = _tolerance(self.config)
        try:
            self.baseline = load_baseline(self.path)
        except BaselineError as exc:
            if exc.unreadable:
                raise pytest.UsageError(
                    f"evalcheck: cannot read the baseline file {exc.path}: {exc.problem}.\n"
                    f"Check the '{BASELINE_INI}' ini option; it must name a JSON file "
                    "(it need not exist yet)."
                ) from None
            raise pytest.UsageError(
                f"evalcheck: the baseline file {exc.path} is malformed: {exc.problem}.\n"
                f"Fix the file by hand, or delete it and run pytest with {UPDATE_OPTION} "
                f"to write a new baseline (the path comes from the '{BASELINE_INI}' ini option)."
            ) from None
        self.loaded = True

    def results(self) -> list[MetricResult]:
        results: list[MetricResult] = []
        for nodeid, recorder in self.recorders.items():
            results.extend(compare(nodeid, recorder.scores, self.baseline.get(nodeid, {}), self.tolerance))
        return results


_STATE_KEY = pytest.StashKey[_State]()
_RECORDER_KEY = pytest.StashKey[Recorder]()


def _baseline_path(config: pytest.Config) -> Path:
    value = str(config.getini(BASELINE_INI) or DEFAULT_BASELINE).strip() or DEFAULT_BASELINE
    path = Path(value).expanduser()
    if not path.is_absolute():
        path = config.rootpath / path
    return path


def _tolerance(config: pytest.Config) -> float:
    raw = config.getini(TOLERANCE_INI)
    text = str(raw).strip() if raw is not None else ""
    if not text:
        return 0.0
    try:
        value = float(text)
    except ValueError:
        raise pytest.UsageError(
            f"evalcheck: ini option '{TOLERANCE_INI}' must be a number, got {text!r}"
        ) from None
    if not math.isfinite(value) or value < 0:
        raise pytest.UsageError(
            f"evalcheck: ini option '{TOLERANCE_INI}' must be a finite number >= 0, got {text!r}"
        )
    return value


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _display_path(path: Path, rootpath: Path) -> str:
    """*path* relative to the rootdir when it lies inside it, else absolute."""
    try:
        return path.relative_to(rootpath).as_posix()
    except ValueError:
        return str(path)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("evalcheck", "evalcheck: track evaluation scores against a baseline")
    group.addoption(
        UPDATE_OPTION,
        action="store_true",
        default=False,
        dest="evalcheck_update_baseline",
        help="write the recorded scores to the baseline file instead of failing on regressions; "
        "entries of tests that recorded nothing are kept.",
    )
    parser.addini(
        BASELINE_INI,
        help=f"path of the evalcheck baseline JSON file, relative to rootdir (default: {DEFAULT_BASELINE}).",
        default=DEFAULT_BASELINE,
    )
    parser.addini(
        TOLERANCE_INI,
        help="how far a score may drop below its baseline before the test fails (default: 0.0).",
        default="0.0",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "eval: an evaluation test; record its scores with the evalcheck fixture "
        "to compare them with the evalcheck baseline.",
    )
    config.stash[_STATE_KEY] = _State(config)


def pytest_collection_finish(session: pytest.Session) -> None:
    # Read the baseline up front when any collected test uses the fixture, so
    # that a malformed file stops the run with a usage error instead of
    # erroring each test.
    state = session.config.stash[_STATE_KEY]
    if any(FIXTURE_NAME in getattr(item, "fixturenames", ()) for item in session.items):
        state.ensure_loaded()


@pytest.fixture
def evalcheck(request: pytest.FixtureRequest) -> Recorder:
    """Record named scores for this test: ``evalcheck.record("accuracy", 0.91)``.

    After the test body passes, each score is compared with the baseline; a
    score that dropped by more than ``evalcheck_tolerance`` fails the test.
    """
    state = request.config.stash[_STATE_KEY]
    state.ensure_loaded()
    recorder = Recorder(request.node.nodeid)
    request.node.stash[_RECORDER_KEY] = recorder
    state.recorders[recorder.nodeid] = recorder
    return recorder


@pytest.hookimpl(trylast=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    # Runs after pytest's own implementation has executed the test body, and
    # only if that body did not raise; a failure raised here is therefore
    # reported as a failure of the test's call phase.
    recorder = item.stash.get(_RECORDER_KEY, None)
    if recorder is None:
        return
    state = item.config.stash[_STATE_KEY]
    if state.update:
        return
    results = compare(recorder.nodeid, recorder.scores, state.baseline.get(recorder.nodeid, {}), state.tolerance)
    regressions = [result for result in results if result.status is Status.REGRESSED]
    if regressions:
        pytest.fail("\n".join(result.failure_message() for result in regressions), pytrace=False)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    state = session.config.stash.get(_STATE_KEY, None)
    if state is None or not state.update or not state.recorders:
        return
    if exitstatus == pytest.ExitCode.INTERRUPTED:
        state.write_skipped = "the session was interrupted"
        return
    recorded = {nodeid: dict(recorder.scores) for nodeid, recorder in state.recorders.items()}
    recorded = {nodeid: scores for nodeid, scores in recorded.items() if scores}
    if not recorded:
        return
    try:
        save_baseline(state.path, merge_scores(state.baseline, recorded))
    except OSError as exc:
        state.write_error = f"could not write the baseline file {state.path}: {exc}"
        if session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
            session.exitstatus = pytest.ExitCode.USAGE_ERROR
        return
    state.written = len(recorded)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    state = config.stash.get(_STATE_KEY, None)
    if state is None or not state.recorders:
        return
    results = state.results()
    if not results and state.write_error is None:
        return
    counts = {status: 0 for status in Status}
    for result in results:
        counts[result.status] += 1
    verbose = config.getoption("verbose") > 0

    terminalreporter.write_sep("=", "evalcheck")
    for result in results:
        if result.status is Status.REGRESSED:
            terminalreporter.write_line(result.summary_line(), red=True)
        elif result.status is Status.IMPROVED:
            terminalreporter.write_line(result.summary_line(), green=True)
        elif result.status is Status.NEW:
            terminalreporter.write_line(result.summary_line(), yellow=True)
        elif verbose:
            terminalreporter.write_line(result.summary_line())
    shown_path = _display_path(state.path, config.rootpath)
    terminalreporter.write_line(
        f"{_count(len(results), 'metric')}: "
        + ", ".join(f"{counts[status]} {status.value}" for status in Status)
        + f" (tolerance {format_score(state.tolerance)}, baseline {shown_path})"
    )
    if state.update:
        if state.written is not None:
            terminalreporter.write_line(
                f"baseline updated: wrote the scores of {_count(state.written, 'test')} to {shown_path}",
                green=True,
            )
        elif state.write_skipped is not None:
            terminalreporter.write_line(
                f"baseline NOT updated because {state.write_skipped}", yellow=True
            )
        if state.write_error is not None:
            terminalreporter.write_line(f"evalcheck: {state.write_error}", red=True)
