"""Unit tests of the Recorder returned by the evalcheck fixture."""

from __future__ import annotations

import fractions
import math

import pytest

from evalcheck.recorder import Recorder


def test_records_scores_as_floats_in_order():
    recorder = Recorder("t.py::t")
    recorder.record("accuracy", 0.91)
    recorder.record("count", 3)
    recorder.record("ratio", fractions.Fraction(1, 4))
    assert list(recorder.scores.items()) == [("accuracy", 0.91), ("count", 3.0), ("ratio", 0.25)]
    assert all(type(value) is float for value in recorder.scores.values())
    assert recorder.nodeid == "t.py::t"


def test_scores_view_is_read_only():
    recorder = Recorder("t.py::t")
    recorder.record("accuracy", 0.5)
    with pytest.raises(TypeError):
        recorder.scores["accuracy"] = 1.0  # type: ignore[index]


@pytest.mark.parametrize("name", [None, 1, b"accuracy", ["accuracy"]])
def test_name_must_be_str(name):
    with pytest.raises(TypeError, match="metric name must be a str"):
        Recorder("t").record(name, 0.5)


@pytest.mark.parametrize("name", ["", "   "])
def test_name_must_not_be_empty(name):
    with pytest.raises(ValueError, match="metric name must be a non-empty string"):
        Recorder("t").record(name, 0.5)


@pytest.mark.parametrize("score", ["0.5", None, True, False, 1j, [0.5]])
def test_score_must_be_a_real_number(score):
    with pytest.raises(TypeError, match="score for metric 'accuracy' must be a real number"):
        Recorder("t").record("accuracy", score)


@pytest.mark.parametrize("score", [math.nan, math.inf, -math.inf])
def test_score_must_be_finite(score):
    with pytest.raises(ValueError, match="score for metric 'accuracy' must be finite"):
        Recorder("t").record("accuracy", score)


def test_score_too_large_for_a_float():
    with pytest.raises(ValueError, match="score for metric 'accuracy' is too large"):
        Recorder("t").record("accuracy", 10**400)


def test_metric_recorded_twice():
    recorder = Recorder("t")
    recorder.record("accuracy", 0.5)
    with pytest.raises(ValueError, match="metric 'accuracy' was already recorded"):
        recorder.record("accuracy", 0.6)
    assert dict(recorder.scores) == {"accuracy": 0.5}


def test_failed_record_leaves_no_trace():
    recorder = Recorder("t")
    with pytest.raises(ValueError):
        recorder.record("accuracy", math.nan)
    recorder.record("accuracy", 0.5)
    assert dict(recorder.scores) == {"accuracy": 0.5}
