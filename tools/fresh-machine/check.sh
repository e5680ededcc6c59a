#!/usr/bin/env bash
# Runs README's two quick-start commands in a fresh clone inside a clean Debian root, as a new user on a
# fresh machine of this kind would: the .NET SDK, the NuGet cache and Node.js with npm come from the host
# (bind-mounted, as the machine image has them), and nothing else: no Python, no Python tools, no shellcheck,
# no chromium, no debootstrap.
#
#   tools/fresh-machine/check.sh [SUITE] [COMMAND...]
#
# SUITE is the Debian release (default bookworm, Debian 12). COMMAND defaults to
#   ./build.sh && ./build.sh Test
# The root is made with debootstrap under $WHEELHOUSE_ROOTS (default /var/tmp/wheelhouse-roots) and removed
# afterwards unless KEEP_ROOT=1. Needs root, debootstrap and the Debian mirror.
set -euo pipefail

suite=${1:-bookworm}
shift || true
command=${*:-"./build.sh && ./build.sh Test"}
repo=$(cd "$(dirname "$0")/../.." && pwd)
roots=${WHEELHOUSE_ROOTS:-/var/tmp/wheelhouse-roots}
root=$roots/fresh-$suite-$$
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
mirror=${mirror:-http://deb.debian.org/debian}
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
nuget=${NUGET_PACKAGES:-$HOME/.nuget/packages}
case $suite in
  bookworm) icu=libicu72 ;;
  trixie) icu=libicu76 ;;
  *) icu=libicu-dev ;;
esac

mounted=()
# shellcheck disable=SC2317 # called by the trap
cleanup() {
  local i
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done
  if [[ ${KEEP_ROOT:-0} != 1 ]]; then rm -rf --one-file-system "$root"; fi
}
trap cleanup EXIT
bind() { mkdir -p "$2"; mount --bind "$1" "$2"; mounted+=("$2"); }

mkdir -p "$roots"
echo "fresh-machine: debootstrap $suite into $root"
# What a machine of this kind has besides .NET: git and curl (and what .NET itself needs: ICU, CA certificates).
debootstrap --variant=minbase --include=ca-certificates,git,curl,$icu "$suite" "$root" "$mirror" >"$root.debootstrap.log" 2>&1 ||
  { tail -20 "$root.debootstrap.log"; exit 1; }
rm -f "$root.debootstrap.log"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# The machine's own certificate authorities (a proxy may terminate TLS), as the machine image has them.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
  chroot "$root" update-ca-certificates >/dev/null 2>&1
fi
# ... and the variables that point tools at them (only those set here, passed on unchanged).
ca_env=()
for v in SSL_CERT_FILE SSL_CERT_DIR NODE_EXTRA_CA_CERTS CURL_CA_BUNDLE REQUESTS_CA_BUNDLE PIP_CERT GIT_SSL_CAINFO NUGET_CERT_REVOCATION_MODE; do
  if [[ -n ${!v:-} ]]; then ca_env+=("$v=${!v}"); fi
done

# A machine's / is a mount point (mount namespaces and propagation changes need one): make the root one.
bind "$root" "$root"
bind /proc "$root/proc"
bind /dev "$root/dev"
bind /sys "$root/sys"
bind "$dotnet_root" "$root/usr/share/dotnet"
bind "$nuget" "$root/root/.nuget/packages"
ln -sf /usr/share/dotnet/dotnet "$root/usr/bin/dotnet"
# Node.js and npm as the machine image has them (a binary and npm's folder), when the host has them there.
if [[ -x /usr/bin/node && -d /usr/lib/node_modules/npm ]]; then
  cp /usr/bin/node "$root/usr/bin/node"
  bind /usr/lib/node_modules "$root/usr/lib/node_modules"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/bin/npm"
fi

git clone -q "$repo" "$root/tmp/clone"
echo "fresh-machine: python3 before: $(chroot "$root" sh -c 'command -v python3 || echo none'); running: $command"
start=$(date +%s)
rc=0
chroot "$root" env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin TERM=dumb \
  DOTNET_CLI_TELEMETRY_OPTOUT=1 "${ca_env[@]}" bash -c "cd /tmp/clone && $command" || rc=$?
echo "fresh-machine: exit code $rc after $(($(date +%s) - start)) s"
exit $rc
