"""Smoke tests of the installed evalcheck.

``./build.sh VerifyInstall`` copies this folder into a scratch folder where the source tree cannot be imported and
runs it with the pytest of a fresh venv that has the built wheel installed (``[tool.wheelhouse.verify]`` in
pyproject.toml). So these tests see evalcheck as its users do: loaded by pytest through the ``pytest11`` entry point
of the installed distribution. Each one runs pytest on the eval suite in ``eval_project/`` in a pytester folder, with
the baseline at evalcheck's default path.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

EVAL_PROJECT = Path(__file__).parent / "eval_project"
IMPROVING = "test_scores.py::test_improving_score"
REGRESSING = "test_scores.py::test_regressing_score"


@pytest.fixture
def eval_suite(pytester: pytest.Pytester) -> pytest.Pytester:
    """The eval suite and its baseline, copied into the pytester folder (its rootdir)."""
    shutil.copy(EVAL_PROJECT / "test_scores.py", pytester.path)
    baseline = pytester.path / ".evalcheck" / "baseline.json"
    baseline.parent.mkdir()
    shutil.copy(EVAL_PROJECT / "baseline.json", baseline)
    return pytester


def test_the_eval_marker_is_registered(pytester: pytest.Pytester):
    result = pytester.runpytest("--markers")

    result.stdout.fnmatch_lines(["@pytest.mark.eval: an evaluation test*"])
    assert result.ret == 0


def test_an_improving_score_passes_and_a_regressing_score_fails_with_evalchecks_message(eval_suite: pytest.Pytester):
    result = eval_suite.runpytest("--strict-markers", "-rA")

    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*_ test_regressing_score _*",
            "evalcheck: accuracy regressed: baseline 0.900, score 0.800 (tolerance 0.000)",
            f"PASSED {IMPROVING}",
            f"FAILED {REGRESSING}*",
        ]
    )


def test_updating_the_baseline_passes_and_records_this_runs_scores(eval_suite: pytest.Pytester):
    result = eval_suite.runpytest("--strict-markers", "--evalcheck-update-baseline")

    result.assert_outcomes(passed=2)
    written = json.loads((eval_suite.path / ".evalcheck" / "baseline.json").read_text(encoding="utf-8"))
    assert written["scores"] == {IMPROVING: {"accuracy": 0.95}, REGRESSING: {"accuracy": 0.8}}
