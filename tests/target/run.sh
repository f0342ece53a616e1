#!/usr/bin/env bash
# Runs one on-target program under QEMU and prints one line that make
# check's summary counts:
#   target: P passed, F failed (LABEL, ...)
# The program reports each of its tests as a line with ": PASS" or "FAIL";
# its output is shown indented, so that none of it reads as a summary.
#
# Usage: run.sh LABEL EXPECT TESTS SECONDS QEMU-COMMAND...
#   EXPECT  pass: the program must exit 0 with TESTS lines ": PASS" and no
#           FAIL; fail: it must find the failure itself (a FAIL line, exit
#           status 1, or 3 for a fault), which counts as one test passed.
#   SECONDS the run's time limit: QEMU is killed after it, and the run
#           fails.
set -uo pipefail
label=${1:?usage: run.sh LABEL EXPECT TESTS SECONDS QEMU-COMMAND...}
expect=${2:?} tests=${3:?} limit=${4:?}
shift 4

start=$(date +%s.%N)
output=$(timeout --kill-after=5 "$limit" "$@" 2>&1)
status=$?
seconds=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
if [ -n "$output" ]; then
    while IFS= read -r line; do
        printf '    %s\n' "$line"
    done <<<"$output"
fi

passed=$(grep -c ': PASS' <<<"$output")
failed=$(grep -c 'FAIL' <<<"$output")
last=$(grep -E ': PASS|FAIL' <<<"$output" | tail -n 1 | sed 's/^ *//')
# What the summary says: a single test's own last line, or how many.
detail=$last
[ "$tests" -gt 1 ] && detail="$tests tests"

case $status in
0) how="exit status 0" ;;
124 | 137) how="timed out after $limit s" ;;
*) how="exit status $status" ;;
esac

if [ "$expect" = fail ]; then
    if { [ "$status" -eq 1 ] || [ "$status" -eq 3 ]; } && [ "$failed" -gt 0 ]; then
        echo "target: 1 passed, 0 failed ($label failed, as it must: $last; $seconds s)"
        exit 0
    fi
    echo "target: 0 passed, 1 failed ($label should have failed: $how, $passed PASS; $seconds s)"
    exit 1
fi

if [ "$status" -eq 0 ] && [ "$failed" -eq 0 ] && [ "$passed" -eq "$tests" ]; then
    echo "target: $passed passed, 0 failed ($label: $detail; $seconds s)"
    exit 0
fi
# Whatever did not report PASS failed, at least one test.
[ "$passed" -gt "$tests" ] && passed=$tests
missing=$((tests - passed))
[ "$missing" -lt 1 ] && missing=1
echo "target: $passed passed, $missing failed ($label: $how; $seconds s)"
exit 1
