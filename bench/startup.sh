#!/usr/bin/env bash
# Start-up benchmark of the bootstrap. See bench/README.md.
#
#   bench/startup.sh [RUNS]      (or BENCH_RUNS=RUNS bench/startup.sh; default 7)
#
# Times three ways of getting the build's --help, interleaved, RUNS times each:
#   (a) ./build.sh --help                       the bootstrap, warm (stamp current)
#   (b) dotnet build build/_build.csproj -v q -nologo
#       && dotnet run --project build/_build.csproj --no-build -- --help
#                                               the classic "build then run" bootstrap
#   (c) dotnet build/bin/publish/_build.dll --help
#                                               the compiled (ReadyToRun) build, started directly
# and prints the medians and the ratios a/b (bound <= 0.10) and a/c (bound <= 1.25).
# Exits 1 when a bound is broken, 2 on bad usage or when a command fails.
set -euo pipefail

runs=${1:-${BENCH_RUNS:-7}}
if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bench/startup.sh [RUNS]   (RUNS: a positive integer, default 7)" >&2
  exit 2
fi

here=${BASH_SOURCE[0]%/*}
[[ $here != "${BASH_SOURCE[0]}" ]] || here=.
cd -P -- "$here/.."
repo=$PWD
dll=build/bin/publish/_build.dll

bound_ab=0.10
bound_ac=1.25

cmd_a() { ./build.sh --help; }
cmd_b() {
  dotnet build build/_build.csproj -v q -nologo &&
    dotnet run --project build/_build.csproj --no-build -- --help
}
cmd_c() { dotnet "$dll" --help; }
cmd_0() { :; } # no-op: measures the cost of taking the timestamps themselves

# time_ns NAME: runs cmd_NAME once with its output discarded, prints elapsed nanoseconds
time_ns() {
  local t0 t1 rc=0
  t0=$(date +%s%N)
  "cmd_$1" </dev/null >/dev/null 2>&1 || rc=$?
  t1=$(date +%s%N)
  if ((rc != 0)); then
    echo "bench: command ($1) failed with exit code $rc; run it by hand to see why" >&2
    exit 2
  fi
  echo $((t1 - t0))
}

median_ms() { # numbers in ns on stdin -> median in ms
  sort -n | awk '{ v[NR] = $1 } END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.1f", m / 1e6 }'
}

# Warm up: the first ./build.sh compiles if its stamp is stale; (c) then finds the dll.
for name in a b c; do time_ns "$name" >/dev/null; done
if [[ ! -f $dll ]]; then
  echo "bench: $dll does not exist after ./build.sh; does build.sh still publish to build/bin/publish?" >&2
  exit 2
fi

samples_0=() samples_a=() samples_b=() samples_c=()
for ((i = 0; i < runs; i++)); do
  samples_0+=("$(time_ns 0)")
  samples_a+=("$(time_ns a)")
  samples_b+=("$(time_ns b)")
  samples_c+=("$(time_ns c)")
done

m0=$(printf '%s\n' "${samples_0[@]}" | median_ms)
ma=$(printf '%s\n' "${samples_a[@]}" | median_ms)
mb=$(printf '%s\n' "${samples_b[@]}" | median_ms)
mc=$(printf '%s\n' "${samples_c[@]}" | median_ms)

echo "startup benchmark in $repo: $runs interleaved runs each, medians"
echo "(timer overhead, subtracted below: $m0 ms)"
awk -v m0="$m0" -v ma="$ma" -v mb="$mb" -v mc="$mc" -v bab="$bound_ab" -v bac="$bound_ac" '
function net(x) { x -= m0; return x > 0.001 ? x : 0.001 }
BEGIN {
  a = net(ma); b = net(mb); c = net(mc)
  printf "  (a) ./build.sh --help (warm)                          %9.1f ms\n", a
  printf "  (b) dotnet build + dotnet run --no-build -- --help    %9.1f ms\n", b
  printf "  (c) dotnet build/bin/publish/_build.dll --help        %9.1f ms\n", c
  rab = a / b; rac = a / c; bad = 0
  printf "  a/b = %.3f  (bound <= %.2f)  %s\n", rab, bab, (rab <= bab ? "ok" : "BROKEN")
  printf "  a/c = %.3f  (bound <= %.2f)  %s\n", rac, bac, (rac <= bac ? "ok" : "BROKEN")
  if (rab > bab || rac > bac) bad = 1
  print (bad ? "FAIL: a bound is broken" : "PASS")
  exit bad
}'
