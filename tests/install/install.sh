#!/usr/bin/env bash
# The library as a user gets it: `make install` into a staging DESTDIR, an
# example of the manual built against the installed copy with nothing but
# pkg-config (static and shared), the man page read from the installed tree,
# then `make uninstall` leaving none of our files and all of anyone else's.
#
# usage: tests/install/install.sh EXAMPLE.c   (from the top of the tree)
# environment: INSTALL_TEST_MAKE (make), CC, CPPFLAGS, BUILD (default build)
set -u

example=$1
make_cmd=${INSTALL_TEST_MAKE:-make}
cc=${CC:-cc}
top=$(pwd)
build=${BUILD:-build}
work=$top/$build/install/test
dest=$work/root
prefix=/usr/local
lib=$dest$prefix/lib
cflags="-std=c99 -Wall -Wextra -Wpedantic -Werror"

check_out="$work/check.out"
# shellcheck source=tests/check.sh
. "$top/tests/check.sh"

# The tree's own rules, with the caller's BUILD and CPPFLAGS and none of its
# other command-line settings; docs-man was made by the caller.
run_make() {
    MAKEFLAGS= "$make_cmd" --no-print-directory -s -o docs-man \
        BUILD="$build" CPPFLAGS="${CPPFLAGS:-}" "$@"
}

header_version() {
    local p v=""
    for p in MAJOR MINOR PATCH; do
        v=$v${v:+.}$(sed -n "s/^#define OS_MEMPOOL_VERSION_$p \([0-9]*\)$/\1/p" \
            include/os/os_mempool.h)
    done
    echo "$v"
}
version=$(header_version)
major=${version%%.*}

rm -rf "$work"
mkdir -p "$work"

# --- another PREFIX and LIBDIR (first: the default install below leaves
# $build/mempool.pc as make writes it for the default PREFIX) ---------------
dest2=$work/root-opt
honours_prefix() {
    run_make install DESTDIR="$dest2" PREFIX=/opt/mempool \
        LIBDIR=/opt/mempool/lib64 || return 1
    test -f "$dest2/opt/mempool/include/os/os_mempool.h" &&
        test -L "$dest2/opt/mempool/lib64/libmempool.so.$major" &&
        test "$(echo $(PKG_CONFIG_LIBDIR=$dest2/opt/mempool/lib64/pkgconfig \
            PKG_CONFIG_SYSROOT_DIR= pkg-config --libs mempool))" = \
            "-L/opt/mempool/lib64 -lmempool" &&
        run_make uninstall DESTDIR="$dest2" PREFIX=/opt/mempool \
            LIBDIR=/opt/mempool/lib64 &&
        test -z "$(find "$dest2" ! -type d)"
}
check "PREFIX=/opt/mempool LIBDIR=.../lib64" honours_prefix

# A program must see the options the library was built with.
pc_carries_options() {
    run_make BUILD="$work/options" CPPFLAGS="-DOS_MEMPOOL_GUARD=1" \
        "$work/options/mempool.pc" >/dev/null || return 1
    PKG_CONFIG_LIBDIR=$work/options pkg-config --cflags mempool |
        grep -E '(^| )-DOS_MEMPOOL_GUARD=1( |$)'
}
check "pkg-config Cflags carry the build's -DOS_ options" pc_carries_options

check "make install DESTDIR=" run_make install DESTDIR="$dest"

# --- what install put where ---------------------------------------------
same_headers() {
    local h
    for h in include/os/*.h; do
        cmp "$h" "$dest$prefix/include/os/${h##*/}" || return 1
    done
}
check "headers under include/os/" same_headers
check "static library" cmp "$build/libmempool.a" "$lib/libmempool.a"
check "shared library libmempool.so.$version" \
    cmp "$build/libmempool.so.$version" "$lib/libmempool.so.$version"
soname_is() {
    readelf -d "$lib/libmempool.so.$version" | grep -F "[libmempool.so.$major]"
}
check "soname libmempool.so.$major" soname_is
links_resolve() {
    [ "$(readlink "$lib/libmempool.so.$major")" = "libmempool.so.$version" ] &&
        [ "$(readlink -f "$lib/libmempool.so")" = "$lib/libmempool.so.$version" ]
}
check "symlinks libmempool.so.$major and libmempool.so" links_resolve

# --- pkg-config alone, pointed into the staging tree --------------------
export PKG_CONFIG_PATH=
export PKG_CONFIG_LIBDIR=$lib/pkgconfig
export PKG_CONFIG_SYSROOT_DIR=$dest
check "pkg-config --modversion is the header's $version" \
    test "$(pkg-config --modversion mempool)" = "$version"

cp "$example" "$work/example.c"
expected_out=${example%.c}.out
runs_as_documented() {
    local out
    out=$("$@") || { echo "exit status $?"; return 1; }
    if [ -f "$expected_out" ]; then
        [ "$out" = "$(cat "$expected_out")" ] || { echo "stdout: $out"; return 1; }
    else
        [ -z "$out" ] || { echo "unexpected stdout: $out"; return 1; }
    fi
}

# Static: -static takes libmempool.a, as pkg-config --static intends.
check "static build of ${example##*/}" \
    sh -c "$cc $cflags $(pkg-config --cflags mempool) '$work/example.c' \
        -static $(pkg-config --static --libs mempool) -o '$work/example-static'"
no_shared_mempool() {
    ! readelf -d "$work/example-static" | grep -F libmempool &&
        nm "$work/example-static" | grep -E ' T os_mempool_init$'
}
check "static binary holds the library" no_shared_mempool
check "static binary runs as documented" runs_as_documented "$work/example-static"

# Shared: resolved from the staging tree at run time.
check "shared build of ${example##*/}" \
    sh -c "$cc $cflags $(pkg-config --cflags mempool) '$work/example.c' \
        $(pkg-config --libs mempool) -o '$work/example-shared'"
needs_soname() {
    readelf -d "$work/example-shared" | grep -F "NEEDED" |
        grep -F "[libmempool.so.$major]" &&
        nm -D "$work/example-shared" | grep -E ' U os_mempool_init(@|$)'
}
check "shared binary needs libmempool.so.$major" needs_soname
loads_installed() {
    LD_LIBRARY_PATH=$lib ldd "$work/example-shared" |
        grep -F "libmempool.so.$major => $lib/libmempool.so.$major "
}
check "loader picks the installed libmempool.so.$major" loads_installed
runs_shared() { LD_LIBRARY_PATH=$lib runs_as_documented "$work/example-shared"; }
check "shared binary runs as documented" runs_shared

# --- man(3) pages --------------------------------------------------------
man_renders() {
    local text
    ls "$build"/docs/man/*.3 >/dev/null 2>&1 ||
        echo "$build/docs/man/ holds no page: docs-man made none"
    text=$(MANPAGER=cat PAGER=cat MANWIDTH=80 \
        man -M "$dest$prefix/share/man" 3 os_mempool_init) || return 1
    echo "$text" | head -5
    echo "$text" | grep -q os_mempool_init
}
check "man -M <staging>/share/man 3 os_mempool_init" man_renders

# --- uninstall: ours gone, a neighbour's files kept -----------------------
touch "$dest$prefix/include/os/os_other.h" "$lib/libother.so" \
    "$dest$prefix/share/man/man3/other.3"
check "make uninstall DESTDIR=" run_make uninstall DESTDIR="$dest"
only_neighbours_left() {
    local left
    left=$(cd "$dest" && find . ! -type d | sort)
    echo "$left"
    [ "$left" = "$(printf '%s\n' ./usr/local/include/os/os_other.h \
        ./usr/local/lib/libother.so ./usr/local/share/man/man3/other.3)" ]
}
check "uninstall removes our files and only ours" only_neighbours_left

rm -f "$work/check.out"
echo "install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
