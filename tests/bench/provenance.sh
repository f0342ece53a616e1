#!/bin/sh
# Licensed under the Apache License, Version 2.0 (see LICENSE).
#
# Where a benchmark run comes from, for the files it writes.
#
#   provenance.sh hash
#       the SHA-256 of the sources the figures depend on (src/, include/,
#       tests/bench/ and tests/bench.mk: names and contents), one line
#   provenance.sh info CC CFLAGS OUTDIR
#       "key<TAB>value" lines: command, date, commit, tree, cpu, cores,
#       load, priority, kernel, compiler, cflags, libc, the other allocators,
#       valgrind, the Cortex-M compiler and the sources hash
#   provenance.sh check DIR FILE...
#       bench-fresh: every FILE is in DIR, and DIR/sources.txt holds the
#       hash of the current sources; prints "bench-fresh: N passed, N failed"
#
# Run from the top of the tree (tests/bench.mk does). OUTDIR, the committed
# output, is left out of the tree's state: a rerun finds it changed.
set -eu

sources_hash() {
    find src include tests/bench tests/bench.mk -type f \
        ! -name '.*' ! -name '*~' -print0 |
        LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1
}

first_line() {
    "$@" 2>/dev/null | head -n 1 || true
}

deb_version() {
    dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo "not installed"
}

case "${1:-}" in
hash)
    sources_hash
    ;;
info)
    cc=$2
    cflags=$3
    outdir=$4
    printf 'command\tmake bench\n'
    printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
    if git rev-parse --git-dir >/dev/null 2>&1; then
        printf 'commit\t%s\n' "$(git log -1 --format='%h (%cs)')"
        changed=$(git status --porcelain -- . ":(exclude)$outdir" | wc -l)
        if [ "$changed" -eq 0 ]; then
            printf 'tree\tclean\n'
        else
            printf 'tree\tdirty: %s paths differ from the commit\n' "$changed"
        fi
    else
        printf 'commit\tunknown (not a git checkout)\n'
        printf 'tree\tunknown\n'
    fi
    cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null |
        head -n 1)
    printf 'cpu\t%s\n' "${cpu:-unknown}"
    printf 'cores\t%s online, %s usable by the benchmark\n' \
        "$(getconf _NPROCESSORS_ONLN)" "$(nproc)"
    printf 'load\t%s (1-minute load average at the start)\n' \
        "$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo unknown)"
    # A run given priority over the rest of the machine says so.
    autogroup=$(cat /proc/self/autogroup 2>/dev/null || echo "autogroup unknown")
    printf 'priority\tnice %s, %s\n' "$(nice)" "${autogroup#/}"
    printf 'kernel\t%s\n' "$(uname -sr)"
    printf 'compiler\t%s\n' "$(first_line "$cc" --version)"
    printf 'cflags\t%s\n' "$cflags"
    printf 'libc\t%s\n' "$(first_line ldd --version)"
    printf 'jemalloc\t%s (Debian package libjemalloc2)\n' \
        "$(deb_version libjemalloc2)"
    printf 'mimalloc\t%s (Debian package libmimalloc2.0)\n' \
        "$(deb_version libmimalloc2.0)"
    printf 'valgrind\t%s\n' "$(first_line valgrind --version)"
    printf 'arm-gcc\t%s\n' "$(first_line arm-none-eabi-gcc --version)"
    printf 'sources\t%s\n' "$(sources_hash)"
    ;;
check)
    dir=$2
    shift 2
    passed=0
    failed=0
    missing=""
    for f in "$@"; do
        [ -f "$dir/$f" ] || missing="$missing $f"
    done
    if [ -z "$missing" ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAILED: $dir/ lacks$missing: run make bench and commit $dir/"
    fi
    now=$(sources_hash)
    then=$(cat "$dir/sources.txt" 2>/dev/null || echo none)
    if [ "$now" = "$then" ]; then
        passed=$((passed + 1))
        echo "bench-fresh: $dir/ was produced from the current sources ($now)"
    else
        failed=$((failed + 1))
        echo "FAILED: $dir/ was produced from other sources than the current"
        echo "  src/, include/, tests/bench/ and tests/bench.mk (recorded"
        echo "  $then, now $now): run make bench and commit $dir/"
    fi
    echo "bench-fresh: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    ;;
*)
    echo "usage: $0 hash | info CC CFLAGS OUTDIR | check DIR FILE..." >&2
    exit 2
    ;;
esac
