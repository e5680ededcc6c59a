"""Reading, validating, merging and atomically writing the baseline file.

The baseline is a JSON document of this shape::

    {
      "version": 1,
      "scores": {
        "tests/test_model.py::test_accuracy": {"accuracy": 0.91, "f1": 0.88}
      }
    }

``scores`` maps pytest node ids to an object mapping metric names to numbers.
Other top-level keys are ignored when reading and are not written back.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

FORMAT_VERSION = 1

Scores = dict[str, dict[str, float]]
"""Baseline scores: node id -> metric name -> score."""


class BaselineError(Exception):
    """The baseline file cannot be read or does not have the expected shape."""

    def __init__(self, path: Path, problem: str, *, unreadable: bool = False) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
        self.unreadable = unreadable
        """True if the file could not be read at all, False if its content is invalid."""


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def parse_baseline(data: object, path: Path) -> Scores:
    """Validate decoded JSON *data* and return the scores it holds."""
    if not isinstance(data, dict):
        raise BaselineError(path, f"expected a JSON object at the top level, got {type(data).__name__}")
    if "version" not in data:
        raise BaselineError(path, 'missing the "version" key')
    version = data["version"]
    if not isinstance(version, int) or isinstance(version, bool):
        raise BaselineError(path, f'"version" must be an integer, got {version!r}')
    if version != FORMAT_VERSION:
        raise BaselineError(
            path,
            f"unsupported format version {version} (this evalcheck reads version {FORMAT_VERSION})",
        )
    if "scores" not in data:
        raise BaselineError(path, 'missing the "scores" key')
    raw_scores = data["scores"]
    if not isinstance(raw_scores, dict):
        raise BaselineError(path, f'"scores" must be an object, got {type(raw_scores).__name__}')

    scores: Scores = {}
    for nodeid, metrics in raw_scores.items():
        if not nodeid:
            raise BaselineError(path, 'empty test id in "scores"')
        if not isinstance(metrics, dict):
            raise BaselineError(
                path, f"entry for {nodeid!r} must be an object of metric scores, got {type(metrics).__name__}"
            )
        entry: dict[str, float] = {}
        for metric, value in metrics.items():
            if not metric.strip():
                raise BaselineError(path, f"empty metric name in the entry for {nodeid!r}")
            if not _is_number(value) or not math.isfinite(value):
                raise BaselineError(
                    path, f"score of {metric!r} for {nodeid!r} must be a finite number, got {value!r}"
                )
            entry[metric] = float(value)
        scores[nodeid] = entry
    return scores


def _reject_constant(name: str) -> float:
    # json accepts NaN and Infinity by default; they are not valid JSON.
    raise ValueError(f"{name} is not a valid JSON number")


def load_baseline(path: Path) -> Scores:
    """Read the baseline at *path*; a missing file means an empty baseline."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError as exc:
        raise BaselineError(path, f"not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise BaselineError(path, exc.strerror or str(exc), unreadable=True) from None
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except ValueError as exc:
        raise BaselineError(path, f"not valid JSON ({exc})") from None
    return parse_baseline(data, path)


def merge_scores(existing: Mapping[str, Mapping[str, float]], recorded: Mapping[str, Mapping[str, float]]) -> Scores:
    """Return a new baseline from *existing* updated with *recorded*.

    A test that recorded at least one score replaces its whole entry, so metrics
    it no longer records are dropped.  Entries of tests that recorded nothing
    (for example because they were not selected) are kept unchanged.
    """
    merged: Scores = {nodeid: dict(metrics) for nodeid, metrics in existing.items()}
    for nodeid, metrics in recorded.items():
        if metrics:
            merged[nodeid] = dict(metrics)
    return merged


def dump_baseline(scores: Mapping[str, Mapping[str, float]]) -> str:
    """Serialise *scores* as baseline JSON text with sorted keys."""
    document = {"version": FORMAT_VERSION, "scores": scores}
    return json.dumps(document, indent=2, sort_keys=True, allow_nan=False) + "\n"


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save_baseline(path: Path, scores: Mapping[str, Mapping[str, float]]) -> None:
    """Write *scores* to *path* atomically.

    The text goes to a temporary file in the same folder, which then replaces
    *path* with :func:`os.replace`, so readers never see a half-written file.
    Missing parent folders are created.
    """
    text = dump_baseline(scores)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o666 & ~_current_umask()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
