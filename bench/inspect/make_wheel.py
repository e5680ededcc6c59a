#!/usr/bin/env python3
"""Writes a large, valid pytest-plugin wheel for bench/inspect-wheel.sh.

    make_wheel.py ROOT [FILES] [TOTAL_MB]

ROOT gets a pyproject.toml, an empty .nuke/ (so the build accepts it as --root) and
dist/benchplugin-1.0.0-py3-none-any.whl holding FILES modules (default 10000) of about
TOTAL_MB megabytes in all (default 100), with a RECORD of sha256 digests and sizes, and a
pytest11 entry point. The content is deterministic (seeded) and compresses about 3:1 like
source code does, so inflating it costs what it costs on real wheels.
"""
import base64
import hashlib
import os
import random
import sys
import zipfile

NAME, VERSION = "benchplugin", "1.0.0"
DIST_INFO = f"{NAME}-{VERSION}.dist-info"

PYPROJECT = f"""[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "{NAME}"
version = "{VERSION}"
classifiers = ["Framework :: Pytest"]

[project.entry-points.pytest11]
{NAME} = "{NAME}.plugin"
"""

METADATA = f"""Metadata-Version: 2.1
Name: {NAME}
Version: {VERSION}
Summary: A generated wheel for the InspectWheel benchmark.
Classifier: Framework :: Pytest

"""

WHEEL = """Wheel-Version: 1.0
Generator: bench/inspect/make_wheel.py
Root-Is-Purelib: true
Tag: py3-none-any
"""

ENTRY_POINTS = f"[pytest11]\n{NAME} = {NAME}.plugin\n"


def module_text(rng, target_size):
    """Python-looking lines with random identifiers and numbers (unique per file)."""
    lines = []
    size = 0
    while size < target_size:
        line = f"value_{rng.getrandbits(24):06x} = {rng.getrandbits(40)}  # {rng.choice(WORDS)} {rng.choice(WORDS)}\n"
        lines.append(line)
        size += len(line)
    return "".join(lines).encode()


WORDS = ("score baseline metric tolerance regression accuracy recall precision sample "
         "record compare update summary marker fixture plugin report").split()


def digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    root = sys.argv[1]
    files = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    total = int(float(sys.argv[3]) * 1_000_000) if len(sys.argv) > 3 else 100_000_000
    os.makedirs(os.path.join(root, ".nuke"), exist_ok=True)
    os.makedirs(os.path.join(root, "dist"), exist_ok=True)
    with open(os.path.join(root, "pyproject.toml"), "w") as f:
        f.write(PYPROJECT)

    rng = random.Random(20240611)
    average = total // files
    record = []
    path = os.path.join(root, "dist", f"{NAME}-{VERSION}-py3-none-any.whl")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
        def add(name, data):
            wheel.writestr(name, data)
            record.append(f"{name},{digest(data)},{len(data)}")

        add(f"{NAME}/__init__.py", b'"""Generated."""\n')
        add(f"{NAME}/plugin.py", b"def pytest_configure(config):\n    pass\n")
        add(f"{NAME}/gen/__init__.py", b"# generated modules\n")
        for i in range(files - 3):
            # sizes from a quarter to twice the average, so entries are not all alike
            add(f"{NAME}/gen/m{i:05d}.py", module_text(rng, rng.randint(average // 4, average * 7 // 4)))
        add(f"{DIST_INFO}/METADATA", METADATA.encode())
        add(f"{DIST_INFO}/WHEEL", WHEEL.encode())
        add(f"{DIST_INFO}/entry_points.txt", ENTRY_POINTS.encode())
        record.append(f"{DIST_INFO}/RECORD,,")
        wheel.writestr(f"{DIST_INFO}/RECORD", "\n".join(record) + "\n")
    print(path)


if __name__ == "__main__":
    main()
