#!/usr/bin/env bash
# bench/compare.sh [--mb N]
# Ferry and restic side by side: same Ceph RGW, same data, same run. Steps: first backup,
# unchanged backup, backup after ~1% change (gen_appdata.py --mutate), restore of the latest
# snapshot. Prints wall time, CPU time and peak RSS of each, and the Ferry/restic ratios.
# Needs the Ceph packages (see .ci/run), restic, rclone (to create buckets), python3 and GNU time.
# A measurement, not a test: run it on an otherwise idle machine.
set -Eeuo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mb=500
while [ $# -gt 0 ]; do
  case "$1" in
    --mb) mb=$2; shift 2 ;;
    *) echo "usage: bench/compare.sh [--mb N]" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/ferry-bench.XXXXXX")
ceph="$work/ceph"
cleanup() { "$here/scripts/ceph-s3/stop.sh" "$ceph" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

echo "building ferry (Release)..." >&2
"$here/ferry" --help >/dev/null
ferry_dll="$here/.artifacts/cli/ferry.dll"

echo "starting Ceph RGW..." >&2
"$here/scripts/ceph-s3/start.sh" "$ceph" >/dev/null 2>"$work/ceph-start.log"
set -a; . "$ceph/env"; set +a

export RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Ceph RCLONE_CONFIG_BENCH_ENDPOINT="$S3_ENDPOINT" \
  RCLONE_CONFIG_BENCH_ACCESS_KEY_ID="$AWS_ACCESS_KEY_ID" RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY="$AWS_SECRET_ACCESS_KEY"
unset AWS_CA_BUNDLE  # rclone refuses it with its own transport; the bench server is plain http
rclone mkdir bench:ferry-bench 2>/dev/null
rclone mkdir bench:restic-bench 2>/dev/null

echo "generating $mb MB of app data..." >&2
src="$work/AppData"
python3 "$here/scripts/gen_appdata.py" "$src" --mb "$mb" >/dev/null
files=$(find "$src" -type f | wc -l)

export FERRY_S3_ENDPOINT="$S3_ENDPOINT" FERRY_S3_REGION=us-east-1 FERRY_S3_BUCKET=ferry-bench \
  FERRY_S3_ACCESS_KEY_ID="$AWS_ACCESS_KEY_ID" FERRY_S3_SECRET_ACCESS_KEY="$AWS_SECRET_ACCESS_KEY" \
  FERRY_PASSWORD=bench-password FERRY_CONFIG="$work/ferry-config.json"
export RESTIC_REPOSITORY="s3:$S3_ENDPOINT/restic-bench" RESTIC_PASSWORD=bench-password RESTIC_CACHE_DIR="$work/restic-cache"
restic init >/dev/null 2>&1

declare -A wall cpu rss
measure() { # measure NAME command...
  local name=$1; shift
  sync
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$work/$name.out" 2>"$work/$name.err" || {
    echo "$name failed:" >&2; tail -5 "$work/$name.err" >&2; exit 1; }
  read -r e u s m <"$work/time"
  wall[$name]=$e; cpu[$name]=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }'); rss[$name]=$((m / 1024))
}

ferry=(dotnet "$ferry_dll" --quiet)

for step in first unchanged; do
  measure "ferry-$step" "${ferry[@]}" backup "$src" --host bench
  measure "restic-$step" restic --quiet backup "$src" --host bench
done
python3 "$here/scripts/gen_appdata.py" "$src" --mutate --seed 7 >"$work/mutate.out"
measure ferry-change "${ferry[@]}" backup "$src" --host bench
measure restic-change restic --quiet backup "$src" --host bench
measure ferry-restore "${ferry[@]}" restore latest --to "$work/restore-ferry"
measure restic-restore restic --quiet restore latest --target "$work/restore-restic"
diff -r "$src" "$work/restore-ferry" >/dev/null || { echo "ferry restore differs from the source!" >&2; exit 1; }

ferry_added=$("${ferry[@]}" list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["added"])')
ratio() { python3 -c "a,b=$1,$2; print(f'{a/b:.2f}' if b else '-')"; }

echo
echo "Ferry vs restic $(restic version | cut -d' ' -f2), $mb MB app-data folder ($files files), Ceph RGW on loopback, $(nproc) cores"
echo "$(cat "$work/mutate.out"); Ferry stored $ferry_added new bytes for it"
printf '%-10s | %8s %8s %6s | %8s %8s %6s | %6s %6s\n' step "ferry s" "cpu s" "MiB" "restic s" "cpu s" "MiB" "time" "memory"
printf '%s\n' "-----------+----------------------------+-----------------------------+--------------"
for step in first unchanged change restore; do
  f=ferry-$step r=restic-$step
  printf '%-10s | %8s %8s %6s | %8s %8s %6s | %6s %6s\n' "$step" "${wall[$f]}" "${cpu[$f]}" "${rss[$f]}" \
    "${wall[$r]}" "${cpu[$r]}" "${rss[$r]}" "$(ratio "${wall[$f]}" "${wall[$r]}")" "$(ratio "${rss[$f]}" "${rss[$r]}")"
done
echo "(ratios are Ferry/restic: below 1 means Ferry is faster or smaller)"
