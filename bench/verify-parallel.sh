#!/usr/bin/env bash
# VerifyInstall with two interpreters: at once (--parallel, default) against one after another (--parallel 1).
# See bench/README.md.
#
#   bench/verify-parallel.sh [ROUNDS]      (or BENCH_ROUNDS=ROUNDS; default 3)
#
# In a fresh clone of this repository (its committed HEAD) in a temp folder, it builds the wheel once, makes a
# second interpreter (a venv of /usr/bin/python3 made with --copies, so it is a distinct executable that sees the
# same Debian pytest), then runs, interleaved, ROUNDS times each:
#   (s) ./build.sh VerifyInstall --skip --verify-python A B --parallel 1     one after another
#   (p) ./build.sh VerifyInstall --skip --verify-python A B                  the default degree (processor count)
#   (a) ./build.sh VerifyInstall --skip --verify-python A                    A alone
#   (b) ./build.sh VerifyInstall --skip --verify-python B                    B alone
# and prints the medians of VerifyInstall's own duration (from the summary in .nuke/temp/build.log) and the ratios
# p/s and p/max(a,b). Exits 1 when p/max(a,b) > 1.5 or p/s > 0.85, 2 on bad usage or when a command fails.
set -euo pipefail

rounds=${1:-${BENCH_ROUNDS:-3}}
if ! [[ $rounds =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bench/verify-parallel.sh [ROUNDS]   (ROUNDS: a positive integer, default 3)" >&2
  exit 2
fi

here=${BASH_SOURCE[0]%/*}
[[ $here != "${BASH_SOURCE[0]}" ]] || here=.
repo=$(cd -P -- "$here/.." && pwd)
bound_slowest=1.5
bound_sequential=0.85

work=$(mktemp -d "${TMPDIR:-/tmp}/wheelhouse-bench-verify-XXXXXX")
trap 'rm -rf -- "$work"' EXIT
clone=$work/repo
git clone -q --no-hardlinks "$repo" "$clone"
cd "$clone"

python_a=/usr/bin/python3
venv=$work/venv
"$python_a" -m venv --copies --system-site-packages "$venv"
python_b=$venv/bin/python

# The venv takes pytest from the system site-packages (offline); saying so skips the 5-second index probe.
common=(VerifyInstall --skip --verify-system-site-packages true --verbosity minimal)
cmd_s() { ./build.sh "${common[@]}" --verify-python "$python_a" "$python_b" --parallel 1; }
cmd_p() { ./build.sh "${common[@]}" --verify-python "$python_a" "$python_b"; }
cmd_a() { ./build.sh "${common[@]}" --verify-python "$python_a"; }
cmd_b() { ./build.sh "${common[@]}" --verify-python "$python_b"; }

# run NAME: runs cmd_NAME, prints VerifyInstall's duration in ms from the summary the build logs last
run() {
  local rc=0 line
  "cmd_$1" </dev/null >"$work/out-$1.txt" 2>&1 || rc=$?
  if ((rc != 0)); then
    echo "bench: ($1) failed with exit code $rc; its output:" >&2
    tail -40 "$work/out-$1.txt" >&2
    exit 2
  fi
  line=$(grep -E '\] VerifyInstall +Succeeded' .nuke/temp/build.log | tail -1)
  awk '{ split($NF, t, ":"); printf "%.0f\n", (t[1] * 60 + t[2]) * 1000 }' <<<"$line"
}

median() { # numbers on stdin -> median
  sort -n | awk '{ v[NR] = $1 } END { printf "%.0f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# How busy the machine is: other sessions' load takes CPU from this one as a whole (the kernel's autogroup
# scheduling shares the CPU between sessions), so two interpreters at once cannot gain while it is saturated.
busy() {
  printf 'load %s' "$(cut -d' ' -f1-3 /proc/loadavg)"
  [[ -r /proc/pressure/cpu ]] && printf ', CPU pressure %s' "$(awk '/^some/ { sub("avg60=", "", $3); print $3 "%" }' /proc/pressure/cpu)"
  [[ -r /proc/sys/kernel/sched_autogroup_enabled ]] && printf ', autogroup %s' "$(cat /proc/sys/kernel/sched_autogroup_enabled)"
  echo
}

echo "verify-parallel benchmark: $rounds interleaved round(s), $(nproc) cores, in a clone of $repo at $(git rev-parse --short HEAD)"
echo "  before: $(busy)"
echo "  A = $python_a ($("$python_a" -c 'import sys, pytest; print(sys.version.split()[0], "pytest", pytest.__version__)'))"
echo "  B = $python_b (venv --copies --system-site-packages of A)"
./build.sh Build --verbosity minimal >"$work/out-build.txt" 2>&1 || { echo "bench: ./build.sh Build failed:" >&2; tail -40 "$work/out-build.txt" >&2; exit 2; }
run a >/dev/null || exit 2 # warm-up: the first pip and pytest start of each interpreter fills the OS caches
run b >/dev/null || exit 2

declare -A times
for ((r = 1; r <= rounds; r++)); do
  for name in s p a b; do
    t=$(run "$name") || exit 2
    times[$name]+="$t "
  done
done

median_of() { tr ' ' '\n' <<<"${times[$1]}" | grep . | median; }
m_s=$(median_of s)
m_p=$(median_of p)
m_a=$(median_of a)
m_b=$(median_of b)
slowest=$((m_a > m_b ? m_a : m_b))
ratio_seq=$(awk -v p="$m_p" -v s="$m_s" 'BEGIN { printf "%.2f", p / s }')
ratio_slowest=$(awk -v p="$m_p" -v m="$slowest" 'BEGIN { printf "%.2f", p / m }')
ok_seq=$(awk -v r="$ratio_seq" -v b="$bound_sequential" 'BEGIN { print (r <= b) ? "ok" : "TOO SLOW" }')
ok_slowest=$(awk -v r="$ratio_slowest" -v b="$bound_slowest" 'BEGIN { print (r <= b) ? "ok" : "TOO SLOW" }')

echo "  after:  $(busy)"
printf '  VerifyInstall, median of %d (ms; all runs: s=[%s] p=[%s] a=[%s] b=[%s])\n' "$rounds" "${times[s]% }" "${times[p]% }" "${times[a]% }" "${times[b]% }"
printf '  (s) A and B, --parallel 1     %8d\n' "$m_s"
printf '  (p) A and B, default degree   %8d\n' "$m_p"
printf '  (a) A alone                   %8d\n' "$m_a"
printf '  (b) B alone                   %8d\n' "$m_b"
printf '  a+b = %d   max(a,b) = %d\n' "$((m_a + m_b))" "$slowest"
printf '  p/s        = %s  (bound <= %s)  %s\n' "$ratio_seq" "$bound_sequential" "$ok_seq"
printf '  p/max(a,b) = %s  (bound <= %s)  %s\n' "$ratio_slowest" "$bound_slowest" "$ok_slowest"
if [[ $ok_seq == ok && $ok_slowest == ok ]]; then echo PASS; else echo FAIL; exit 1; fi
