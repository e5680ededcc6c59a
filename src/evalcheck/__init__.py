"""evalcheck: a pytest plugin that tracks evaluation scores against a baseline.

Tests request the ``evalcheck`` fixture and record named scores with
``evalcheck.record("accuracy", 0.91)``.  The plugin compares every recorded
score with the value stored for the same test and metric in a JSON baseline
file and fails the test when a score dropped by more than the configured
tolerance.  See :mod:`evalcheck.plugin` for the pytest integration.
"""

__version__ = "0.2.0"

__all__ = ["__version__"]
