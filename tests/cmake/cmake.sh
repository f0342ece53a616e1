#!/usr/bin/env bash
# mempool as CMake projects take it, every project configured and built from
# scratch:
#   - add_subdirectory of this tree (tests/cmake/subdir) with options set as
#     a parent project sets them: the program sees them and runs, linked
#     static and shared;
#   - CMake's own build (MEMPOOL_BUILD_TESTS on, its suites run by ctest)
#     and install (DESTDIR): soname and exports as the Makefile's, the same
#     export list and the same sources; no test built unless asked;
#   - find_package against that install (tests/cmake/package);
#   - find_package against `make install` (DESTDIR), BUILD_SHARED_LIBS on;
#   - the two installs: the same files, modes and links, the same text in
#     every file but the libraries. One difference is deliberate: CMake does
#     not build the manual, so from a git checkout it installs no man page
#     (from a release tarball, which ships them built in docs/man/, it does);
#   - the version file's rules (tests/cmake/version_file.cmake);
#   - the Cortex-M4 build of README.md's command (cmake/arm-none-eabi.cmake):
#     the text `make size` reports, and the Cortex-M port (interrupts masked
#     with cpsid i, PRIMASK restored).
# Prints "cmake: N passed, N failed".
#
# usage: tests/cmake/cmake.sh WORKDIR   (from the top of the tree)
# environment: INSTALL_TEST_MAKE (make), CC, CPPFLAGS, BUILD: the caller's
# build, whose libraries and man pages (docs-man) are made.
set -u

work=$(realpath -m "$1")
make_cmd=${INSTALL_TEST_MAKE:-make}
cc=${CC:-cc}
build=${BUILD:-build}
cppflags=${CPPFLAGS:-}
read -r -a cppflag_words <<<"$cppflags"
top=$(pwd)
prefix=/usr/local

check_out="$work/check.out"
# shellcheck source=tests/check.sh
. "$top/tests/check.sh"

# The tree's own rules, without the caller's make flags; each call gives
# BUILD and CPPFLAGS.
run_make() {
    MAKEFLAGS='' "$make_cmd" --no-print-directory -s "$@"
}

version_part() {
    sed -n "s/^#define OS_MEMPOOL_VERSION_$1 \([0-9]*\)$/\1/p" include/os/os_mempool.h
}
major=$(version_part MAJOR)
minor=$(version_part MINOR)
patch=$(version_part PATCH)
version=$major.$minor.$patch

# The caller's -D options as the CMake options of the same names.
cmake_opts=()
for f in "${cppflag_words[@]}"; do
    case $f in
    -DOS_PORT_SINGLE_THREADED | -DOS_PORT_USER) cmake_opts+=("$f=ON") ;;
    -DOS_ALIGNMENT=*) cmake_opts+=("$f") ;;
    -DOS_MEMPOOL_POISON=1 | -DOS_MEMPOOL_GUARD=1 | -DOS_MEMPOOL_CHECK=1)
        cmake_opts+=("${f%=1}=ON") ;;
    esac
done

rm -rf "$work"
mkdir -p "$work"

# configure_build DIR SOURCE ARGS...: a fresh configure and build.
configure_build() {
    local dir=$1 src=$2
    shift 2
    cmake -S "$src" -B "$dir" "$@" && cmake --build "$dir"
}

# runs_as PROGRAM EXPECTED: runs and prints exactly EXPECTED.
runs_as() {
    local out
    out=$("$1") || { echo "$1: exit status $?, output: $out"; return 1; }
    [ "$out" = "$2" ] || { printf '%s printed\n  %s\nnot\n  %s\n' "$1" "$out" "$2"; return 1; }
}

# needs_lib PROGRAM DIR: loads libmempool.so.MAJOR from DIR, or with DIR
# "none" links no libmempool at all.
needs_lib() {
    [ -x "$1" ] || { echo "no program $1"; return 1; }
    if [ "$2" = none ]; then
        ! readelf -d "$1" | grep -F libmempool
    else
        readelf -d "$1" | grep -F "NEEDED" | grep -F "[libmempool.so.$major]" &&
            ldd "$1" | grep -F "libmempool.so.$major => $2/libmempool.so.$major "
    fi
}

# What a program compiled the Makefile's way against its library prints.
"$cc" -std=c99 -Iinclude "${cppflag_words[@]}" tests/cmake/app.c "$build/libmempool.a" \
    -o "$work/app-make" -lpthread
expected=$("$work/app-make")
echo "the Makefile's library: $expected"

# --- add_subdirectory, options set by the parent ---------------------------
sub=$work/subdir
sub_opts=(-DOS_PORT_USER=ON -DOS_ALIGNMENT=16 -DOS_MEMPOOL_POISON=ON
    -DOS_MEMPOOL_GUARD=ON)
sub_expected="version=$version port=user alignment=16 poison=1 guard=1 check=0"
check "add_subdirectory with ${sub_opts[*]}" \
    configure_build "$sub" tests/cmake/subdir -DMEMPOOL_SOURCE_DIR="$top" "${sub_opts[@]}"
check "add_subdirectory: mempool::mempool carries the options" \
    runs_as "$sub/app" "$sub_expected"
check "add_subdirectory: mempool::mempool is the static library" needs_lib "$sub/app" none
check "add_subdirectory: mempool::static" runs_as "$sub/app_static" "$sub_expected"
check "add_subdirectory: mempool::shared" runs_as "$sub/app_shared" "$sub_expected"
check "add_subdirectory: mempool::shared loads libmempool.so.$major" \
    needs_lib "$sub/app_shared" "$sub/mempool"
no_tests() {
    ! find "$sub" -name 'mempool_*_tests' | grep . && [ ! -e "$sub/mempool/CTestTestfile.cmake" ]
}
check "add_subdirectory: no test built unless MEMPOOL_BUILD_TESTS" no_tests

# --- CMake's own build and install ----------------------------------------
lib=$work/lib
root_cmake=$work/root-cmake
cmake_install() {
    configure_build "$lib" "$top" -DMEMPOOL_BUILD_TESTS=ON "${cmake_opts[@]}" &&
        DESTDIR="$root_cmake" cmake --install "$lib"
}
check "cmake build with MEMPOOL_BUILD_TESTS=ON and DESTDIR install ${cmake_opts[*]}" cmake_install
run_ctest() {
    (cd "$lib" && ctest --output-on-failure) &&
        [ -x "$lib/mempool_debug_tests" ]
}
check "ctest: the suites, against CMake's static library" run_ctest
soname_is() {
    readelf -d "$lib/libmempool.so.$version" | grep -F "SONAME" |
        grep -F "[libmempool.so.$major]"
}
check "CMake's shared library: soname libmempool.so.$major" soname_is
check "CMake's shared library exports the API and nothing else" \
    env CC="$cc" /usr/bin/python3 tests/install/exports.py include/os/os_mempool.h \
    "$lib/libmempool.so" "-Iinclude $cppflags"
check "CMake's export list is the Makefile's" cmp "$lib/libmempool.map" "$build/libmempool.map"
members() { ar t "$1" | sed 's/\.c\.o$//; s/\.o$//' | sort; }
same_sources() {
    diff <(members "$build/libmempool.a") <(members "$lib/libmempool.a")
}
check "CMake and the Makefile compile the same sources" same_sources

# --- find_package against CMake's install ---------------------------------
pkg=$work/package-cmake
check "find_package against the CMake install" \
    configure_build "$pkg" tests/cmake/package -DMEMPOOL_VERSION="$version" \
    -DCMAKE_PREFIX_PATH="$root_cmake$prefix"
check "find_package (CMake install): mempool::mempool" runs_as "$pkg/app" "$expected"
check "find_package (CMake install): mempool::mempool is static" needs_lib "$pkg/app" none
check "find_package (CMake install): mempool::static" runs_as "$pkg/app_static" "$expected"
check "find_package (CMake install): mempool::shared" runs_as "$pkg/app_shared" "$expected"
check "find_package (CMake install): loads the installed libmempool.so.$major" \
    needs_lib "$pkg/app_shared" "$root_cmake$prefix/lib"

# --- find_package against `make install` ----------------------------------
root_make=$work/root-make
check "make install DESTDIR=" \
    run_make -o docs-man BUILD="$build" CPPFLAGS="$cppflags" install DESTDIR="$root_make"
pkg=$work/package-make
check "find_package against make install, BUILD_SHARED_LIBS=ON" \
    configure_build "$pkg" tests/cmake/package -DMEMPOOL_VERSION="$version" \
    -DCMAKE_PREFIX_PATH="$root_make$prefix" -DBUILD_SHARED_LIBS=ON
check "find_package (make install): mempool::mempool is the shared library" \
    needs_lib "$pkg/app" "$root_make$prefix/lib"
check "find_package (make install): mempool::mempool" runs_as "$pkg/app" "$expected"
check "find_package (make install): mempool::static" runs_as "$pkg/app_static" "$expected"
check "find_package (make install): mempool::static links no libmempool.so" \
    needs_lib "$pkg/app_static" none

# --- the two installs ------------------------------------------------------
# Every file and link: type, mode, path, link target.
listing() { (cd "$1" && find . ! -type d -printf '%y %m %p %l\n' | sort); }
same_files() {
    local diffs
    if [ -n "$(ls docs/man/*.3 2>/dev/null)" ]; then
        diff <(listing "$root_make") <(listing "$root_cmake")
        return
    fi
    # The deliberate difference, in a checkout: man pages in make's only.
    diffs=$(diff <(listing "$root_make") <(listing "$root_cmake") | grep '^[<>]')
    echo "$diffs"
    ! echo "$diffs" | grep -v '^< f 644 \./usr/local/share/man/man3/[^/ ]*\.3 $' | grep -q . &&
        echo "$diffs" | grep -q '^< f 644 \./usr/local/share/man/man3/os_mempool_init\.3 $'
}
check "installed files: CMake's and make's, the man pages apart" same_files
same_text() {
    local f bad=0
    while read -r f; do
        case $f in *.a | *.so.*) continue ;; esac
        [ -f "$root_cmake/$f" ] || continue
        cmp "$root_make/$f" "$root_cmake/$f" || bad=1
    done < <(cd "$root_make" && find . -type f)
    return $bad
}
check "installed text files are identical (headers, mempool.pc, the package)" same_text

# --- the version file --------------------------------------------------------
pointer=$(printf '__SIZEOF_POINTER__\n' | "$cc" "${cppflag_words[@]}" -E -P -x c - | tr -d '[:space:]')
other_pointer=$((pointer == 8 ? 4 : 8))
version_rules() {
    local file=$root_make$prefix/lib/cmake/mempool/mempoolConfigVersion.cmake out want
    out=$(cmake -DFILE="$file" -DPOINTER="$pointer" -DREQUESTS="none;$version;$major;$major.$minor.$((patch + 1));$((major + 1));$((major - 1)).99;$((major - 1))...<$((major + 1));$major...<$version" \
        -P tests/cmake/version_file.cmake 2>&1) || return 1
    out=$out$'\n'$(cmake -DFILE="$file" -DPOINTER="$other_pointer" -DREQUESTS="$version" \
        -P tests/cmake/version_file.cmake 2>&1) || return 1
    want=$(
        printf '%s\n' \
            "none pointer $pointer -> compatible ($version)" \
            "$version pointer $pointer -> exact ($version)" \
            "$major pointer $pointer -> $([ "$minor.$patch" = 0.0 ] && echo exact || echo compatible) ($version)" \
            "$major.$minor.$((patch + 1)) pointer $pointer -> incompatible ($version)" \
            "$((major + 1)) pointer $pointer -> incompatible ($version)" \
            "$((major - 1)).99 pointer $pointer -> incompatible ($version)" \
            "$((major - 1))...<$((major + 1)) pointer $pointer -> compatible ($version)" \
            "$major...<$version pointer $pointer -> incompatible ($version)" \
            "$version pointer $other_pointer -> unsuitable ($version ($((pointer * 8))-bit))"
    )
    echo "$out"
    [ "$out" = "$want" ] || { printf 'expected:\n%s\n' "$want"; return 1; }
}
check "mempoolConfigVersion.cmake: same major, not newer, ranges, pointer size" version_rules

# --- Cortex-M4 through the toolchain file, README.md's command ---------------
cm4=$work/cortex-m4
cross_build() {
    local line
    line=$(grep -m 1 -e '-DCMAKE_TOOLCHAIN_FILE=cmake/arm-none-eabi.cmake' README.md |
        sed 's/^[[:space:]]*//')
    [ -n "$line" ] || { echo "README.md has no command with the toolchain file"; return 1; }
    line=${line//build\/cortex-m4/$cm4}
    echo "$line"
    bash -c "$line"
}
check "README's Cortex-M4 command (cmake/arm-none-eabi.cmake)" cross_build
same_text_size() {
    local ours theirs
    ours=$(arm-none-eabi-size -t "$cm4/libmempool.a" | awk 'END { print $1 }')
    theirs=$(run_make -o deps-bench BUILD="$work/size" CPPFLAGS= size |
        sed -n 's/^size: cortex-m4 .* text *\([0-9][0-9]*\) bytes.*/\1/p')
    echo "cmake: Cortex-M4 text $ours bytes; make size: ${theirs:-nothing}"
    [ -n "$ours" ] && [ "$ours" = "$theirs" ]
}
check "Cortex-M4 text is make size's" same_text_size
cortex_m_port() {
    local code
    code=$(arm-none-eabi-objdump -d "$cm4/libmempool.a" |
        awk '$2 == "<os_memblock_get>:" { on = 1; next } on && /^$/ { exit } on')
    echo "$code"
    grep -qP '\tcpsid\ti' <<<"$code" && grep -qP '\tmsr\tPRIMASK' <<<"$code"
}
check "Cortex-M4: the Cortex-M port (os_memblock_get masks interrupts)" cortex_m_port

rm -f "$work/check.out"
echo "cmake: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
