#!/usr/bin/env bash
# One version everywhere: the OS_MEMPOOL_VERSION_* macros of the header are
# the version; the shared library's file name and soname, the Version of
# every mempool.pc given, every CMake package version file given (as CMake
# reads it) and CHANGELOG.md's newest release entry must say the same.
#
# usage: version.sh HEADER CHANGELOG SHARED_LIB FILE...
#        (FILE: a mempool.pc, or a CMake version file)
# Prints one line per item, then "version: N passed, N failed" unless
# VERSION_QUIET is set (for the self-test, which wants the status only).
set -u
header=$1 changelog=$2 so=$3
shift 3
passed=0
failed=0

agree() {
    local what=$1 found=$2 want=$3
    if [ "$found" = "$want" ]; then
        passed=$((passed + 1))
        echo "PASS $what: $found"
    else
        failed=$((failed + 1))
        echo "FAIL $what: '$found', the header says '$want'"
    fi
}

part() {
    sed -n "s/^#define OS_MEMPOOL_VERSION_$1 \([0-9][0-9]*\)$/\1/p" "$header"
}
major=$(part MAJOR)
version=$major.$(part MINOR).$(part PATCH)
agree "version macros of $header" "$version" "$(printf '%s\n' "$version" |
    grep -E '^[0-9]+\.[0-9]+\.[0-9]+$')"

so_file=${so##*/}
agree "shared library file" "$so_file" "libmempool.so.$version"
agree "soname of $so" "$(readelf -d "$so" 2>/dev/null |
    sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')" "libmempool.so.$major"
# What find_package reads from a version file (tests/cmake/version_file.cmake
# prints "none pointer  -> compatible (VERSION)" for a request without one).
for f in "$@"; do
    case $f in
    *.pc) agree "Version of $f" "$(sed -n 's/^Version: //p' "$f")" "$version" ;;
    *) agree "PACKAGE_VERSION of $f" "$(cmake -DFILE="$f" -DREQUESTS=none \
        -P "$(dirname "$0")/../cmake/version_file.cmake" 2>&1 |
        sed -n 's/^none pointer  -> compatible (\(.*\))$/\1/p')" "$version" ;;
    esac
done

# Keep a Changelog: "## [X.Y.Z] - YYYY-MM-DD", newest first; an
# "## [Unreleased]" section above it is not a release.
newest=$(grep -E '^## \[[0-9]' "$changelog" | head -n 1)
agree "newest entry of $changelog" "$(printf '%s\n' "$newest" |
    sed -n 's/^## \[\([0-9.]*\)\] - [0-9]\{4\}-[0-9]\{2\}-[0-9]\{2\}$/\1/p')" "$version"

[ -n "${VERSION_QUIET:-}" ] || echo "version: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
