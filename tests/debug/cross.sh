#!/usr/bin/env bash
# Cross builds for Cortex-M0 and Cortex-M4 with -Werror, the plain command a
# user types, and a disassembly check that every locking function masks
# interrupts (cpsid i) and restores PRIMASK (msr). Prints one line
# "cortex-m: N passed, N failed". Usage: cross.sh OUTDIR
set -uo pipefail
out=${1:?usage: cross.sh OUTDIR}
root=$(pwd)
cc=arm-none-eabi-gcc
objdump=arm-none-eabi-objdump
warn=(-std=c99 -Wall -Wextra -Wpedantic -Werror)
debug=(-DOS_MEMPOOL_POISON=1 -DOS_MEMPOOL_GUARD=1 -DOS_MEMPOOL_CHECK=1)
passed=0 failed=0

ok() { passed=$((passed + 1)); }
ko() { failed=$((failed + 1)); echo "FAIL: $*"; }

# build NAME FLAGS...: compiles src/*.c into $out/NAME.
build() {
    local name=$1
    shift
    rm -rf "${out:?}/$name" && mkdir -p "$out/$name"
    if (cd "$out/$name" && $cc "$@" -I"$root/include" -c "$root"/src/*.c); then
        ok
    else
        ko "build $name: $cc $*"
    fi
}

for cpu in cortex-m0 cortex-m4; do
    for opt in -O0 -Os -O2; do
        build "$cpu$opt" -mthumb -mcpu=$cpu "${warn[@]}" $opt
    done
    build "$cpu-debug" -mthumb -mcpu=$cpu "${warn[@]}" -Os "${debug[@]}"
    build "$cpu-single" -mthumb -mcpu=$cpu "${warn[@]}" -Os -DOS_PORT_SINGLE_THREADED
done

# The command as a user would type it, from a directory with the project's
# include/ and src/ beside it (the objects land in the current directory).
rm -rf "${out:?}/plain" && mkdir -p "$out/plain"
ln -s "$root/include" "$out/plain/include"
ln -s "$root/src" "$out/plain/src"
if (cd "$out/plain" &&
    arm-none-eabi-gcc -mthumb -mcpu=cortex-m4 -Iinclude -c src/*.c -Wall -Werror); then
    ok
else
    ko "arm-none-eabi-gcc -mthumb -mcpu=cortex-m4 -Iinclude -c src/*.c -Wall -Werror"
fi

# disasm DIR FUNC: the instructions of FUNC in DIR's objects.
disasm() {
    $objdump -d "$out/$1"/*.o | awk -v f="<$2>:" '$2 == f { on = 1; next } on && /^$/ { exit } on'
}

# Every function that takes a pool's or the registry's lock. The put path
# is os_mempool_put unless the compiler inlined it into os_memblock_put;
# os_mempool_unregister and init register through os_mempool_registry_set.
locking="os_memblock_get os_mempool_clear os_mempool_is_sane
    os_mempool_registry_set os_mempool_info_get_next os_mempool_get"
for dir in cortex-m4-Os cortex-m4-O2 cortex-m0-Os cortex-m4-debug; do
    funcs=$locking
    if [ -n "$(disasm "$dir" os_mempool_put)" ]; then
        funcs="$funcs os_mempool_put"
    else
        funcs="$funcs os_memblock_put os_memblock_put_from_cb"
    fi
    for f in $funcs; do
        code=$(disasm "$dir" "$f")
        if [ -z "$code" ]; then
            ko "$dir: no function $f"
        elif ! grep -qP '\tcpsid\ti' <<<"$code"; then
            ko "$dir: $f does not mask interrupts (no cpsid i)"
        elif ! grep -qP '\tmsr\tPRIMASK' <<<"$code"; then
            ko "$dir: $f does not restore PRIMASK (no msr PRIMASK)"
        else
            ok
        fi
    done
done

# The check itself can fail: the single-threaded port masks nothing.
for dir in cortex-m0-single cortex-m4-single; do
    if disasm "$dir" os_memblock_get | grep -qP '\tcpsid'; then
        ko "$dir: os_memblock_get masks interrupts in the single-threaded port"
    elif [ -z "$(disasm "$dir" os_memblock_get)" ]; then
        ko "$dir: no function os_memblock_get"
    else
        ok
    fi
done

echo "cortex-m: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
