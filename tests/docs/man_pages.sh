#!/bin/sh
# The man(3) pages as man-pages(7) says: every reference page of the manual
# has one; man renders it at 80 columns with no warning from groff and no
# line wider than 80; its sections are NAME, SYNOPSIS (the header to include
# and the library to link), DESCRIPTION, RETURN VALUE, ATTRIBUTES (for a
# function), NOTES, EXAMPLES, COPYRIGHT and SEE ALSO, in that order; and
# whatis(1) reads its NAME line.
# Usage: man_pages.sh MANDIR     Prints "docs-man: N passed, N failed".
mandir=$1
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The man-pages(7) order; ATTRIBUTES only where the header gives a @context
# (functions, not macros).
order_fn="NAME SYNOPSIS DESCRIPTION RETURN_VALUE ATTRIBUTES NOTES EXAMPLES COPYRIGHT SEE_ALSO"
order_macro="NAME SYNOPSIS DESCRIPTION RETURN_VALUE NOTES EXAMPLES COPYRIGHT SEE_ALSO"

for rst in docs/manual/reference/*.rst; do
    name=$(basename "$rst" .rst)
    [ "$name" = index ] && continue
    page="$mandir/$name.3"
    problems=""
    if [ ! -f "$page" ]; then
        echo "docs-man: $page: missing"
        fail=$((fail + 1))
        continue
    fi
    MANWIDTH=80 MAN_KEEP_FORMATTING= man --warnings=all -l "$page" \
        >"$tmp/out" 2>"$tmp/err"
    if [ -s "$tmp/err" ]; then
        problems="$problems; man warns: $(head -3 "$tmp/err" | tr '\n' ' ')"
    fi
    width=$(wc -L <"$tmp/out")
    if [ "$width" -gt 80 ]; then
        problems="$problems; a line of $width columns: $(awk 'length > 80' \
            "$tmp/out" | head -1)"
    fi
    # Section headings are the unindented lines between the first and last.
    sections=$(sed '1d;$d' "$tmp/out" | grep -E '^[A-Z][A-Z ]+$' |
        tr ' ' '_' | tr '\n' ' ' | sed 's/ $//')
    case $name in
    [A-Z]*) want=$order_macro ;;
    *) want=$order_fn ;;
    esac
    [ "$sections" = "$want" ] ||
        problems="$problems; sections are [$sections], not [$want]"
    synopsis=$(sed -n '/^SYNOPSIS$/,/^DESCRIPTION$/p' "$tmp/out")
    printf '%s\n' "$synopsis" | grep -q '#include <os/os_mempool.h>' ||
        problems="$problems; SYNOPSIS lacks #include <os/os_mempool.h>"
    printf '%s\n' "$synopsis" | grep -q -- '-lmempool' ||
        problems="$problems; SYNOPSIS lacks -lmempool"
    printf '%s\n' "$synopsis" | grep -q "$name" ||
        problems="$problems; SYNOPSIS does not declare $name"
    sed -n '/^SEE ALSO$/,$p' "$tmp/out" | grep -q '([0-9])' ||
        problems="$problems; SEE ALSO names no page"
    lexgrog "$page" 2>/dev/null | grep -q "\"$name - ." ||
        problems="$problems; whatis cannot read the NAME line"
    if [ -z "$problems" ]; then
        pass=$((pass + 1))
    else
        echo "docs-man: $page${problems}"
        fail=$((fail + 1))
    fi
done
echo "docs-man: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
