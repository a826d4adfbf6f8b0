#!/usr/bin/env bash
# bench/run.sh [--quick] [--runs N|SET=N,...] [--sets app500,single2g,small100k,small10k]
#              [--tools ferry,restic,rclone,zip] [--objectstore memstore|bluestore] [--ferry PATH]
#              [--out FILE] [--json FILE] [--keep]
# Ferry against restic, rclone and zip-and-upload on one Ceph RGW that it starts and stops: wall
# time, CPU time, peak RSS, bytes up and down and S3 requests per step, medians of N runs, and the
# Ferry/restic ratios. A full run rewrites the results in docs/BENCHMARKS.md. The driver is
# bench/harness.py (Python 3, standard library only); see docs/BENCHMARKS.md for what it measures.
set -euo pipefail
exec python3 "$(dirname "${BASH_SOURCE[0]}")/harness.py" "$@"
