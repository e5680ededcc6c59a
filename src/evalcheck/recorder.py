"""The object handed to tests by the ``evalcheck`` fixture."""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from types import MappingProxyType


def validate_metric_name(name: object) -> str:
    """Return *name* if it is usable as a metric name, else raise.

    A metric name must be a ``str`` that is not empty and not only whitespace.
    """
    __tracebackhide__ = True
    if not isinstance(name, str):
        raise TypeError(
            f"evalcheck: metric name must be a str, got {type(name).__name__} ({name!r})"
        )
    if not name.strip():
        raise ValueError(f"evalcheck: metric name must be a non-empty string, got {name!r}")
    return name


def validate_score(name: str, score: object) -> float:
    """Return *score* as a float if it is a finite real number, else raise.

    ``bool`` is rejected even though it is an ``int`` subclass: recording
    ``True`` as a score is almost certainly a mistake.
    """
    __tracebackhide__ = True
    if isinstance(score, bool) or not isinstance(score, numbers.Real):
        raise TypeError(
            f"evalcheck: score for metric {name!r} must be a real number (int or float), "
            f"got {type(score).__name__} ({score!r})"
        )
    try:
        value = float(score)
    except OverflowError:
        raise ValueError(
            f"evalcheck: score for metric {name!r} is too large to be stored as a float: {score!r}"
        ) from None
    if not math.isfinite(value):
        raise ValueError(f"evalcheck: score for metric {name!r} must be finite, got {value!r}")
    return value


class Recorder:
    """Collects the scores recorded by one test.

    An instance is returned by the ``evalcheck`` fixture.  Scores are compared
    with the baseline after the test body has finished.
    """

    def __init__(self, nodeid: str) -> None:
        self._nodeid = nodeid
        self._scores: dict[str, float] = {}

    @property
    def nodeid(self) -> str:
        """The pytest node id of the test the scores belong to."""
        return self._nodeid

    @property
    def scores(self) -> Mapping[str, float]:
        """A read-only view of the scores recorded so far, in recording order."""
        return MappingProxyType(self._scores)

    def record(self, name: str, score: float) -> None:
        """Record *score* for the metric *name*.

        Raises ``TypeError`` if *name* is not a ``str`` or *score* is not a real
        number, and ``ValueError`` if *name* is empty, *score* is not finite, or
        the metric was already recorded by this test.
        """
        __tracebackhide__ = True  # show the error at the caller in pytest tracebacks
        name = validate_metric_name(name)
        value = validate_score(name, score)
        if name in self._scores:
            raise ValueError(
                f"evalcheck: metric {name!r} was already recorded by this test "
                f"(previous score {self._scores[name]!r}); record each metric once"
            )
        self._scores[name] = value

    def __repr__(self) -> str:
        return f"<evalcheck.Recorder {self._nodeid!r} scores={self._scores!r}>"
