#!/usr/bin/env bash
# The release tarball: made twice from scratch (tests/dist/dist.sh), the two
# must be the same bytes; it holds exactly the files git tracks and the man
# pages, under mempool-VERSION/, every entry owned by 0/0, dated from the
# last commit, mode 644 or 755; gzip stores no name and no date.
#
# usage: dist_test.sh WORKDIR VERSION   (from the top of a git checkout)
# environment: MAKE (make)
# Prints "dist: N passed, N failed"; outside a git checkout (an unpacked
# tarball) there is nothing to pack, and it says the test is skipped.
set -u
work=$(realpath -m "$1")
version=$2
name=mempool-$version

if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo "dist: SKIPPED, not a git checkout (make dist packs the files git tracks)"
    echo "dist: 0 passed, 0 failed"
    exit 0
fi

check_out="$work/check.out"
check_lines=40
# shellcheck source=tests/check.sh
. tests/check.sh

rm -rf "$work"
mkdir -p "$work"
one=$work/one/$name.tar.gz
two=$work/two/$name.tar.gz
check "make dist, first time" tests/dist/dist.sh "$work/one" "$version"
check "make dist, second time from scratch" tests/dist/dist.sh "$work/two" "$version"
check "the two tarballs are the same bytes" cmp "$one" "$two"

epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}
same_files() {
    diff <(tar -tzf "$one" | grep -v '/$' | sort) \
        <({
            git ls-files | while IFS= read -r f; do
                [ -e "$f" ] || [ -L "$f" ] && echo "$name/$f"
            done
            tar -tzf "$one" | grep "^$name/docs/man/[^/]*\.3$"
        } | sort)
}
check "holds the files git tracks and docs/man/*.3, nothing else" same_files
man_pages() {
    tar -tzf "$one" | grep -x "$name/docs/man/os_mempool_init.3"
}
check "ships the built man pages (os_mempool_init.3)" man_pages
entries_fixed() {
    # GNU tar's verbose listing: mode owner/group size date time name.
    TZ=UTC tar --numeric-owner -tvzf "$one" | awk -v day="$(TZ=UTC date -d "@$epoch" +%F)" \
        -v time="$(TZ=UTC date -d "@$epoch" +%H:%M)" -v top="$name/" '
        $1 !~ /^(-rw-r--r--|-rwxr-xr-x|drwxr-xr-x)$/ { print "mode:", $0; bad = 1 }
        $2 != "0/0" { print "owner:", $0; bad = 1 }
        $4 != day || $5 != time { print "date:", $0; bad = 1 }
        index($6, top) != 1 { print "outside " top ":", $0; bad = 1 }
        END { exit bad }'
}
check "entries: owner 0/0, modes 644/755, dated $(TZ=UTC date -d "@$epoch" '+%F %H:%M'), under $name/" entries_fixed
# Sorted as tar --sort=name walks the tree: a directory, then its entries
# by name (so "/" sorts before any other byte).
names_sorted() {
    local keys
    keys=$(tar -tzf "$one" | sed 's|/$||; s|/|\x01|g')
    diff <(echo "$keys") <(echo "$keys" | LC_ALL=C sort)
}
check "entries sorted by name, directory by directory" names_sorted
gzip_header() {
    # Bytes 3 (flags: no FNAME bit 8) and 4-7 (mtime 0).
    local b
    read -r -a b < <(od -An -tu1 -N8 "$one")
    echo "flags ${b[3]}, mtime bytes ${b[4]} ${b[5]} ${b[6]} ${b[7]}"
    [ $((b[3] & 8)) -eq 0 ] && [ "${b[4]}${b[5]}${b[6]}${b[7]}" = 0000 ]
}
check "gzip header without name or date" gzip_header

rm -f "$work/check.out"
echo "dist: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
