"""Pure comparison of recorded scores with baseline scores.

Every metric is treated as "higher is better".  Nothing in this module touches
pytest or the file system, so it can be tested and reused on its own.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass

# Differences this small are treated as rounding noise, so that for example a
# drop from 0.91 to 0.86 is not reported as exceeding a tolerance of 0.05 just
# because 0.91 - 0.86 == 0.05000000000000004 in binary floating point.
_REL_EPSILON = 1e-9
_ABS_EPSILON = 1e-12


class Status(str, enum.Enum):
    """How a recorded score relates to its baseline."""

    REGRESSED = "regressed"
    """The score is lower than the baseline by more than the tolerance."""
    IMPROVED = "improved"
    """The score is higher than the baseline."""
    NEW = "new"
    """The metric has no baseline value yet."""
    UNCHANGED = "unchanged"
    """The score equals the baseline or is lower by no more than the tolerance."""


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=_REL_EPSILON, abs_tol=_ABS_EPSILON)


def classify(score: float, baseline: float | None, tolerance: float) -> Status:
    """Classify one *score* against its *baseline* (``None`` if there is none)."""
    if baseline is None:
        return Status.NEW
    if score > baseline and not _close(score, baseline):
        return Status.IMPROVED
    drop = baseline - score
    if drop > tolerance and not _close(drop, tolerance):
        return Status.REGRESSED
    return Status.UNCHANGED


def format_score(value: float) -> str:
    """Format a score with three decimals, or more digits when three would hide it."""
    text = f"{value:.3f}"
    if _close(float(text), value):
        return text
    return f"{value:.6g}"


@dataclass(frozen=True)
class MetricResult:
    """The outcome of comparing one metric of one test."""

    nodeid: str
    metric: str
    score: float
    baseline: float | None
    tolerance: float
    status: Status

    @property
    def delta(self) -> float | None:
        """``score - baseline``, or ``None`` for a new metric."""
        if self.baseline is None:
            return None
        return self.score - self.baseline

    def failure_message(self) -> str:
        """The line used to fail a test whose metric regressed."""
        if self.baseline is None:
            raise ValueError(f"metric {self.metric!r} has no baseline to regress from")
        return (
            f"evalcheck: {self.metric} regressed: baseline {format_score(self.baseline)}, "
            f"score {format_score(self.score)} (tolerance {format_score(self.tolerance)})"
        )

    def summary_line(self) -> str:
        """The line shown for this metric in the terminal summary."""
        label = self.status.value.upper()
        if self.baseline is None:
            return f"{label} {self.nodeid} {self.metric} {format_score(self.score)}"
        delta = self.score - self.baseline
        sign = "+" if delta >= 0 else "-"
        return (
            f"{label} {self.nodeid} {self.metric} "
            f"{format_score(self.baseline)} -> {format_score(self.score)} "
            f"({sign}{format_score(abs(delta))})"
        )


def compare(
    nodeid: str,
    scores: Mapping[str, float],
    baseline: Mapping[str, float],
    tolerance: float,
) -> list[MetricResult]:
    """Compare the *scores* of one test with that test's *baseline* scores.

    Results are returned in the order of *scores*.  Baseline metrics that were
    not recorded are ignored.
    """
    results = []
    for metric, score in scores.items():
        reference = baseline.get(metric)
        results.append(
            MetricResult(
                nodeid=nodeid,
                metric=metric,
                score=score,
                baseline=reference,
                tolerance=tolerance,
                status=classify(score, reference, tolerance),
            )
        )
    return results
