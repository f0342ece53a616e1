#!/usr/bin/env bash
# The README's C examples compile without a warning against the library and
# run to exit status 0, like every example of the manual.
# Usage: readme_examples.sh CC LIBRARY OUTDIR
# Prints one line "readme: N passed, N failed".
set -uo pipefail
cc=${1:?usage: readme_examples.sh CC LIBRARY OUTDIR}
lib=${2:?}
out=${3:?}
mkdir -p "$out"
rm -f "$out"/readme_*.c
# Each ```c block of README.md becomes readme_N.c.
awk -v dir="$out" '
    /^```c$/ { n++; file = sprintf("%s/readme_%d.c", dir, n); next }
    /^```/ { file = ""; next }
    file != "" { print > file }
' README.md
passed=0 failed=0
for src in "$out"/readme_*.c; do
    [ -e "$src" ] || break
    bin=${src%.c}
    if "$cc" -std=c99 -Wall -Wextra -Wpedantic -Werror -Iinclude "$src" "$lib" \
        -o "$bin" -lpthread && "$bin"; then
        passed=$((passed + 1))
    else
        echo "FAIL: $(basename "$src") (from README.md) does not build or run"
        failed=$((failed + 1))
    fi
done
if [ $((passed + failed)) -eq 0 ]; then
    echo "FAIL: README.md shows no C example"
    failed=1
fi
echo "readme: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
