#!/usr/bin/env bash
# Wheelhouse bootstrap for bash: compiles the build project (build/_build.csproj) when its
# inputs change, then runs it with every argument passed through unchanged.
#
# Warm path: when nothing changed since the last compile, this script forks exactly one
# process (`find`, to fingerprint the inputs) and then execs
#     <dotnet> <repo>/build/bin/publish/_build.dll "$@"
# -- no MSBuild, no SDK resolution.
#
# Cold path (inputs changed, no stamp, no dll, or forced):
#   1. choose a dotnet whose SDKs satisfy global.json (version + rollForward):
#      the `dotnet` on PATH, else .nuke/temp/dotnet/dotnet, else install one into
#      .nuke/temp/dotnet with the official dotnet-install.sh;
#   2. `dotnet publish build/_build.csproj -o build/bin/publish` (output is shown only when it
#      fails). The project sets PublishReadyToRun, so the build and the assemblies it uses are
#      precompiled to native code for this machine (less JIT at every start: about 20 ms off a
#      warm --help); the SDK picks the machine's runtime identifier for the build project alone,
#      so src/ projects keep their RID-neutral Debug outputs, shared with the test projects.
#      If only ReadyToRun is impossible (NETSDK1094/NETSDK1095: no crossgen for the platform, or
#      NU1101/NU1102 for the crossgen/runtime packs: a NuGet source without them), it publishes
#      again without ReadyToRun and warns;
#   3. write the stamp .nuke/temp/build.stamp atomically, and build/bin/publish/prebuilt.stamp
#      (the platform and a SHA-256 of the inputs' contents, see below), then run as above.
#
# A build compiled elsewhere (CI: an earlier job on the same OS uploads build/bin/publish/ and a
# later job downloads it into build/bin/prebuilt/): on the cold path, before compiling, when
# build/bin/prebuilt/prebuilt.stamp names this platform (`uname -sm`) and the SHA-256 of the
# inputs' contents as they are here, the build runs from build/bin/prebuilt without restore or
# compile, and the stamp records it, so later runs take the warm path. Mtimes do not count: a
# fresh clone has new ones. A prebuilt folder of other sources or another platform is not used.
#
# The stamp holds the dotnet executable used, the dll path (relative to the repo root) and the
# fingerprint: one line "path mtime size" per input file, where the inputs are *.cs, *.csproj,
# *.props and *.targets under build/ and src/Wheelhouse.*/ (bin/ and obj/ excluded) plus the
# root files Directory.Build.props/.targets, Directory.Packages.props, global.json, NuGet.config.
#
# The build runs in the caller's working directory (the engine finds the repo root itself by
# walking up to .nuke/); the script can be called from anywhere.
#
# Environment:
#   WHEELHOUSE_FORCE_COMPILE=1       compile even if the stamp says the inputs are unchanged
#                                    (and ignore build/bin/prebuilt)
#   WHEELHOUSE_NO_COMPILE=1          never compile: fail unless the stamp is current or
#                                    build/bin/prebuilt matches (jobs that must not restore or
#                                    compile, e.g. the ones holding an OIDC token)
#   WHEELHOUSE_DOTNET_INSTALL_URL    where to download dotnet-install.sh from
#                                    (default https://dot.net/v1/dotnet-install.sh)
set -euo pipefail

stamp_format='wheelhouse-build-stamp 1'

# --- repo root = the folder of this script, made canonical without forking -----------------
cwd=$PWD
root=${BASH_SOURCE[0]}
if [[ -L $root ]]; then root=$(readlink -f -- "$root"); fi # called through a symlink
if [[ $root == */* ]]; then root=${root%/*}; else root=.; fi
cd -P -- "$root"
root=$PWD

stamp=.nuke/temp/build.stamp

# --- fingerprint of the build inputs (paths relative to the root) ---------------------------
shopt -s nullglob
inputs=(build src/Wheelhouse.*/)
for f in Directory.Build.props Directory.Build.targets Directory.Packages.props global.json \
  NuGet.config nuget.config NuGet.Config; do
  if [[ -e $f ]]; then inputs+=("$f"); fi
done
shopt -u nullglob

find_filter=(\( -name bin -o -name obj \) -type d -prune -o -type f
  \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' -o -name '*.targets'
  -o -name global.json -o -iname nuget.config \))
case $OSTYPE in
  darwin* | *bsd*) find_print=(-exec stat -f '%N %Fm %z' {} +) ;; # BSD find has no -printf
  *) find_print=(-printf '%p %T@ %s\n') ;;
esac
# a plain command inside $(...), so that bash execs find without an extra fork
fp="$stamp_format
$(find "${inputs[@]}" "${find_filter[@]}" "${find_print[@]}")"

run_build() { # <dotnet> <dll relative to root> [args...]
  local dotnet=$1 dll=$root/$2
  shift 2
  if [[ $dotnet == "$root/.nuke/temp/dotnet/"* ]]; then
    # a private SDK: let the build's own `dotnet` calls find the same installation
    export DOTNET_ROOT=${dotnet%/*}
    PATH=$DOTNET_ROOT:$PATH
  fi
  cd -- "$cwd"
  exec "$dotnet" "$dll" "$@"
}

stamp_is_current() {
  [[ -f $stamp ]] || return 1
  local s_dotnet s_dll s_fp=
  { IFS= read -r s_dotnet && IFS= read -r s_dll && { IFS= read -r -d '' s_fp || true; }; } <"$stamp" || return 1
  [[ $s_fp == "$fp" && -x $s_dotnet && -f $s_dll ]] || return 1
  stamp_dotnet=$s_dotnet
  stamp_dll=$s_dll
}

# --- warm path --------------------------------------------------------------------------------
if [[ ${WHEELHOUSE_FORCE_COMPILE:-0} != 1 ]] && stamp_is_current; then
  run_build "$stamp_dotnet" "$stamp_dll" "$@"
fi

# ==============================================================================================
# Cold path from here on: forks are fine.
# ==============================================================================================
say() { printf 'build.sh: %s\n' "$*" >&2; }

mkdir -p .nuke/temp

# Serialise concurrent compiles of the same checkout; whoever waited re-checks the stamp.
if command -v flock >/dev/null 2>&1; then
  exec 9>.nuke/temp/build.lock
  flock 9
  if [[ ${WHEELHOUSE_FORCE_COMPILE:-0} != 1 ]] && stamp_is_current; then
    exec 9>&-
    run_build "$stamp_dotnet" "$stamp_dll" "$@"
  fi
fi

# --- global.json --------------------------------------------------------------------------------
want_version='' roll='' allow_pre=true
if [[ -f global.json ]]; then
  # the "sdk": { ... } object, on one line
  sdk_obj=$(tr '\r\n\t' '   ' <global.json | sed -n 's/.*"sdk"[[:space:]]*:[[:space:]]*{\([^}]*\)}.*/\1/p')
  ws='[[:space:]]*'
  if [[ $sdk_obj =~ \"version\"$ws:$ws\"([^\"]*)\" ]]; then want_version=${BASH_REMATCH[1]}; fi
  if [[ $sdk_obj =~ \"rollForward\"$ws:$ws\"([^\"]*)\" ]]; then roll=${BASH_REMATCH[1]}; fi
  if [[ $sdk_obj =~ \"allowPrerelease\"$ws:$ws(true|false) ]]; then allow_pre=${BASH_REMATCH[1]}; fi
fi
if [[ -z $roll ]]; then
  # the SDK's defaults: latestPatch when a version is pinned, otherwise anything goes
  if [[ -n $want_version ]]; then roll=latestPatch; else roll=latestMajor; fi
fi
# rollForward is case-insensitive, like in the SDK; from here on $roll is lower-case
roll_shown=$roll
roll=${roll,,}
case $roll in
  patch | feature | minor | major | latestpatch | latestfeature | latestminor | latestmajor | disable) ;;
  *)
    say "warning: unknown rollForward '$roll' in global.json, treating it as latestPatch"
    roll=latestpatch roll_shown=latestPatch
    ;;
esac

ver_re='^([0-9]+)\.([0-9]+)\.([0-9]+)(-(.*))?$'
if [[ -n $want_version && ! $want_version =~ $ver_re ]]; then
  say "error: global.json: sdk.version '$want_version' is not a version like 10.0.100"
  exit 1
fi

# version_cmp A B: prints -1, 0 or 1 (a prerelease sorts before its release)
version_cmp() {
  local a=$1 b=$2 i
  [[ $a =~ $ver_re ]] || { echo -1; return; }
  local -a x=("${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}")
  local xp=${BASH_REMATCH[5]}
  [[ $b =~ $ver_re ]] || { echo 1; return; }
  local -a y=("${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}")
  local yp=${BASH_REMATCH[5]}
  for i in 0 1 2; do
    if ((10#${x[i]} < 10#${y[i]})); then echo -1; return; fi
    if ((10#${x[i]} > 10#${y[i]})); then echo 1; return; fi
  done
  if [[ $xp == "$yp" ]]; then echo 0
  elif [[ -z $xp ]]; then echo 1
  elif [[ -z $yp ]]; then echo -1
  elif [[ $xp < $yp ]]; then echo -1
  else echo 1
  fi
}

# sdk_satisfies VERSION: does an installed SDK of that version satisfy global.json?
sdk_satisfies() {
  local v=$1
  [[ $v =~ $ver_re ]] || return 1
  local maj=${BASH_REMATCH[1]} min=${BASH_REMATCH[2]} pat=${BASH_REMATCH[3]} pre=${BASH_REMATCH[5]}
  if [[ -n $pre && $allow_pre == false && $v != "$want_version" ]]; then return 1; fi
  [[ -n $want_version ]] || return 0
  [[ $want_version =~ $ver_re ]]
  local wmaj=${BASH_REMATCH[1]} wmin=${BASH_REMATCH[2]} wpat=${BASH_REMATCH[3]}
  local cmp
  cmp=$(version_cmp "$v" "$want_version")
  case $roll in
    disable) [[ $v == "$want_version" ]] ;;
    patch | latestpatch)
      ((10#$maj == 10#$wmaj && 10#$min == 10#$wmin && 10#$pat / 100 == 10#$wpat / 100 && cmp >= 0)) ;;
    feature | latestfeature) ((10#$maj == 10#$wmaj && 10#$min == 10#$wmin && cmp >= 0)) ;;
    minor | latestminor) ((10#$maj == 10#$wmaj && cmp >= 0)) ;;
    major | latestmajor) ((cmp >= 0)) ;;
  esac
}

# human-readable form of what global.json asks for
describe_need() {
  if [[ -z $want_version ]]; then
    echo "any .NET SDK (global.json pins no version)"
    return
  fi
  [[ $want_version =~ $ver_re ]]
  local maj=${BASH_REMATCH[1]} min=${BASH_REMATCH[2]} band=$((10#${BASH_REMATCH[3]} / 100))
  case $roll in
    disable) echo ".NET SDK $want_version exactly" ;;
    patch | latestpatch) echo ".NET SDK $want_version or a later patch of the $maj.$min.${band}xx feature band" ;;
    feature | latestfeature) echo ".NET SDK $want_version or newer within $maj.$min ($maj.$min.${band}xx or a later feature band)" ;;
    minor | latestminor) echo ".NET SDK $want_version or newer within $maj.x" ;;
    major | latestmajor) echo ".NET SDK $want_version or newer" ;;
  esac
}

# usable_dotnet PATH: succeeds when that dotnet has an SDK satisfying global.json
seen_sdks=''
usable_dotnet() {
  local exe=$1 line v list
  [[ -x $exe ]] || return 1
  list=$(DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
    "$exe" --list-sdks 2>/dev/null </dev/null) || list=''
  local found=()
  while IFS= read -r line; do
    v=${line%% *}
    [[ -n $v ]] || continue
    found+=("$v")
    if sdk_satisfies "$v"; then return 0; fi
  done <<<"$list"
  seen_sdks+="  $exe: ${found[*]:-no SDKs}"$'\n'
  return 1
}

local_dotnet=$root/.nuke/temp/dotnet/dotnet
install_url=${WHEELHOUSE_DOTNET_INSTALL_URL:-https://dot.net/v1/dotnet-install.sh}

fail_no_sdk() { # <reason>
  local need
  need=$(describe_need)
  {
    echo "build.sh: error: no .NET SDK satisfying global.json was found."
    echo "  global.json asks for: $need (version '${want_version:-none}', rollForward '$roll_shown')"
    if [[ -n $seen_sdks ]]; then
      echo "  SDKs found:"
      printf '%s' "$seen_sdks"
    else
      echo "  no dotnet on PATH and none in .nuke/temp/dotnet"
    fi
    echo "  automatic install into .nuke/temp/dotnet failed: $1"
    echo "Install $need from https://dotnet.microsoft.com/download (or put such a dotnet on PATH),"
    echo "then run build.sh again."
  } >&2
  exit 1
}

install_sdk() {
  local script=.nuke/temp/dotnet-install.sh
  rm -f "$script"
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --connect-timeout 10 --max-time 120 -o "$script" "$install_url" 2>/dev/null ||
      fail_no_sdk "could not download $install_url (offline?)"
  elif command -v wget >/dev/null 2>&1; then
    wget -q --timeout=10 --tries=1 -O "$script" "$install_url" 2>/dev/null ||
      fail_no_sdk "could not download $install_url (offline?)"
  else
    fail_no_sdk "neither curl nor wget is available to download $install_url"
  fi

  # what to ask the installer for: a channel that satisfies the policy, then the exact version
  local specs=()
  if [[ -z $want_version ]]; then
    specs=("--channel LTS")
  else
    [[ $want_version =~ $ver_re ]]
    local mm=${BASH_REMATCH[1]}.${BASH_REMATCH[2]} band=$((10#${BASH_REMATCH[3]} / 100))
    case $roll in
      disable) ;;
      patch | latestpatch) specs=("--channel $mm.${band}xx") ;;
      *) specs=("--channel $mm") ;;
    esac
    specs+=("--version $want_version")
  fi
  local spec
  for spec in "${specs[@]}"; do
    say "installing .NET SDK ($spec) into .nuke/temp/dotnet"
    # shellcheck disable=SC2086 # spec is two words on purpose
    if bash "$script" $spec --install-dir "$root/.nuke/temp/dotnet" --no-path </dev/null >&2 &&
      usable_dotnet "$local_dotnet"; then
      return 0
    fi
  done
  fail_no_sdk "dotnet-install.sh could not install $(describe_need)"
}

dotnet=''
if path_dotnet=$(command -v dotnet 2>/dev/null) && usable_dotnet "$path_dotnet"; then
  dotnet=$path_dotnet
elif usable_dotnet "$local_dotnet"; then
  dotnet=$local_dotnet
else
  install_sdk
  dotnet=$local_dotnet
fi

# --- a build compiled by an earlier CI job ------------------------------------------------------
prebuilt=build/bin/prebuilt
prebuilt_format='wheelhouse-prebuilt 1'

# sources_hash: SHA-256 over the inputs' paths and contents, in byte order of the paths
sources_hash() {
  local -a sum
  if command -v sha256sum >/dev/null 2>&1; then sum=(sha256sum)
  elif command -v shasum >/dev/null 2>&1; then sum=(shasum -a 256)
  else return 1
  fi
  local list
  list=$(find "${inputs[@]}" "${find_filter[@]}" -print0 | LC_ALL=C sort -z | xargs -0 "${sum[@]}") || return 1
  printf '%s\n' "$list" | "${sum[@]}" | cut -d' ' -f1
}

# prebuilt.stamp: format, platform, dll (relative to its folder), sources hash
prebuilt_stamp_text() { # <dll file name> <sources hash>
  printf '%s\n%s\n%s\n%s\n' "$prebuilt_format" "$(uname -sm)" "$1" "$2"
}

# check_prebuilt: sets prebuilt_dll when build/bin/prebuilt can run here, else why_not
check_prebuilt() {
  local file=$prebuilt/prebuilt.stamp s_format s_platform s_dll s_hash here platform
  prebuilt_dll='' why_not=''
  if [[ ! -f $file ]]; then why_not="there is no $file"; return; fi
  if ! { IFS= read -r s_format && IFS= read -r s_platform && IFS= read -r s_dll && IFS= read -r s_hash; } <"$file"; then
    why_not="$file is incomplete"; return
  fi
  platform=$(uname -sm)
  if [[ $s_format != "$prebuilt_format" ]]; then why_not="$file is not a '$prebuilt_format' stamp"; return; fi
  if [[ $s_platform != "$platform" ]]; then why_not="it was compiled on $s_platform, this is $platform"; return; fi
  if [[ -z $s_dll || $s_dll == */* || ! -f $prebuilt/$s_dll ]]; then why_not="the $s_dll it names is missing"; return; fi
  if ! here=$(sources_hash); then why_not="neither sha256sum nor shasum is here to compare the sources"; return; fi
  if [[ $s_hash != "$here" ]]; then why_not="it was compiled from other sources (sha256 $s_hash, here $here)"; return; fi
  prebuilt_dll=$prebuilt/$s_dll
}

why_not=''
if [[ ${WHEELHOUSE_FORCE_COMPILE:-0} != 1 && -d $prebuilt ]]; then
  check_prebuilt
  if [[ -n $prebuilt_dll ]]; then
    say "running the build compiled in $prebuilt (same sources, same platform): no restore, no compile"
    tmp=$stamp.$$.tmp
    printf '%s\n%s\n%s' "$dotnet" "$prebuilt_dll" "$fp" >"$tmp"
    mv -f -- "$tmp" "$stamp"
    exec 9>&-
    run_build "$dotnet" "$prebuilt_dll" "$@"
  fi
  say "warning: not using $prebuilt: $why_not"
fi

if [[ ${WHEELHOUSE_NO_COMPILE:-0} == 1 ]]; then
  say "error: WHEELHOUSE_NO_COMPILE=1, and there is no compiled build of these sources to run:" \
    "${why_not:-there is no $prebuilt folder}. This job is meant to run the build an earlier job" \
    "compiled: check that it downloads that job's artifact into $prebuilt/ and that both run the same commit."
  exit 1
fi

# --- compile --------------------------------------------------------------------------------------
# Run from the repo root so that the SDK picks up this repo's global.json. Output goes to a log
# file (not a pipe) so that build servers which outlive the build hold no pipe of our caller.
# The configuration is Debug (the project turns PublishRelease off) unless the environment sets
# Configuration, which MSBuild reads as a property; src/ projects then share their outputs with
# the test projects.
dll=build/bin/publish/_build.dll
log=.nuke/temp/build.log
r2r_log=.nuke/temp/build-r2r.log # the failed ReadyToRun attempt's log, kept for the warning
publish() { # [extra msbuild args...]
  DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
    "$dotnet" publish build/_build.csproj -o build/bin/publish -nologo -v q -clp:NoSummary "$@" \
    </dev/null >"$log" 2>&1 9>&-
}

# Failures that mean "ReadyToRun cannot be done here" rather than "the build is broken": the SDK
# has no crossgen for this platform, or the crossgen/runtime packs cannot be restored.
r2r_unavailable() {
  grep -Eq 'error NETSDK109[45]|error NU110[12]: .*Microsoft\.[A-Za-z]+\.App\.(Crossgen2|Runtime)\.' "$log"
}

# The hash of the sources as they are now, before the compile reads them; written beside the
# output when the compile succeeds, so that a later job can use it (see build/bin/prebuilt above).
rm -f build/bin/publish/prebuilt.stamp
sources_sha=$(sources_hash) || sources_sha=''

say "compiling build/_build.csproj"
rc=0
publish || rc=$?
if ((rc != 0)) && r2r_unavailable; then
  mv -f -- "$log" "$r2r_log"
  say "warning: ReadyToRun is not possible here (crossgen or runtime pack missing, see $r2r_log);" \
    "compiling the build without it, so it starts slower. To get it back, make" \
    "Microsoft.NETCore.App.Crossgen2 and the runtime packs restorable (e.g. go online) and run" \
    "with WHEELHOUSE_FORCE_COMPILE=1."
  rc=0
  publish -p:PublishReadyToRun=false || rc=$?
fi
if ((rc != 0)); then
  cat "$log" >&2
  say "error: compiling build/_build.csproj failed (exit code $rc)"
  exit "$rc"
fi
if [[ ! -f $dll ]]; then
  say "error: the publish succeeded but no $dll was produced"
  exit 1
fi

if [[ -n $sources_sha ]]; then
  tmp=build/bin/publish/prebuilt.stamp.$$.tmp
  prebuilt_stamp_text "${dll##*/}" "$sources_sha" >"$tmp"
  mv -f -- "$tmp" build/bin/publish/prebuilt.stamp
fi

tmp=$stamp.$$.tmp
printf '%s\n%s\n%s' "$dotnet" "$dll" "$fp" >"$tmp"
mv -f -- "$tmp" "$stamp"

exec 9>&-
run_build "$dotnet" "$dll" "$@"
