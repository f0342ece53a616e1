#!/usr/bin/env bash
# Runs one libFuzzer binary for a bounded time and prints how many inputs
# it executed. Usage: run_fuzz.sh BINARY SECONDS WORK_CORPUS SEED_CORPUS
# New inputs go to WORK_CORPUS (the seeds are only read); a crash leaves
# its input beside BINARY as crash-* and fails the run.
set -euo pipefail
bin=$1 secs=$2 work=$3 seeds=$4
out=$bin.out
mkdir -p "$work"
if ! "$bin" -max_total_time="$secs" -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$(dirname "$bin")/" "$work" "$seeds" >"$out" 2>&1; then
    tail -40 "$out"
    echo "$(basename "$bin"): failed, input saved as $(dirname "$bin")/crash-*"
    exit 1
fi
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out")
echo "$(basename "$bin"): $runs executions in $secs s without a failure"
