#!/usr/bin/env bash
# What the plugin API gate adds to a release: ./build.sh on evalcheck with and without CheckPluginApi.
#
#   bench/api-gate.sh [RUNS]     (or BENCH_RUNS=RUNS; default 3: one ./build.sh is a whole rehearsal)
#
# Clones this repository's HEAD (the committed plugin-api.json included) into a temporary folder, compiles its
# build once, then times, interleaved, RUNS times each:
#   (full)    ./build.sh                        Clean, Build, InspectWheel, CheckPluginApi, Rehearse: the default
#   (without) ./build.sh --skip CheckPluginApi  the same run without the gate
#   (gate)    ./build.sh CheckPluginApi --skip --api-baseline-index none
#             the gate alone on the dist/ the run before left: read the wheel's API in a fresh venv, compare it
#             with the committed snapshot (as the rehearsal does: its local index starts empty)
# and prints the medians, full - without (what the gate adds to ./build.sh; noisy: a difference of two long runs)
# and gate/full. The gate alone (engine start-up included, so an upper estimate of what it adds) must take at most
# BENCH_MAX_GATE_SHARE of the full run (default 0.3). A share, not seconds: on a shared machine every process start
# slows down alike, and the seconds say more about the load than about the gate (the load average is printed).
# Exit 2 on bad usage or when a command fails.
set -euo pipefail

runs=${1:-${BENCH_RUNS:-3}}
bound=${BENCH_MAX_GATE_SHARE:-0.3}
if ! [[ $runs =~ ^[1-9][0-9]*$ && $bound =~ ^0?[.][0-9]+$ ]]; then
  echo "usage: bench/api-gate.sh [RUNS]   (RUNS: a positive integer; BENCH_MAX_GATE_SHARE: a fraction such as 0.3)" >&2
  exit 2
fi

here=${BASH_SOURCE[0]%/*}
[[ $here != "${BASH_SOURCE[0]}" ]] || here=.
cd -P -- "$here/.."

root=$(mktemp -d "${TMPDIR:-/tmp}/api-gate-bench.XXXXXX")
trap 'rm -rf -- "$root"' EXIT
if ! git clone --quiet --no-hardlinks . "$root/evalcheck"; then
  echo "bench: git clone of $(pwd) failed" >&2
  exit 2
fi
cd "$root/evalcheck"
if ! ./build.sh --help >/dev/null 2>&1; then
  echo "bench: ./build.sh --help failed in the clone $root/evalcheck; run it by hand to see why" >&2
  exit 2
fi

cmd_full() { ./build.sh --no-logo; }
cmd_without() { ./build.sh --no-logo --skip CheckPluginApi; }
cmd_gate() { ./build.sh --no-logo CheckPluginApi --skip --api-baseline-index none; }

# time_ns NAME: runs cmd_NAME once, output discarded, and prints the elapsed nanoseconds
time_ns() {
  local t0 t1 rc=0
  t0=$(date +%s%N)
  "cmd_$1" </dev/null >"$root/$1.log" 2>&1 || rc=$?
  t1=$(date +%s%N)
  if ((rc != 0)); then
    echo "bench: ($1) failed with exit code $rc; its output is below" >&2
    tail -n 30 "$root/$1.log" >&2
    exit 2
  fi
  echo $((t1 - t0))
}

median_s() { # nanoseconds on stdin -> median in seconds
  sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", ((NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) / 1e9 }'
}

# Warm-up: the first rehearsal fills the page cache and leaves dist/ for (gate).
time_ns full >/dev/null

full=() without=() gate=()
for ((i = 0; i < runs; i++)); do
  full+=("$(time_ns full)")
  without+=("$(time_ns without)")
  gate+=("$(time_ns gate)")
done

mf=$(printf '%s\n' "${full[@]}" | median_s)
mw=$(printf '%s\n' "${without[@]}" | median_s)
mg=$(printf '%s\n' "${gate[@]}" | median_s)
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
echo "Plugin API gate benchmark: evalcheck, $(nproc) cores (load average $load); $runs interleaved runs each, medians"
awk -v f="$mf" -v w="$mw" -v g="$mg" -v bound="$bound" 'BEGIN {
  printf "  (full)    ./build.sh (Clean, Build, InspectWheel, CheckPluginApi, Rehearse)  %7.2f s\n", f
  printf "  (without) ./build.sh --skip CheckPluginApi                                %7.2f s\n", w
  printf "  (gate)    ./build.sh CheckPluginApi --skip (engine start-up included)     %7.2f s\n", g
  added = f - w
  printf "  the gate adds %.2f s to ./build.sh (full - without), %.0f%% of the rehearsal run; alone it takes %.0f%% of it\n", added, 100 * added / f, 100 * g / f
  ok = (g <= bound * f)
  printf "  bound: the gate alone at most %.0f%% of the full run  %s\n", 100 * bound, (ok ? "ok" : "BROKEN")
  print (ok ? "PASS" : "FAIL: the gate alone takes more than " 100 * bound "% of the full run")
  exit (ok ? 0 : 1)
}'
