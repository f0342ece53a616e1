#!/usr/bin/env bash
# Cross builds of the library with -Werror: Cortex-M0 and Cortex-M4, and
# RV32IMAC (the HiFive1), each at -O0, -Os and -O2, with every debug
# option, with the single-threaded port and with the user port; and the
# plain command a user types, for both architectures. Whether the critical
# sections work is not read from the disassembly: the on-target tests run
# them under an interrupt race (tests/target/race.c, make target-tests).
# Prints one line "cross: N passed, N failed". Usage: cross.sh OUTDIR
set -uo pipefail
out=${1:?usage: cross.sh OUTDIR}
root=$(pwd)
warn=(-std=c99 -Wall -Wextra -Wpedantic -Werror)
debug=(-DOS_MEMPOOL_POISON=1 -DOS_MEMPOOL_GUARD=1 -DOS_MEMPOOL_CHECK=1)
passed=0 failed=0

ok() { passed=$((passed + 1)); }
ko() { failed=$((failed + 1)); echo "FAIL: $*"; }

# build NAME CC FLAGS...: compiles src/*.c into $out/NAME.
build() {
    local name=$1 cc=$2
    shift 2
    rm -rf "${out:?}/$name" && mkdir -p "$out/$name"
    if (cd "$out/$name" && "$cc" "$@" -I"$root/include" -c "$root"/src/*.c); then
        ok
    else
        ko "build $name: $cc $*"
    fi
}

# matrix NAME CC CPU-FLAGS...: the optimisation levels and the options.
matrix() {
    local name=$1 cc=$2
    shift 2
    for opt in -O0 -Os -O2; do
        build "$name$opt" "$cc" "$@" "${warn[@]}" $opt
    done
    build "$name-debug" "$cc" "$@" "${warn[@]}" -Os "${debug[@]}"
    build "$name-single" "$cc" "$@" "${warn[@]}" -Os -DOS_PORT_SINGLE_THREADED
    build "$name-user" "$cc" "$@" "${warn[@]}" -Os -DOS_PORT_USER
}

# Debian's RISC-V bare-metal compiler has no C library but picolibc's.
matrix cortex-m0 arm-none-eabi-gcc -mthumb -mcpu=cortex-m0
matrix cortex-m4 arm-none-eabi-gcc -mthumb -mcpu=cortex-m4
matrix rv32imac riscv64-unknown-elf-gcc --specs=picolibc.specs -march=rv32imac -mabi=ilp32

# The command as a user would type it, from a directory with the project's
# include/ and src/ beside it (the objects land in the current directory).
plain() {
    local name=$1
    shift
    rm -rf "${out:?}/$name" && mkdir -p "$out/$name"
    ln -s "$root/include" "$out/$name/include"
    ln -s "$root/src" "$out/$name/src"
    if (cd "$out/$name" && "$@" -Iinclude -c src/*.c -Wall -Werror); then
        ok
    else
        ko "$* -Iinclude -c src/*.c -Wall -Werror"
    fi
}
plain plain-arm arm-none-eabi-gcc -mthumb -mcpu=cortex-m4
plain plain-riscv riscv64-unknown-elf-gcc --specs=picolibc.specs -march=rv32imac -mabi=ilp32

echo "cross: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
