#!/usr/bin/env bash
# tools/reliability/run.sh - the long reliability run whose figures are in docs/RELIABILITY.md.
# Runs the Category=Reliability tests with high counts (30 SIGKILLs per operation, fault rates of
# 5/20/50% for 10 rounds each and 100% for 2, a minute of fuzzing per decoder), then the 10 GiB
# sparse-file measurement, and prints a summary of every figure. Servers as in ./test (started and
# stopped here unless FERRY_TEST_S3_ENDPOINT points at running ones). Takes about 1.5 hours on
# 2 cores. Every count can be lowered through the environment, e.g. FERRY_CRASH_KILLS=5;
# FERRY_FAULT_ROUNDS_ALL=0 leaves out the 100% series (with every request failing, each stop waits
# out all retries: minutes per round). Up to 50% faults every run must finish; above, it may stop.
set -Eeuo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

export FERRY_RELIABILITY_REPORT=${FERRY_RELIABILITY_REPORT:-$PWD/.artifacts/reliability/report.jsonl}
mkdir -p "$(dirname "$FERRY_RELIABILITY_REPORT")"
: > "$FERRY_RELIABILITY_REPORT"
export FERRY_CRASH_KILLS=${FERRY_CRASH_KILLS:-30}
export FERRY_FAULT_ROUNDS=${FERRY_FAULT_ROUNDS:-10}
export FERRY_FUZZ_SECONDS=${FERRY_FUZZ_SECONDS:-60}

FERRY_FAULT_RATES=${FERRY_FAULT_RATES:-5,20,50} ./test --filter "Category=Reliability"
# Every request faulted: a few rounds show how long the retries hold out and how a run stops.
if [ "${FERRY_FAULT_ROUNDS_ALL:-2}" != 0 ]; then
  FERRY_FAULT_RATES=100 FERRY_FAULT_ROUNDS=${FERRY_FAULT_ROUNDS_ALL:-2} ./test --filter "FullyQualifiedName~FaultTests.Backup"
fi
tools/reliability/sparse.sh "${FERRY_SPARSE_GIB:-10}"
python3 tools/reliability/summarize.py "$FERRY_RELIABILITY_REPORT"
