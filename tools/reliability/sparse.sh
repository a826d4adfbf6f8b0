#!/usr/bin/env bash
# tools/reliability/sparse.sh [GIB] - backs up and restores a sparse file of GIB GiB (default 10)
# into a local repository with the real executable, and appends its time and peak memory
# (VmHWM, polled from /proc) to $FERRY_RELIABILITY_REPORT when set.
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
gib=${1:-10}
work=$(mktemp -d "${TMPDIR:-/tmp}/ferry-sparse.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src"
truncate -s "${gib}G" "$work/src/disk.img"
printf 'end' | dd of="$work/src/disk.img" bs=1 seek=$(( gib * 1024 * 1024 * 1024 - 3 )) conv=notrunc status=none
./ferry --help > /dev/null   # builds the CLI once, outside the measurement

# Runs ferry and prints "seconds peak_kib".
measure() {
  local start peak=0 hwm pid
  start=$(date +%s%N)
  FERRY_REPOSITORY="$work/repo" FERRY_PASSWORD=sparse-file-password FERRY_CONFIG="$work/config.json" ./ferry "$@" --quiet > /dev/null &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ -n "$hwm" ] && [ "$hwm" -gt "$peak" ] && peak=$hwm
    sleep 0.1
  done
  wait "$pid"
  awk -v s="$start" -v e="$(date +%s%N)" -v p="$peak" 'BEGIN { printf "%.2f %d\n", (e - s) / 1e9, p }'
}

read -r backup_s backup_kib < <(measure backup "$work/src")
read -r restore_s restore_kib < <(measure restore latest --to "$work/restored")
stored=$(du -sb "$work/repo" | cut -f1)
cmp "$work/src/disk.img" "$work/restored/disk.img"
line=$(printf '{"test":"sparse","figures":{"gib":%d,"backup_seconds":%.1f,"backup_peak_mib":%d,"restore_seconds":%.1f,"restore_peak_mib":%d,"repository_bytes":%d,"restored_identical":true}}' \
  "$gib" "$backup_s" $((backup_kib / 1024)) "$restore_s" $((restore_kib / 1024)) "$stored")
echo "$line"
if [ -n "${FERRY_RELIABILITY_REPORT:-}" ]; then echo "$line" >> "$FERRY_RELIABILITY_REPORT"; fi
