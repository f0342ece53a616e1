#!/usr/bin/env bash
# The library on riscv64 Linux, built with Debian's GCC 12 cross compiler:
# its objects call no libatomic function (the 32-bit lock word's atomics
# are inlined: amoswap.w, amoor.w), and programs linked with exactly what
# mempool.pc lists (pkg-config --libs, shared; --static --libs, static)
# link and run under qemu-riscv64: a threaded stress test of shared pools
# and an example of the manual whose output is documented.
#
# Debian 12's gcc-riscv64-linux-gnu cannot be installed beside gcc-multilib
# (the -m32 builds of tests/hardening.mk need it): each package conflicts
# with the other. When the cross compiler is not installed, its driver is
# fetched with `apt-get download` and unpacked under OUTDIR, matching the
# installed cpp-12-riscv64-linux-gnu (which has cc1 and no conflict).
#
# usage: tests/port/riscv64.sh OUTDIR   (from the top of the tree)
# environment: PORT_MAKE (make). Prints "port: N passed, N failed".
# Functions passed to check() look unreachable to shellcheck:
# shellcheck disable=SC2317
set -u

out=$(realpath -m "${1:?usage: riscv64.sh OUTDIR}")
make_cmd=${PORT_MAKE:-make}
top=$(pwd)
build=$out/build
root=$out/root
mkdir -p "$out"

check_out="$out/check.out"
check_prefix="port: riscv64: "
# shellcheck source=tests/check.sh
. "$top/tests/check.sh"

finish() {
    echo "port: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit
}

# --- the compiler ------------------------------------------------------------
cc_rv=()
if command -v riscv64-linux-gnu-gcc-12 >/dev/null 2>&1; then
    cc_rv=(riscv64-linux-gnu-gcc-12)
else
    gcc_dir=$out/gcc
    driver=$gcc_dir/usr/bin/riscv64-linux-gnu-gcc-12
    if [ ! -x "$driver" ]; then
        version=$(dpkg-query -W -f='${Version}' cpp-12-riscv64-linux-gnu 2>/dev/null)
        rm -rf "$gcc_dir" && mkdir -p "$gcc_dir"
        if ! (cd "$gcc_dir" && apt-get -q download "gcc-12-riscv64-linux-gnu=$version" \
            >"$out/apt.log" 2>&1 &&
            dpkg-deb -x gcc-12-riscv64-linux-gnu_*.deb . && rm -f ./*.deb); then
            failed=$((failed + 1))
            echo "port: riscv64: no cross compiler: gcc-12-riscv64-linux-gnu $version could not be fetched"
            sed 's/^/    /' "$out/apt.log"
            finish
        fi
    fi
    # The driver is relocated; cc1, libgcc and the C library's files are the
    # installed packages' own, under /usr.
    export GCC_EXEC_PREFIX=/usr/lib/gcc-cross/
    cc_rv=("$driver" "-B$gcc_dir/usr/lib/gcc-cross/riscv64-linux-gnu/12/")
fi
echo "port: riscv64: $("${cc_rv[@]}" --version | head -1)"

# --- the library, installed under $root ---------------------------------------
check "library built (static and shared) with its pkg-config file" \
    "$make_cmd" --no-print-directory BUILD="$build" CC="${cc_rv[*]}" \
    AR=riscv64-linux-gnu-ar PREFIX="$root" \
    "$build/libmempool.a" "$build/libmempool.so" "$build/mempool.pc"
[ -f "$build/libmempool.so" ] || finish
rm -rf "$root"
mkdir -p "$root/include/os" "$root/lib/pkgconfig"
cp include/os/*.h "$root/include/os/"
cp -P "$build"/libmempool.a "$build"/libmempool.so* "$root/lib/"
cp "$build/mempool.pc" "$root/lib/pkgconfig/"

no_libatomic_calls() {
    ! riscv64-linux-gnu-nm -u "$build"/obj/*.o | grep -E '__atomic_|__sync_'
}
check "no object calls libatomic (__atomic_*)" no_libatomic_calls
no_libatomic_needed() {
    ! riscv64-linux-gnu-readelf -d "$root/lib/libmempool.so" | grep -i 'NEEDED.*atomic'
}
check "the shared library needs no libatomic" no_libatomic_needed

# --- programs linked with what mempool.pc lists -----------------------------
pc() {
    PKG_CONFIG_LIBDIR=$root/lib/pkgconfig pkg-config "$@" mempool
}
cflags="-std=c99 -Wall -Wextra -Wpedantic -Werror -O2"
example=docs/examples/os_mempool_info_get_next
# shellcheck disable=SC2046,SC2086
check "threaded test linked with: $(pc --libs)" \
    "${cc_rv[@]}" $cflags $(pc --cflags) tests/port/lock_stress.c $(pc --libs) \
    -o "$out/lock_stress"
# shellcheck disable=SC2046,SC2086
check "$example.c linked -static with: $(pc --static --libs)" \
    "${cc_rv[@]}" $cflags -static $(pc --cflags) "$example.c" \
    $(pc --static --libs) -o "$out/example"

# --- run under qemu-user --------------------------------------------------------
qemu=(qemu-riscv64 -L /usr/riscv64-linux-gnu -E "LD_LIBRARY_PATH=$root/lib")
run_stress() {
    timeout 120 "${qemu[@]}" "$out/lock_stress" 3000
}
check "threads on shared pools, run (shared library)" run_stress
grep -v '^port: [0-9]* passed' "$out/check.out" | sed 's/^port: /port: riscv64: /'
run_example() {
    timeout 60 "${qemu[@]}" "$out/example" >"$out/example.txt" &&
        diff -u "$top/$example.out" "$out/example.txt"
}
check "$example.c prints its documented output (static)" run_example
finish
