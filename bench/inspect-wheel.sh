#!/usr/bin/env bash
# InspectWheel benchmark: our inspection against a plain Python RECORD check. See bench/inspect/README.md.
#
#   bench/inspect-wheel.sh [RUNS]     (or BENCH_RUNS=RUNS; default 7)
#
# Writes a wheel of BENCH_FILES files (default 10000) and about BENCH_MB megabytes (default 100) with a
# valid RECORD into a temporary root, then times, interleaved, RUNS times each:
#   (core)   dotnet bench/inspect/InspectCore/bin/publish/InspectCore.dll ROOT
#            InspectWheel's code (read, hash, every check, JSON report) without the build engine
#   (python) python3 bench/inspect/verify_record.py WHEEL     (PYTHON=... to choose the interpreter)
#            zipfile + hashlib: RECORD's sha256 digests and sizes, nothing else
#   (target) dotnet build/bin/publish/_build.dll InspectWheel --skip --root ROOT
#            the real target, engine start-up and the findings included (for information, no bound)
# and prints the medians and the ratio python/core, which must be >= 2.0 (exit 1 otherwise).
# Exit 2 on bad usage or when a command fails.
set -euo pipefail

runs=${1:-${BENCH_RUNS:-7}}
files=${BENCH_FILES:-10000}
megabytes=${BENCH_MB:-100}
python=${PYTHON:-python3}
bound=2.0
if ! [[ $runs =~ ^[1-9][0-9]*$ && $files =~ ^[1-9][0-9]*$ && $megabytes =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bench/inspect-wheel.sh [RUNS]   (RUNS, BENCH_FILES, BENCH_MB: positive integers)" >&2
  exit 2
fi

here=${BASH_SOURCE[0]%/*}
[[ $here != "${BASH_SOURCE[0]}" ]] || here=.
cd -P -- "$here/.."
core_dll=bench/inspect/InspectCore/bin/publish/InspectCore.dll
build_dll=build/bin/publish/_build.dll

# Compiled the way ./build.sh compiles the build (Debug, published ReadyToRun), so that the core runs the
# same Wheelhouse.Python code, precompiled the same way, as the target.
if ! dotnet publish bench/inspect/InspectCore/InspectCore.csproj -o bench/inspect/InspectCore/bin/publish -v q -nologo >/dev/null; then
  echo "bench: dotnet publish bench/inspect/InspectCore failed; run it by hand to see why" >&2
  exit 2
fi
if ! ./build.sh --help >/dev/null; then
  echo "bench: ./build.sh --help failed; run it by hand to see why" >&2
  exit 2
fi

# The interpreter itself, not a launcher in front of it (a pyenv shim adds tens of milliseconds per start).
if ! python=$("$python" -c 'import sys; print(sys.executable)') || [[ -z $python ]]; then
  echo "bench: cannot run ${PYTHON:-python3}; set PYTHON to a Python 3 interpreter" >&2
  exit 2
fi

root=$(mktemp -d "${TMPDIR:-/tmp}/inspect-wheel-bench.XXXXXX")
trap 'rm -rf -- "$root"' EXIT
wheel=$("$python" bench/inspect/make_wheel.py "$root" "$files" "$megabytes")
size=$(du -m "$wheel" | cut -f1)
# A real project commits its generated workflows, so a warm build's stale-workflow check is one stamp read;
# without them every (target) run would regenerate and compare them, and warn.
if ! dotnet "$build_dll" GenerateWorkflows --root "$root" --no-logo >/dev/null 2>&1; then
  echo "bench: ./build.sh GenerateWorkflows --root $root failed; run it by hand to see why" >&2
  exit 2
fi

cmd_core() { dotnet "$core_dll" "$root"; }
cmd_python() { "$python" bench/inspect/verify_record.py "$wheel"; }
cmd_target() { dotnet "$build_dll" InspectWheel --skip --root "$root" --no-logo; }

# time_ns NAME: runs cmd_NAME once, output discarded, and prints the elapsed nanoseconds
time_ns() {
  local t0 t1 rc=0
  t0=$(date +%s%N)
  "cmd_$1" </dev/null >/dev/null 2>&1 || rc=$?
  t1=$(date +%s%N)
  if ((rc != 0)); then
    echo "bench: ($1) failed with exit code $rc; run it by hand to see why:" >&2
    declare -f "cmd_$1" | sed -n 3p >&2
    exit 2
  fi
  echo $((t1 - t0))
}

median_ms() { # nanoseconds on stdin -> median in ms
  sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", ((NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) / 1e6 }'
}

# Warm-up: page cache, the JIT's disk caches, the first start of each runtime.
for name in core python target; do time_ns "$name" >/dev/null; done

core=() py=() target=()
for ((i = 0; i < runs; i++)); do
  core+=("$(time_ns core)")
  py+=("$(time_ns python)")
  target+=("$(time_ns target)")
done

mc=$(printf '%s\n' "${core[@]}" | median_ms)
mp=$(printf '%s\n' "${py[@]}" | median_ms)
mt=$(printf '%s\n' "${target[@]}" | median_ms)
echo "InspectWheel benchmark: a wheel of $files files, $megabytes MB uncompressed ($size MB on disk), $(nproc) cores; $runs interleaved runs each, medians"
awk -v c="$mc" -v p="$mp" -v t="$mt" -v bound="$bound" 'BEGIN {
  printf "  (core)   InspectCore: read, sha256, all checks, JSON   %9.1f ms\n", c
  printf "  (python) verify_record.py: zipfile + hashlib, RECORD %9.1f ms\n", p
  printf "  (target) ./build.sh InspectWheel --skip (the dll)     %9.1f ms\n", t
  r = p / c
  printf "  python/core   = %.2f  (bound >= %.1f)  %s\n", r, bound, (r >= bound ? "ok" : "BROKEN")
  printf "  python/target = %.2f  (information: includes the engine start-up and the output)\n", p / t
  print (r >= bound ? "PASS" : "FAIL: InspectWheel is not twice as fast as the Python script")
  exit (r >= bound ? 0 : 1)
}'
