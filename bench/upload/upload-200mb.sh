#!/usr/bin/env bash
# Upload benchmark: a 200 MB file to the local index, twice. See bench/upload/README.md.
#
#   bench/upload-200mb.sh            (BENCH_MB=N for another size; default 200)
#
# Writes a wheel of BENCH_MB megabytes (one stored entry of random bytes) into a temporary root, then runs
# bench/upload/UploadBench (the uploader and the local index from src/, built Debug as ./build.sh builds them):
#   (alone)       the index in another process: the uploader's own memory
#   (sink)        a server in another process that discards the upload: the uploader's own speed
#   (in-process)  the index in the uploading process, as ./build.sh Rehearse runs it
# Each prints the peak resident memory over the baseline before the upload (VmHWM, reset through
# /proc/self/clear_refs) and the throughput. Exit 1 when any run grows by 64 MiB or more, or fails;
# exit 2 on bad usage or when a command fails to start.
set -euo pipefail

megabytes=${BENCH_MB:-200}
if ! [[ $megabytes =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: bench/upload/upload-200mb.sh   (BENCH_MB: a positive integer)" >&2
  exit 2
fi

here=${BASH_SOURCE[0]%/*}
[[ $here != "${BASH_SOURCE[0]}" ]] || here=.
cd -P -- "$here/../.."
project=bench/upload/UploadBench/UploadBench.csproj
dll=bench/upload/UploadBench/bin/Debug/net10.0/UploadBench.dll
if ! dotnet build "$project" -v q -nologo >/dev/null; then
  echo "bench: dotnet build $project failed; run it by hand to see why" >&2
  exit 2
fi

root=$(mktemp -d "${TMPDIR:-/tmp}/upload-bench.XXXXXX")
server_pid=
# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  if [[ -n $server_pid ]]; then
    exec 3>&- 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf -- "$root"
}
trap cleanup EXIT

mapfile -t wheels < <(dotnet "$dll" make "$root/dist" "$megabytes")
wheel=${wheels[0]}
warm=${wheels[1]}
echo "payload: $(basename "$wheel"), $(du -m "$wheel" | cut -f1) MB"

status=0

# start_server MODE [ARGS]: runs UploadBench in another process until its standard input (fd 3 here) closes,
# and sets url to the upload URL it prints
start_server() {
  rm -f -- "$root/ready"
  mkfifo "$root/ready"
  exec 3> >(dotnet "$dll" "$@" >"$root/ready")
  server_pid=$!
  read -r word url <"$root/ready" || true
  if [[ ${word:-} != READY ]]; then
    echo "bench: 'UploadBench $*' did not start" >&2
    exit 2
  fi
}
stop_server() {
  exec 3>&-
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}

# (alone) The local index in its own process: the uploader's memory, and the speed of the whole road.
start_server serve "$root/index-alone"
echo
echo "== uploader alone, to the local index in another process"
dotnet "$dll" upload "$wheel" "$warm" --index-url "$url" || status=1
stop_server

# (sink) A server that discards what it gets: how fast the uploader itself sends (for information, no bound
# on speed; the memory bound applies).
start_server sink
echo
echo "== uploader alone, to a server that discards the upload"
dotnet "$dll" upload "$wheel" "$warm" --index-url "$url" || status=1
stop_server

echo
echo "== uploader and index in one process"
dotnet "$dll" upload "$wheel" "$warm" --in-process "$root/index-in-process" || status=1

exit "$status"
