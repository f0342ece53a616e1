#!/bin/sh
# Each build log given must hold no warning and no error: the Doxygen and
# Sphinx builds run quiet, so anything in their logs is a complaint.
# Prints "docs-warnings: N passed, N failed".
pass=0
fail=0
for log in "$@"; do
    if [ ! -f "$log" ]; then
        echo "docs-warnings: $log: no such build log"
        fail=$((fail + 1))
    elif grep -qiE 'warning|error' "$log"; then
        echo "docs-warnings: $log:"
        sed 's/^/    /' "$log"
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
done
echo "docs-warnings: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
