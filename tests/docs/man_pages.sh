#!/bin/sh
# Every reference page of the manual has its man(3) page, and man shows it
# with the reference format's sections. Usage: man_pages.sh MANDIR
# Prints "docs-man: N passed, N failed".
mandir=$1
pass=0
fail=0
for rst in docs/manual/reference/*.rst; do
    name=$(basename "$rst" .rst)
    [ "$name" = index ] && continue
    page="$mandir/$name.3"
    shown=$(MANWIDTH=100 man -P cat -l "$page" 2>&1)
    missing=""
    for part in "$name - " ARGUMENTS "RETURNED VALUES" NOTES EXAMPLE \
        "DECLARATION IN THE HEADER"; do
        printf '%s\n' "$shown" | grep -q "$part" || missing="$missing [$part]"
    done
    if [ -f "$page" ] && [ -z "$missing" ]; then
        pass=$((pass + 1))
    else
        echo "docs-man: $page: missing or lacks$missing"
        fail=$((fail + 1))
    fi
done
echo "docs-man: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
