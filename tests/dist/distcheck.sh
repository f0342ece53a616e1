#!/usr/bin/env bash
# make distcheck: the release tarball as a packager takes it. Unpacked in a
# temporary directory (no git, nothing beside it), it must
#   - build with `make` (libraries and manual),
#   - pass `make check` restricted to DISTCHECK_TARGETS, the quick subset
#     (tests/dist.mk lists it),
#   - install with `make install DESTDIR=` (the shipped man pages included)
#     and uninstall to nothing,
#   - build as a CMake FetchContent dependency from the tarball itself.
# The docs drift check compares the manual with ../shared/reference, which
# sits beside the project's own checkout only: in the unpacked tree it is
# absent, its cases are skipped, and the skips are listed as such here.
# The temporary directory is removed when every step passed.
#
# usage: distcheck.sh TARBALL   (from the top of the tree)
# environment: MAKE (make), DISTCHECK_TARGETS
# Prints "distcheck: N passed, N failed, N skipped".
set -u
tarball=$(realpath "$1")
make_cmd=${MAKE:-make}
targets=${DISTCHECK_TARGETS:?the make check targets to run}
top=$(pwd)
name=$(basename "$tarball" .tar.gz)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/mempool-distcheck.XXXXXX")
tree=$tmp/$name
dest=$tmp/root
passed=0
failed=0
skipped=0

step() {
    local what=$1
    shift
    echo "distcheck: $what"
    if "$@"; then
        passed=$((passed + 1))
        echo "PASS $what"
    else
        failed=$((failed + 1))
        echo "FAIL $what"
    fi
}

# make in the unpacked tree, its own build directory, no debug build.
tree_make() {
    "$make_cmd" --no-print-directory -C "$tree" BUILD=build DEBUG= "$@"
}

step "unpack $(basename "$tarball") in $tmp" tar -xzf "$tarball" -C "$tmp"
step "make" tree_make
step "make check (quick subset: $targets)" tree_make check CHECK_TARGETS="$targets"

installed() {
    local f missing=0 ver=${name#mempool-}
    for f in include/os/os_mempool.h lib/libmempool.a "lib/libmempool.so.$ver" \
        lib/pkgconfig/mempool.pc lib/cmake/mempool/mempoolConfig.cmake \
        lib/cmake/mempool/mempoolConfigVersion.cmake share/man/man3/os_mempool_init.3; do
        [ -e "$dest/usr/local/$f" ] || { echo "not installed: $f"; missing=1; }
    done
    # The man pages are the ones the tarball ships.
    diff <(cd "$tree/docs/man" && ls) <(cd "$dest/usr/local/share/man/man3" && ls) || missing=1
    return $missing
}
step "make install DESTDIR=$dest" tree_make install DESTDIR="$dest"
step "installed: headers, libraries, mempool.pc, CMake package, man pages" installed
uninstalled() {
    tree_make uninstall DESTDIR="$dest" >/dev/null &&
        [ -z "$(find "$dest" ! -type d)" ]
}
step "make uninstall DESTDIR= leaves no file" uninstalled

fetch_content() {
    local b=$tmp/fetchcontent
    if cmake -S "$top/tests/cmake/subdir" -B "$b" -DMEMPOOL_URL="$tarball" >"$b.log" 2>&1 &&
        cmake --build "$b" >>"$b.log" 2>&1 &&
        "$b/app" | grep "^version=${name#mempool-} "; then
        return 0
    fi
    cat "$b.log"
    return 1
}
step "FetchContent_Declare(mempool URL $(basename "$tarball")): builds, links, runs" fetch_content

# What the quick subset skipped, from its logs.
while IFS= read -r line; do
    skipped=$((skipped + 1))
    echo "SKIP $line"
done < <(grep -H '^SKIP: ' "$tree"/build/logs/*.log 2>/dev/null |
    sed -e "s|^$tree/||" -e 's|:SKIP: |: |')

echo "distcheck: $passed passed, $failed failed, $skipped skipped"
if [ "$failed" -eq 0 ]; then
    rm -rf "$tmp"
else
    echo "distcheck: kept $tmp"
fi
[ "$failed" -eq 0 ]
