#!/usr/bin/env bash
# scripts/release.sh [--rids linux-x64,linux-arm64,osx-x64,osx-arm64,win-x64,any] [--out DIR]
#                    [--version X.Y.Z] [--no-aot]
# Builds everything Ferry ships, into DIR (default .artifacts/release):
#   DIR/feed/      NuGet packages: the `ferry` tool (a small pointer package plus one package per
#                  platform, chosen by `dotnet tool install -g ferry`) and the engine, Ferry.Engine
#   DIR/ferry-VERSION-RID.tar.gz (linux, osx) or .zip (win, and the portable "any" build): the
#                  `ferry` executable and the native libraries it loads (libsodium, e_sqlite3), nothing else
#   DIR/SHA256SUMS  sha256sum lines for every archive and package (check with `sha256sum -c SHA256SUMS`)
# Each platform is published once; its tool package and its archive hold the same files. A platform
# is Native AOT when this machine can link it: its own platform, and on Linux x64 also linux-arm64 when
# the Debian cross tools are installed (clang, gcc-aarch64-linux-gnu, libc6-dev-arm64-cross; .ci/run installs
# them); Native AOT cannot cross operating systems. Every other platform is self-contained, single-file,
# ReadyToRun and trimmed (src/Ferry.Cli/Ferry.Cli.csproj).
# "any" is the framework-dependent fallback for platforms without a package of their own (it needs the
# .NET 10 runtime; its archive runs as `dotnet ferry.dll`).
# The version comes from Directory.Build.props, unless HEAD carries a tag vX.Y.Z or --version is given;
# `ferry --version` prints it with the commit it was built from.
set -Eeuo pipefail
trap 'echo "release.sh: FAILED at line $LINENO: $BASH_COMMAND" >&2' ERR
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

ALL_RIDS=linux-x64,linux-arm64,osx-x64,osx-arm64,win-x64,any
rids=$ALL_RIDS out=.artifacts/release version="" aot=1
while [ $# -gt 0 ]; do
  case "$1" in
    --rids) rids=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    --no-aot) aot=0; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "release.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done

log() { printf '[release] %s\n' "$*" >&2; }

props_version() { sed -n 's|.*<Version>\(.*\)</Version>.*|\1|p' Directory.Build.props | head -1; }
tag_version() { git describe --exact-match --tags --match 'v[0-9]*' HEAD 2>/dev/null | sed 's/^v//'; }
[ -n "$version" ] || version=$(tag_version || true)
[ -n "$version" ] || version=$(props_version)
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]] || { echo "release.sh: '$version' is not a version (X.Y.Z)" >&2; exit 2; }

mkdir -p "$out"
out=$(cd "$out" && pwd)
feed="$out/feed" build="$out/build"
rm -rf "$feed" "$out"/ferry-* "$out/SHA256SUMS"
mkdir -p "$feed"
common=(-c Release -nologo -v quiet "-p:Version=$version" --artifacts-path "$build")

host_rid() {
  [ "$(uname -s)" = Linux ] || return 1
  case "$(uname -m)" in x86_64) echo linux-x64 ;; aarch64) echo linux-arm64 ;; *) return 1 ;; esac
}
native_compiler() { command -v clang || command -v gcc; }

# Native AOT links with the target system's own tools, so it is built on that system: linux-x64 (or
# linux-arm64) on itself with clang or gcc, osx-* on a Mac (its clang links both architectures). Linux x64
# also cross-links linux-arm64 with clang and Debian's arm64 C library and GCC runtime (Microsoft documents
# the cross build; the binary was checked under qemu-aarch64: docs/BENCHMARKS.md, "Builds users get").
aot_here() {
  case "$(uname -s)" in
    Linux) [ "$1" = "$(host_rid || true)" ] || { [ "$1" = linux-arm64 ] && [ "$(host_rid || true)" = linux-x64 ] && arm64_cross_tools; } ;;
    Darwin) [[ "$1" == osx-* ]] ;;
    *) return 1 ;;
  esac
}
arm64_cross_tools() { command -v clang >/dev/null && command -v aarch64-linux-gnu-gcc >/dev/null && [ -e /usr/aarch64-linux-gnu/lib/crt1.o ]; }

# How RID is built: Native AOT where this machine can link it, else the project's self-contained build.
flavor() {
  local rid=$1 compiler
  if [ "$rid" = any ]; then echo portable; return; fi
  if [ "$aot" = 1 ] && aot_here "$rid" && compiler=$(native_compiler); then
    # Cross-linking takes clang: it targets aarch64 itself; the host's gcc cannot.
    [ "$rid" = "$(host_rid || true)" ] || compiler=$(command -v clang)
    echo "aot:$(basename "$compiler")"
    return
  fi
  echo r2r
}

archive() {
  local rid=$1 from=$2 name="ferry-$version-$1"
  local stage="$build/stage/$name"
  rm -rf "$stage" && mkdir -p "$stage"
  cp -a "$from"/. "$stage"/
  rm -f "$stage/DotnetToolSettings.xml"
  # The files themselves, no folder entry: unpacking into ~/.local/bin must not touch the folder.
  local files
  mapfile -t files < <(cd "$stage" && ls -A)
  case "$rid" in
    win-*|any) (cd "$stage" && zip -q -r -X "$out/$name.zip" "${files[@]}") ;;
    *) tar -C "$stage" --owner=0 --group=0 --numeric-owner -czf "$out/$name.tar.gz" "${files[@]}" ;;
  esac
}

started=$SECONDS
IFS=, read -r -a rid_list <<< "$rids"
for rid in "${rid_list[@]}"; do
  case ",$ALL_RIDS," in *",$rid,"*) ;; *) echo "release.sh: unknown RID $rid (one of $ALL_RIDS)" >&2; exit 2 ;; esac
  kind=$(flavor "$rid")
  args=("${common[@]}" -r "$rid" -o "$feed")
  case "$kind" in aot:*) args+=(-p:PublishAot=true "-p:CppCompilerAndLinker=${kind#aot:}") ;; esac
  log "$rid: $kind (tool package and archive)"
  t=$SECONDS
  dotnet pack src/Ferry.Cli/Ferry.Cli.csproj "${args[@]}"
  archive "$rid" "$build/publish/Ferry.Cli/release_$rid"
  # Its package and archive are made: the RID's build output (~300 MB each) is not needed again.
  rm -rf "$build"/bin/*/release_"$rid" "$build"/obj/*/release_"$rid" "$build/publish/Ferry.Cli/release_$rid" "$build/stage/ferry-$version-$rid"
  log "$rid: done in $((SECONDS - t)) s"
done

log "the tool's pointer package, and the engine package"
dotnet pack src/Ferry.Cli/Ferry.Cli.csproj "${common[@]}" -p:CreateRidSpecificToolPackages=false -o "$feed"
dotnet pack src/Ferry/Ferry.csproj "${common[@]}" -o "$feed"

(cd "$out" && sha256sum ferry-*.tar.gz ferry-*.zip feed/*.nupkg 2>/dev/null > SHA256SUMS) || true
log "version $version in $((SECONDS - started)) s: $out"
(cd "$out" && ls -l ferry-* feed/) >&2
