"""Unit tests of the pure comparison logic."""

from __future__ import annotations

import pytest

from evalcheck.comparison import MetricResult, Status, classify, compare, format_score


@pytest.mark.parametrize(
    ("score", "baseline", "tolerance", "expected"),
    [
        (0.5, None, 0.0, Status.NEW),
        (0.9, 0.9, 0.0, Status.UNCHANGED),
        (0.91, 0.9, 0.0, Status.IMPROVED),
        (0.89, 0.9, 0.0, Status.REGRESSED),
        (0.86, 0.91, 0.05, Status.UNCHANGED),  # exactly at the tolerance, despite float noise
        (0.85, 0.91, 0.05, Status.REGRESSED),
        (0.0, 0.0, 0.0, Status.UNCHANGED),
        (-2.0, -1.0, 0.5, Status.REGRESSED),
        (-1.0, -2.0, 0.0, Status.IMPROVED),
        (100.0, 100.0 + 1e-13, 0.0, Status.UNCHANGED),  # rounding noise is not a change
    ],
)
def test_classify(score, baseline, tolerance, expected):
    assert classify(score, baseline, tolerance) is expected


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.91, "0.910"), (0.0, "0.000"), (1.0, "1.000"), (0.9104, "0.9104"), (1e-07, "1e-07"), (0.06000000000000005, "0.060"), (-0.5, "-0.500"), (1234.5, "1234.500")],
)
def test_format_score(value, text):
    assert format_score(value) == text


def test_compare_keeps_recording_order_and_ignores_unrecorded_baseline_metrics():
    results = compare("t.py::t", {"b": 0.5, "a": 0.7, "c": 0.1}, {"a": 0.6, "c": 0.2, "unused": 1.0}, 0.0)
    assert [(r.metric, r.status) for r in results] == [
        ("b", Status.NEW),
        ("a", Status.IMPROVED),
        ("c", Status.REGRESSED),
    ]
    assert all(r.nodeid == "t.py::t" for r in results)


def test_failure_message_names_metric_baseline_score_and_tolerance():
    (result,) = compare("t.py::t", {"accuracy": 0.85}, {"accuracy": 0.91}, 0.0)
    assert result.failure_message() == "evalcheck: accuracy regressed: baseline 0.910, score 0.850 (tolerance 0.000)"


def test_failure_message_requires_a_baseline():
    result = MetricResult("t.py::t", "accuracy", 0.5, None, 0.0, Status.NEW)
    with pytest.raises(ValueError, match="accuracy"):
        result.failure_message()


def test_summary_lines():
    regressed, improved, new = compare("t.py::t", {"a": 0.85, "b": 0.95, "c": 0.5}, {"a": 0.91, "b": 0.9}, 0.0)
    assert regressed.summary_line() == "REGRESSED t.py::t a 0.910 -> 0.850 (-0.060)"
    assert improved.summary_line() == "IMPROVED t.py::t b 0.900 -> 0.950 (+0.050)"
    assert new.summary_line() == "NEW t.py::t c 0.500"
    assert new.delta is None
    assert regressed.delta == pytest.approx(-0.06)
