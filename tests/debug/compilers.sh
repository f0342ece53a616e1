#!/usr/bin/env bash
# The compiler matrix: the library (plain and with every debug option) and
# every test source compile without a warning under -Wall -Wextra -Wpedantic
# -Werror with gcc and clang, -std=c99 and -std=c11, -O0 and -O2, and with
# gcc -m32 (compile only: objects are not linked). The public header also
# compiles in C++ (g++ and clang++) and links against the C library, a
# program built with a different OS_MEMPOOL_GUARD setting or OS_ALIGNMENT
# does not link (-m32, alignments 4, 8 and 16 against each other), and
# os_membuf_t arrays are aligned on every target (tests/debug/membuf_align.c),
# and the library builds without the GNU dialect (-U__GNUC__).
# Prints one line "compilers: N passed, N failed" (one per combination).
# Usage: compilers.sh OUTDIR [JOBS]
set -uo pipefail
out=${1:?usage: compilers.sh OUTDIR [JOBS]}
jobs=${2:-2}
warn="-Wall -Wextra -Wpedantic -Werror"
debug="-DOS_MEMPOOL_POISON=1 -DOS_MEMPOOL_GUARD=1 -DOS_MEMPOOL_CHECK=1"
incs="-Iinclude -Isrc -Itests/unit -Itests/model -Itests/debug $(pkg-config --cflags check 2>/dev/null)"
tests=$(ls tests/unit/*.c tests/debug/*.c tests/fuzz/*.c tests/model/*.c 2>/dev/null)
combos="gcc:c99:-O0 gcc:c99:-O2 gcc:c11:-O0 gcc:c11:-O2 clang:c99:-O0 clang:c99:-O2
    clang:c11:-O0 clang:c11:-O2 gcc:c99:-O2:-m32"
passed=0 failed=0

rm -rf "${out:?}" && mkdir -p "$out"

# One line per compilation: COMBO FILE EXTRA_FLAGS...
for combo in $combos; do
    for f in src/*.c; do
        echo "$combo $f"
        echo "$combo $f $debug"
    done
    for f in $tests; do
        echo "$combo $f"
    done
done >"$out/jobs"

compile() {
    local combo=$1 file=$2
    shift 2
    local cc std opt extra dir obj
    IFS=: read -r cc std opt extra <<<"$combo"
    dir=$out/${combo//[:-]/_}
    obj=$dir/$(basename "$file" .c)$([ $# -gt 0 ] && echo _debug).o
    mkdir -p "$dir"
    # shellcheck disable=SC2086
    if ! $cc -std="$std" $opt $extra $warn $incs "$@" -c "$file" -o "$obj" >"$obj.log" 2>&1; then
        { echo "== $cc -std=$std $opt $extra $* $file"; cat "$obj.log"; } >>"$dir.fail"
    fi
}
export -f compile
export out warn incs
xargs -P "$jobs" -L 1 bash -c 'compile "$@"' _ <"$out/jobs"

for combo in $combos; do
    dir=$out/${combo//[:-]/_}
    if [ -e "$dir.fail" ]; then
        failed=$((failed + 1))
        echo "FAIL: $combo"
        head -40 "$dir.fail"
    else
        passed=$((passed + 1))
    fi
done

# A C99 compiler that is neither gcc nor clang: the library's compiler hints
# have plain fallbacks. The host port's atomics need the GNU dialect, so the
# single-threaded port stands in; -U__GNUC__ turns the dialect's macro off.
nognu_ok=1
for f in src/*.c; do
    # shellcheck disable=SC2086
    if ! gcc -std=c99 -O2 $warn -U__GNUC__ -DOS_PORT_SINGLE_THREADED -Iinclude \
        -c "$f" -o "$out/nognu.o" >"$out/nognu.log" 2>&1; then
        nognu_ok=0
        echo "FAIL: $f without __GNUC__"
        head -20 "$out/nognu.log"
    fi
done
if [ "$nognu_ok" -eq 1 ]; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
fi

# C++: compile the header without a warning, link against the C library
# (plain and with every debug option: the guard renames two functions),
# and run the program.
for cxx in g++ clang++; do
    for opts in "" "$debug"; do
        dir=$out/cxx_$cxx${opts:+_debug}
        mkdir -p "$dir"
        # shellcheck disable=SC2086
        if (cd "$dir" && gcc -std=c99 $warn $opts -I../../../include -c ../../../src/*.c) 2>"$dir.log" &&
            $cxx -Wall -Wextra -Wpedantic -Werror $opts -Iinclude tests/debug/cxx_header.cpp \
                "$dir"/*.o -o "$dir/cxx_header" 2>>"$dir.log" &&
            "$dir/cxx_header" >>"$dir.log" 2>&1; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
            echo "FAIL: $cxx ${opts:+with debug options}: header in C++ (exit $?)"
            cat "$dir.log"
        fi
    done
done

# Pool buffers declared as the header says are aligned on every target,
# struct members included (-m32 -DOS_ALIGNMENT=8: x86's ABI aligns uint64_t
# on 4 bytes only).
for cc in gcc clang; do
    for target in "" "-m32" "-m32 -DOS_ALIGNMENT=8"; do
        bin=$out/membuf_align_$cc${target// /_}
        # shellcheck disable=SC2086
        if $cc -std=c99 $warn $target -Iinclude tests/debug/membuf_align.c src/*.c \
            -o "$bin" >"$bin.log" 2>&1 && "$bin" >>"$bin.log" 2>&1; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
            echo "FAIL: $cc $target: os_membuf_t buffers not all accepted"
            cat "$bin.log"
        fi
    done
done

# OS_MEMPOOL_GUARD changes the size of every block, so a program and a
# library built with different settings must not link (the guard renames
# the init functions): each way round, the link fails on os_mempool_init.
for pair in "cxx_g++_debug:" "cxx_g++:$debug"; do
    libdir=$out/${pair%%:*} opts=${pair#*:}
    # shellcheck disable=SC2086
    if g++ -Wall -Wextra -Werror $opts -Iinclude tests/debug/cxx_header.cpp "$libdir"/*.o \
        -o "$out/mismatch" >"$out/mismatch.log" 2>&1; then
        failed=$((failed + 1))
        echo "FAIL: a program ${opts:+with}${opts:-without} the guard links against a library ${opts:+without}${opts:-with} it"
    elif ! grep -q "undefined reference to .os_mempool_init" "$out/mismatch.log"; then
        failed=$((failed + 1))
        echo "FAIL: guard mismatch: the link failed for another reason:"
        cat "$out/mismatch.log"
    else
        passed=$((passed + 1))
    fi
done

# OS_ALIGNMENT changes the sizing macros too: on a 32-bit target, a program
# and a library built with different alignments must not link either way
# round (the header renames the init functions when the alignment is not
# the size of a pointer), and the same alignment links and runs.
rm -rf "${out:?}/align" && mkdir -p "$out/align"
for lib in 4 8 16; do
    # shellcheck disable=SC2086
    (cd "$out/align" && mkdir -p "lib$lib" && cd "lib$lib" &&
        gcc -m32 -std=c99 $warn -DOS_ALIGNMENT=$lib -I../../../../include \
            -c ../../../../src/*.c) >"$out/align/lib$lib.log" 2>&1 ||
        echo "FAIL: -m32 library with OS_ALIGNMENT=$lib does not build"
done
for lib in 4 8 16; do
    for prog in 4 8 16; do
        log=$out/align/prog$prog-lib$lib.log
        # shellcheck disable=SC2086
        if gcc -m32 -std=c99 $warn -DOS_ALIGNMENT=$prog -Iinclude \
            docs/examples/os_mempool_size.c "$out/align/lib$lib"/*.o \
            -o "$out/align/prog$prog-lib$lib" >"$log" 2>&1; then
            linked=1
        else
            linked=0
        fi
        if [ "$prog" = "$lib" ] && [ $linked = 1 ] &&
            "$out/align/prog$prog-lib$lib" >>"$log" 2>&1; then
            passed=$((passed + 1))
        elif [ "$prog" != "$lib" ] && [ $linked = 0 ] &&
            grep -q "undefined reference to .os_mempool_init" "$log"; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
            echo "FAIL: -m32 program with OS_ALIGNMENT=$prog and library with $lib:" \
                "$([ $linked = 1 ] && echo linked || echo did not link as expected)"
            cat "$log"
        fi
    done
done

echo "compilers: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
