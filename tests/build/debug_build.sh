#!/usr/bin/env bash
# Debug builds and flag changes, as a user runs them, in a scratch tree of
# symbolic links to this one (its build/ is its own):
#   - a second `make lib` with the same flags compiles nothing;
#   - a change of CPPFLAGS or CFLAGS for the same build directory recompiles
#     every object and relinks both libraries, and the option is in them
#     (-DOS_MEMPOOL_POISON=1 brings os_mempool_set_corrupt_hook), and going
#     back rebuilds the release library;
#   - `make DEBUG=guard,poison` (any order) builds in build/debug-guard-poison/
#     with those options in the libraries and in mempool.pc's Cflags, makes
#     no manual, and leaves the release build alone; DEBUG=poison,guard,check
#     lands in build/debug-check-guard-poison/, where the quick start's
#     commands link a program; an unknown option is refused.
# Prints "debug-build: N passed, N failed".
#
# usage: tests/build/debug_build.sh WORKDIR   (from the top of the tree)
# environment: INSTALL_TEST_MAKE (make), CC
set -u
work=$(realpath -m "$1")
make_cmd=${INSTALL_TEST_MAKE:-make}
top=$(pwd)
tree=$work/tree

check_out="$work/check.out"
# shellcheck source=tests/check.sh
. "$top/tests/check.sh"

rm -rf "$work"
mkdir -p "$tree"
for entry in "$top"/*; do
    [ "${entry##*/}" = build ] || ln -s "$entry" "$tree/${entry##*/}"
done
sources=(src/*.c)
nsrc=${#sources[@]}

# tree_make LOG ARGS...: make in the scratch tree, its output in LOG, with
# none of the caller's settings: a make running this script exports its
# command-line variables (BUILD, CPPFLAGS, ...) to it.
tree_make() {
    local log=$1
    shift
    env -u BUILD -u CPPFLAGS -u CFLAGS -u LDFLAGS -u DEBUG MAKEFLAGS='' \
        "$make_cmd" --no-print-directory -C "$tree" CC="${CC:-cc}" "$@" >"$work/$log" 2>&1 ||
        { cat "$work/$log"; return 1; }
}
# compiles LOG: how many objects LOG shows compiled.
compiles() { grep -c -E ' -c src/[^ ]+\.c ' "$work/$1"; }
# symbol LIB NAME: LIB defines NAME (nm).
symbol() { nm "$tree/$1" 2>/dev/null | grep -qE " T $2\$"; }
exported() { nm -D --defined-only "$tree/$1" 2>/dev/null | grep -qE " T $2(@|\$)"; }

release_build() {
    tree_make release.log CFLAGS=-O0 lib &&
        [ "$(compiles release.log)" -eq $((2 * nsrc)) ] &&
        ! symbol build/libmempool.a os_mempool_set_corrupt_hook
}
check "make lib: $nsrc sources, static and shared, no debug option" release_build
nothing_again() {
    tree_make again.log CFLAGS=-O0 lib && [ "$(compiles again.log)" -eq 0 ]
}
check "make lib again, same flags: nothing compiled" nothing_again

poison_rebuilds() {
    tree_make poison.log CFLAGS=-O0 CPPFLAGS=-DOS_MEMPOOL_POISON=1 lib &&
        echo "compiled $(compiles poison.log) objects" &&
        [ "$(compiles poison.log)" -eq $((2 * nsrc)) ] &&
        symbol build/libmempool.a os_mempool_set_corrupt_hook &&
        exported build/libmempool.so os_mempool_set_corrupt_hook
}
check "CPPFLAGS=-DOS_MEMPOOL_POISON=1 in the same build: everything rebuilt, the hook in both libraries" poison_rebuilds
cflags_rebuild() {
    tree_make cflags.log CFLAGS=-O1 CPPFLAGS=-DOS_MEMPOOL_POISON=1 lib &&
        [ "$(compiles cflags.log)" -eq $((2 * nsrc)) ]
}
check "CFLAGS=-O1: everything rebuilt" cflags_rebuild
back_to_release() {
    tree_make back.log CFLAGS=-O0 lib &&
        [ "$(compiles back.log)" -eq $((2 * nsrc)) ] &&
        ! symbol build/libmempool.a os_mempool_set_corrupt_hook &&
        ! exported build/libmempool.so os_mempool_set_corrupt_hook
}
check "back to the release flags: rebuilt, no hook" back_to_release

dir=build/debug-guard-poison
stamp() { stat -c %Y "$tree/build/libmempool.a" "$tree/build/libmempool.so.$1"; }
real_so=("$tree"/build/libmempool.so.*.*.*)
version=${real_so[0]##*/libmempool.so.}
release_stamp=$(stamp "$version")
debug_dir() {
    tree_make debug.log CFLAGS=-O0 DEBUG=guard,poison &&
        symbol $dir/libmempool.a os_mempool_set_corrupt_hook &&
        symbol $dir/libmempool.a os_mempool_init_guarded &&
        exported $dir/libmempool.so os_mempool_init_guarded &&
        grep -E '^Cflags: .* -DOS_MEMPOOL_POISON=1 -DOS_MEMPOOL_GUARD=1$' "$tree/$dir/mempool.pc" &&
        grep -F 'OS_MEMPOOL_POISON=1;OS_MEMPOOL_GUARD=1' "$tree/$dir/mempoolConfig.cmake" &&
        [ ! -e "$tree/$dir/docs" ]
}
check "make DEBUG=guard,poison: $dir/ with both options, in mempool.pc too, no manual" debug_dir
release_untouched() {
    [ "$(stamp "$version")" = "$release_stamp" ] &&
        ! symbol build/libmempool.a os_mempool_set_corrupt_hook
}
check "the release build is left alone" release_untouched
other_order() {
    tree_make order.log CFLAGS=-O0 DEBUG=poison,guard lib && [ "$(compiles order.log)" -eq 0 ]
}
check "make DEBUG=poison,guard lib: the same directory, up to date" other_order
all_three() {
    tree_make all.log CFLAGS=-O0 DEBUG=poison,guard,check lib &&
        symbol build/debug-check-guard-poison/libmempool.a os_mempool_init_guarded &&
        grep -F -- '-DOS_MEMPOOL_CHECK=1' "$tree/build/debug-check-guard-poison/flags"
}
check "make DEBUG=poison,guard,check: build/debug-check-guard-poison/" all_three
# The quick start's commands that link the debug library, run as written
# on its example program.
quickstart_links() {
    local lines
    lines=$(sed -n '/^## Debug build/,/^## /p' docs/site/quickstart.md | grep -E '^cc ')
    [ -n "$lines" ] || { echo "no cc command in the quick start's Debug build"; return 1; }
    echo "$lines"
    cp docs/examples/guide_quickstart.c "$tree/app.c" &&
        (cd "$tree" && bash -e -c "$lines" && ./app) &&
        nm "$tree/app" | grep -E ' T os_mempool_set_corrupt_hook$'
}
check "the quick start's Debug build commands link and run" quickstart_links
refused() {
    ! tree_make bogus.log DEBUG=poison,bogus lib &&
        grep -F 'DEBUG takes poison, guard and check' "$work/bogus.log"
}
check "make DEBUG=poison,bogus is refused" refused

rm -f "$work/check.out"
echo "debug-build: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
