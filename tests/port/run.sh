#!/usr/bin/env bash
# Runs one port test and makes sure it ends with a "port: N passed, N
# failed[, N skipped]" line that make check can count: a program that
# prints its own is trusted with it; for one that prints none (a docs
# example, or a test that crashed or timed out) the line comes from its
# exit status.
# Usage: run.sh NAME TIMEOUT_SECONDS COMMAND [ARGS...]
set -uo pipefail
name=${1:?usage: run.sh NAME TIMEOUT COMMAND [ARGS...]}
limit=${2:?usage: run.sh NAME TIMEOUT COMMAND [ARGS...]}
shift 2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
timeout --kill-after=5 "$limit" "$@" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
if grep -Eq '^port: [0-9]+ passed, [0-9]+ failed' "$out"; then
    exit "$status"
fi
if [ "$status" -eq 0 ]; then
    echo "port: $name"
    echo "port: 1 passed, 0 failed"
else
    case $status in
    124 | 137) why="timed out after ${limit}s" ;;
    *) why="exit status $status" ;;
    esac
    echo "port: $name: FAILED, $why"
    echo "port: 0 passed, 1 failed"
fi
exit "$status"
