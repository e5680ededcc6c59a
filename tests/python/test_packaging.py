"""Build the wheel and sdist offline and check what they contain and do.

These tests call ``python -m build --no-isolation`` on the repository, so the
build backend (hatchling) and ``build`` must be importable by the interpreter
running the tests.
"""

from __future__ import annotations

import email.parser
import os
import re
import subprocess
import sys
import tarfile
import textwrap
import zipfile
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: build depends on tomli there
    import tomli as tomllib

import evalcheck

ROOT = Path(__file__).resolve().parents[2]
VERSION = evalcheck.__version__


def _clean_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("PYTHONPATH", "PYTEST_ADDOPTS", "PYTEST_DISABLE_PLUGIN_AUTOLOAD", "PYTEST_PLUGINS"):
        env.pop(name, None)
    return env


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=_clean_env(), capture_output=True, text=True, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = _run(
        [sys.executable, "-m", "build", "--no-isolation", "--skip-dependency-check", "--outdir", str(out), str(ROOT)],
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Path:
    (path,) = dist.glob("*.whl")
    assert path.name == f"evalcheck-{VERSION}-py3-none-any.whl"
    return path


@pytest.fixture(scope="module")
def sdist(dist: Path) -> Path:
    (path,) = dist.glob("*.tar.gz")
    assert path.name == f"evalcheck-{VERSION}.tar.gz"
    return path


def test_version_attribute_is_the_version_in_pyproject():
    # Not a pinned release: BumpVersion changes both, and they must agree.
    with open(ROOT / "pyproject.toml", "rb") as file:
        project = tomllib.load(file)["project"]
    assert "version" not in project.get("dynamic", [])
    assert VERSION == project["version"]


def test_wheel_entry_point_and_metadata(wheel: Path):
    info = f"evalcheck-{VERSION}.dist-info"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
        metadata = email.parser.Parser().parsestr(archive.read(f"{info}/METADATA").decode())

    package_files = {name for name in names if not name.startswith(info)}
    assert package_files == {
        "evalcheck/__init__.py",
        "evalcheck/baseline.py",
        "evalcheck/comparison.py",
        "evalcheck/plugin.py",
        "evalcheck/py.typed",
        "evalcheck/recorder.py",
    }
    assert f"{info}/licenses/LICENSE" in names

    sections = [line.strip() for line in entry_points.splitlines() if line.strip()]
    assert sections == ["[pytest11]", "evalcheck = evalcheck.plugin"]

    assert metadata["Name"] == "evalcheck"
    assert metadata["Version"] == VERSION
    assert metadata["Requires-Python"] == ">=3.10"
    assert metadata.get_all("Requires-Dist") == ["pytest>=7"]
    assert metadata["License"] == "MIT"
    assert metadata["Description-Content-Type"] == "text/markdown"
    classifiers = metadata.get_all("Classifier")
    for classifier in (
        "Framework :: Pytest",
        "Programming Language :: Python :: 3",
        "License :: OSI Approved :: MIT License",
    ):
        assert classifier in classifiers
    urls = metadata.get_all("Project-URL")
    assert "Homepage, https://github.com/evalcheck/evalcheck" in urls
    assert any(url.startswith("Changelog, ") for url in urls)
    assert "# evalcheck" in metadata.get_payload()


def test_sdist_holds_only_the_plugin_files(sdist: Path):
    prefix = f"evalcheck-{VERSION}/"
    with tarfile.open(sdist) as archive:
        members = archive.getnames()

    assert all(name.startswith(prefix) for name in members)
    names = [name[len(prefix):] for name in members]
    assert len(names) == len(set(names)), f"duplicate entries: {sorted(names)}"

    tests = {name for name in names if name.startswith("tests/")}
    shipped = [*(ROOT / "tests" / "python").glob("*.py"), *(p for p in (ROOT / "tests" / "smoke").rglob("*") if p.is_file())]
    assert tests == {str(p.relative_to(ROOT)) for p in shipped if "__pycache__" not in p.parts}
    assert {name for name in names if name.startswith("src/")} == {
        "src/evalcheck/__init__.py",
        "src/evalcheck/baseline.py",
        "src/evalcheck/comparison.py",
        "src/evalcheck/plugin.py",
        "src/evalcheck/py.typed",
        "src/evalcheck/recorder.py",
    }
    top_level = {name for name in names if "/" not in name}
    # hatchling always adds the root .gitignore to an sdist.
    assert top_level == {"pyproject.toml", "PYPI_README.md", "CHANGELOG.md", "LICENSE", "PKG-INFO", ".gitignore"}

    for name in names:
        assert not name.endswith((".cs", ".csproj", ".sln", ".props", ".dll", ".pyc")), name
        assert not name.startswith(("build/", ".nuke/", ".github/", "bench/", ".ci/")), name


def test_changelog_has_a_section_for_this_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog
    assert f"## [{VERSION}] - " in changelog
    assert changelog.index("## [Unreleased]") < changelog.index(f"## [{VERSION}]")
    # The first release links to its tag, every later one to the comparison with the release before it.
    link = re.search(rf"^\[{re.escape(VERSION)}\]: (\S+)$", changelog, re.MULTILINE)
    assert link, f"CHANGELOG.md has no link definition for [{VERSION}]"
    assert re.fullmatch(
        rf"https://github\.com/evalcheck/evalcheck/(releases/tag/|compare/v\S+\.\.\.)v{re.escape(VERSION)}", link.group(1)
    ), link.group(1)


def test_installed_wheel_is_loaded_by_pytest(dist: Path, tmp_path: Path):
    venv = tmp_path / "venv"
    proc = _run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    python = venv / "bin" / "python"
    proc = _run(
        [str(python), "-m", "pip", "install", "--no-index", "--find-links", str(dist), f"evalcheck=={VERSION}"],
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr

    project = tmp_path / "project"
    (project / "evals").mkdir(parents=True)
    (project / "pytest.ini").write_text("[pytest]\nevalcheck_baseline = evals/baseline.json\n", encoding="utf-8")
    (project / "test_model.py").write_text(
        textwrap.dedent(
            """
            import pytest

            @pytest.mark.eval
            def test_model(evalcheck):
                evalcheck.record("accuracy", 0.85)
            """
        ),
        encoding="utf-8",
    )
    (project / "evals" / "baseline.json").write_text(
        '{"version": 1, "scores": {"test_model.py::test_model": {"accuracy": 0.91}}}', encoding="utf-8"
    )

    proc = _run([str(python), "-m", "pytest", "-p", "no:cacheprovider"], cwd=project)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert f"evalcheck-{VERSION}" in next(line for line in output.splitlines() if line.startswith("plugins:"))
    assert "evalcheck: accuracy regressed: baseline 0.910, score 0.850 (tolerance 0.000)" in output
    assert "1 failed" in output
    # The plugin was imported from the installed wheel, not from the source tree.
    proc = _run([str(python), "-c", "import evalcheck.plugin as p; print(p.__file__)"], cwd=project)
    assert str(venv) in proc.stdout, proc.stdout + proc.stderr

    proc = _run([str(python), "-m", "pytest", "-p", "no:cacheprovider", "--evalcheck-update-baseline"], cwd=project)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert '"accuracy": 0.85' in (project / "evals" / "baseline.json").read_text(encoding="utf-8")
