#!/usr/bin/env bash
# bench/prune.sh [--mb N] [--snapshots N] [--keep N]
# Prune on a realistic history: N backups of an app-data folder with ~1% changed between each
# (gen_appdata.py --mutate), then forget all but the newest K, then prune, for Ferry and restic on
# the same Ceph RGW in one run. Prints prune wall time, CPU and peak RSS, stored bytes before and
# after, and for Ferry the unreferenced bytes it found versus the bytes it reclaimed.
set -Eeuo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mb=500 snapshots=50 keep=10
while [ $# -gt 0 ]; do
  case "$1" in
    --mb) mb=$2; shift 2 ;;
    --snapshots) snapshots=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    *) echo "usage: bench/prune.sh [--mb N] [--snapshots N] [--keep N]" >&2; exit 2 ;;
  esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/ferry-prune-bench.XXXXXX")
ceph="$work/ceph"
cleanup() { "$here/scripts/ceph-s3/stop.sh" "$ceph" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

"$here/ferry" --version >/dev/null  # build it first, outside any timing
ferry=("$here/ferry" --quiet)
"$here/scripts/ceph-s3/start.sh" "$ceph" >/dev/null 2>"$work/ceph-start.log"
set -a; . "$ceph/env"; set +a
unset AWS_CA_BUNDLE
export RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Ceph RCLONE_CONFIG_BENCH_ENDPOINT="$S3_ENDPOINT" \
  RCLONE_CONFIG_BENCH_ACCESS_KEY_ID="$AWS_ACCESS_KEY_ID" RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY="$AWS_SECRET_ACCESS_KEY"
rclone mkdir bench:ferry-bench 2>/dev/null
export FERRY_S3_ENDPOINT="$S3_ENDPOINT" FERRY_S3_REGION=us-east-1 FERRY_S3_BUCKET=ferry-bench \
  FERRY_S3_ACCESS_KEY_ID="$AWS_ACCESS_KEY_ID" FERRY_S3_SECRET_ACCESS_KEY="$AWS_SECRET_ACCESS_KEY" \
  FERRY_PASSWORD=bench-password FERRY_CONFIG="$work/ferry-config.json"
export RESTIC_REPOSITORY="s3:$S3_ENDPOINT/restic-bench" RESTIC_PASSWORD=bench-password RESTIC_CACHE_DIR="$work/restic-cache"
restic init >/dev/null 2>&1

src="$work/AppData"
python3 "$here/scripts/gen_appdata.py" "$src" --mb "$mb" >/dev/null
echo "making $snapshots snapshots of $mb MB with ~1% change between them..." >&2
for i in $(seq 1 "$snapshots"); do
  [ "$i" -gt 1 ] && python3 "$here/scripts/gen_appdata.py" "$src" --mutate --seed "$i" >/dev/null
  "${ferry[@]}" backup "$src" --host bench >/dev/null
  restic --quiet backup "$src" --host bench >/dev/null
done
"${ferry[@]}" forget --keep-last "$keep" >/dev/null
restic --quiet forget --keep-last "$keep" >/dev/null

stored() { rclone size --json "bench:$1" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["bytes"])'; }
mib() { python3 -c "print(f'{$1/1048576:.1f}')"; }
ferry_before=$(stored ferry-bench); restic_before=$(stored restic-bench)
/usr/bin/time -f '%e %U %S %M' -o "$work/t-ferry" "${ferry[@]}" prune >"$work/ferry-prune.out"
/usr/bin/time -f '%e %U %S %M' -o "$work/t-restic" restic --quiet prune >/dev/null
ferry_after=$(stored ferry-bench); restic_after=$(stored restic-bench)
read -r fe fu fs fm <"$work/t-ferry"; read -r re ru rs rm <"$work/t-restic"
"${ferry[@]}" check --read-data >/dev/null || { echo "ferry check failed after prune" >&2; exit 1; }

echo
echo "prune after $snapshots snapshots of $mb MB (~1% change each), forget --keep-last $keep; Ceph RGW, $(nproc) cores"
printf '%-7s | %7s %7s %6s | %10s %10s\n' tool "wall s" "cpu s" "MiB" "before MiB" "after MiB"
printf '%-7s | %7s %7s %6s | %10s %10s\n' ferry "$fe" "$(awk -v u="$fu" -v s="$fs" 'BEGIN{printf "%.2f", u+s}')" $((fm / 1024)) "$(mib "$ferry_before")" "$(mib "$ferry_after")"
printf '%-7s | %7s %7s %6s | %10s %10s\n' restic "$re" "$(awk -v u="$ru" -v s="$rs" 'BEGIN{printf "%.2f", u+s}')" $((rm / 1024)) "$(mib "$restic_before")" "$(mib "$restic_after")"
echo "ferry's own report:"
sed 's/^/  /' "$work/ferry-prune.out"
