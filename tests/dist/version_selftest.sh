#!/usr/bin/env bash
# version.sh catches each kind of disagreement: run on copies where one
# item (the changelog's newest entry, mempool.pc's Version, a CMake version
# file, the shared library's name) says another version, it must fail.
#
# usage: version_selftest.sh WORKDIR HEADER CHANGELOG SHARED_LIB PC_FILE VERSION_FILE
# Prints "version-selftest: N passed, N failed".
set -u
work=$1 header=$2 changelog=$3 so=$4 pc=$5 vfile=$6
here=$(dirname "$0")
passed=0
failed=0
rm -rf "$work" && mkdir -p "$work"

# caught NAME ARGS...: version.sh must fail on ARGS.
caught() {
    local name=$1
    shift
    if VERSION_QUIET=1 "$here/version.sh" "$@" >"$work/out" 2>&1; then
        failed=$((failed + 1))
        echo "FAIL version.sh missed: $name"
        sed 's/^/    /' "$work/out"
    elif grep -q '^FAIL' "$work/out"; then
        passed=$((passed + 1))
        echo "ok   version.sh caught: $name ($(grep -m 1 '^FAIL' "$work/out"))"
    else
        failed=$((failed + 1))
        echo "FAIL version.sh failed without saying why: $name"
    fi
}

sed '0,/^## \[[0-9]/s/^## \[[0-9][0-9.]*\]/## [0.0.1]/' "$changelog" >"$work/CHANGELOG.md"
caught "another version in the changelog's newest entry" "$header" "$work/CHANGELOG.md" "$so" "$pc" "$vfile"
grep -v '^## \[[0-9]' "$changelog" >"$work/CHANGELOG-none.md"
caught "no changelog entry" "$header" "$work/CHANGELOG-none.md" "$so" "$pc" "$vfile"
sed 's/^Version: .*/Version: 0.0.1/' "$pc" >"$work/mempool.pc"
caught "mempool.pc's Version" "$header" "$changelog" "$so" "$work/mempool.pc" "$vfile"
sed 's/^set(PACKAGE_VERSION "[^"]*")/set(PACKAGE_VERSION "0.0.1")/' "$vfile" >"$work/version.cmake"
caught "the CMake version file" "$header" "$changelog" "$so" "$pc" "$work/version.cmake"
sed 's/^\(#define OS_MEMPOOL_VERSION_MAJOR\) .*/\1 99/' "$header" >"$work/os_mempool.h"
caught "the header's major version (soname and all)" "$work/os_mempool.h" "$changelog" "$so" "$pc" "$vfile"

echo "version-selftest: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
