"""An eval suite as a user of evalcheck writes it: the ``eval`` marker, the ``evalcheck`` fixture, one score per test.

Its baseline (baseline.json beside this file) holds accuracy 0.900 for both tests: the first improves on it, the
second regresses.
"""

import pytest


@pytest.mark.eval
def test_improving_score(evalcheck):
    evalcheck.record("accuracy", 0.95)


@pytest.mark.eval
def test_regressing_score(evalcheck):
    evalcheck.record("accuracy", 0.80)
