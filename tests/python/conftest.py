"""Shared fixtures for the evalcheck test-suite.

The plugin is imported from ``src`` (see ``pythonpath`` in pyproject.toml).
Runs started through ``pytester`` load it with ``-p evalcheck.plugin`` unless
an installed distribution already provides it through its entry point; loading
it both ways would make pytest register the same module twice.  In that case
pytest imports the installed copy before ``src`` is put on ``sys.path``, so the
installed copy is what gets tested; the report header shows which one it is.
"""

from __future__ import annotations

import importlib.metadata
import os

import pytest

import evalcheck

pytest_plugins = ["pytester"]


def _loaded_by_entry_point() -> bool:
    if os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD"):
        return False
    return any(ep.value == "evalcheck.plugin" for ep in importlib.metadata.entry_points(group="pytest11"))


PLUGIN_ARGS: tuple[str, ...] = () if _loaded_by_entry_point() else ("-p", "evalcheck.plugin")


def pytest_report_header(config: pytest.Config) -> str:
    return f"evalcheck under test: {evalcheck.__version__} from {os.path.dirname(evalcheck.__file__)}"


@pytest.fixture
def plugin_args() -> tuple[str, ...]:
    """Command-line arguments that enable the plugin in a pytester run."""
    return PLUGIN_ARGS


@pytest.fixture
def run(pytester: pytest.Pytester):
    """Run pytest in-process in the pytester folder with the plugin enabled."""

    def _run(*args: str) -> pytest.RunResult:
        return pytester.runpytest(*PLUGIN_ARGS, *args)

    return _run
