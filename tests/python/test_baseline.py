"""Unit tests of reading, merging and writing the baseline file."""

from __future__ import annotations

import json
import os
import stat

import pytest

import evalcheck.baseline
from evalcheck.baseline import (
    FORMAT_VERSION,
    BaselineError,
    dump_baseline,
    load_baseline,
    merge_scores,
    save_baseline,
)


def test_missing_file_is_an_empty_baseline(tmp_path):
    assert load_baseline(tmp_path / "nope" / "baseline.json") == {}


def test_round_trip(tmp_path):
    path = tmp_path / "b.json"
    scores = {"t.py::b": {"z": 1.0, "a": 0.25}, "t.py::a": {"m": 0.5}}
    save_baseline(path, scores)
    assert load_baseline(path) == scores
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data == {"version": FORMAT_VERSION, "scores": scores}


def test_dump_is_sorted_and_ends_with_newline():
    text = dump_baseline({"t.py::b": {"z": 1.0, "a": 0.25}, "t.py::a": {"m": 0.5}})
    assert text.endswith("}\n")
    assert text.index('"t.py::a"') < text.index('"t.py::b"')
    assert text.index('"a"') < text.index('"z"')


def test_integer_scores_are_read_as_floats(tmp_path):
    path = tmp_path / "b.json"
    path.write_text('{"version": 1, "scores": {"t.py::t": {"count": 3}}}', encoding="utf-8")
    scores = load_baseline(path)
    assert scores == {"t.py::t": {"count": 3.0}}
    assert type(scores["t.py::t"]["count"]) is float


def test_unknown_top_level_keys_are_ignored(tmp_path):
    path = tmp_path / "b.json"
    path.write_text('{"version": 1, "scores": {}, "comment": "hi"}', encoding="utf-8")
    assert load_baseline(path) == {}


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("", "not valid JSON"),
        ("{", "not valid JSON"),
        ('"text"', "expected a JSON object at the top level, got str"),
        ('{"version": "1", "scores": {}}', '"version" must be an integer'),
        ('{"version": true, "scores": {}}', '"version" must be an integer'),
        ('{"version": 99, "scores": {}}', "unsupported format version 99"),
        ('{"version": 1, "scores": []}', '"scores" must be an object, got list'),
        ('{"version": 1, "scores": {"": {}}}', "empty test id"),
        ('{"version": 1, "scores": {"t": 0.5}}', "entry for 't' must be an object"),
        ('{"version": 1, "scores": {"t": {" ": 0.5}}}', "empty metric name in the entry for 't'"),
        ('{"version": 1, "scores": {"t": {"a": null}}}', "score of 'a' for 't' must be a finite number"),
        ('{"version": 1, "scores": {"t": {"a": false}}}', "score of 'a' for 't' must be a finite number"),
        ('{"version": 1, "scores": {"t": {"a": Infinity}}}', "not valid JSON"),
        ('{"version": 1, "scores": {"t": {"a": 1e999}}}', "score of 'a' for 't' must be a finite number"),
    ],
)
def test_malformed_content(tmp_path, content, problem):
    path = tmp_path / "b.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError) as excinfo:
        load_baseline(path)
    assert excinfo.value.path == path
    assert problem in excinfo.value.problem
    assert not excinfo.value.unreadable


def test_not_utf8(tmp_path):
    path = tmp_path / "b.json"
    path.write_bytes(b'{"version": 1, "scores": {"\xff": {}}}')
    with pytest.raises(BaselineError, match="not valid UTF-8"):
        load_baseline(path)


def test_unreadable(tmp_path):
    with pytest.raises(BaselineError) as excinfo:
        load_baseline(tmp_path)
    assert excinfo.value.unreadable


def test_merge_replaces_recorded_tests_and_keeps_the_rest():
    existing = {"a": {"x": 1.0, "old": 2.0}, "b": {"y": 3.0}}
    recorded = {"a": {"x": 1.5}, "c": {"z": 0.1}, "d": {}}
    assert merge_scores(existing, recorded) == {"a": {"x": 1.5}, "b": {"y": 3.0}, "c": {"z": 0.1}}
    # The inputs are not modified.
    assert existing == {"a": {"x": 1.0, "old": 2.0}, "b": {"y": 3.0}}


def test_save_creates_folders(tmp_path):
    path = tmp_path / "deep" / "er" / "baseline.json"
    save_baseline(path, {"t": {"a": 0.5}})
    assert load_baseline(path) == {"t": {"a": 0.5}}


def test_save_replaces_atomically_via_temp_file_in_same_folder(tmp_path, monkeypatch):
    path = tmp_path / "baseline.json"
    path.write_text("old content", encoding="utf-8")
    calls = []
    real_replace = os.replace

    def spy(src, dst):
        calls.append((src, dst))
        # Until the replace, the old file is intact.
        assert path.read_text(encoding="utf-8") == "old content"
        real_replace(src, dst)

    monkeypatch.setattr(evalcheck.baseline.os, "replace", spy)
    save_baseline(path, {"t": {"a": 0.5}})
    ((src, dst),) = calls
    assert os.path.dirname(src) == str(tmp_path)
    assert dst == path
    assert load_baseline(path) == {"t": {"a": 0.5}}
    assert os.listdir(tmp_path) == ["baseline.json"]


def test_save_failure_keeps_old_file_and_removes_temp_file(tmp_path, monkeypatch):
    path = tmp_path / "baseline.json"
    path.write_text("old content", encoding="utf-8")

    def boom(src, dst):
        raise OSError("disk on fire")

    monkeypatch.setattr(evalcheck.baseline.os, "replace", boom)
    with pytest.raises(OSError, match="disk on fire"):
        save_baseline(path, {"t": {"a": 0.5}})
    assert path.read_text(encoding="utf-8") == "old content"
    assert os.listdir(tmp_path) == ["baseline.json"]


def test_save_keeps_permissions_of_existing_file(tmp_path):
    path = tmp_path / "baseline.json"
    path.write_text("{}", encoding="utf-8")
    path.chmod(0o640)
    save_baseline(path, {})
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_new_file_gets_normal_permissions(tmp_path):
    path = tmp_path / "baseline.json"
    save_baseline(path, {})
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask
