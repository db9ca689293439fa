#!/usr/bin/env bash
# A program outside the tree can use an installed latch (issue 15): against a scratch install,
# tests/build/consumer/ is built with CMake (find_package(latch), linking latch::latch, then
# latch::latch_static) and with pkg-config (latch.pc, shared, and static), and each runs and says
# it found the library it was compiled for; the CMake package refuses a request for another major
# version. Where files are installed is test_install.sh's.
# Usage: test_package.sh <latch-tool> <source-dir> <build-dir>
set -u
src=$2 build=$3
consumer=$src/tests/build/consumer
passed=0 failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); [ -s "$work/out" ] && tail -n 20 "$work/out" | sed 's/^/#   /'; }
# check DESCRIPTION COMMAND...: the command succeeds (its output in $work/out)
check() { local name=$1; shift; if "$@" >"$work/out" 2>&1; then ok "$name"; else not_ok "$name"; fi; }
work=$(mktemp -d "$build/package-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
# the make running ctest (make check) must not lend the consumers' builds its job server
unset MAKEFLAGS MFLAGS MAKELEVEL

prefix=$work/prefix
libdir=$prefix/$(sed -n 's/^CMAKE_INSTALL_LIBDIR:[A-Z]*=//p' "$build/CMakeCache.txt")
if ! cmake --install "$build" --prefix "$prefix" >"$work/out" 2>&1; then
    not_ok "cmake --install into a scratch prefix"
    echo "$passed passed, $failed failed"
    exit 1
fi
ok "cmake --install into a scratch prefix"

# runs PROGRAM: it runs, with the library it was compiled for
runs() { "$1" | grep -q '^latch works:'; }
# uses_installed_shared PROGRAM: it loads liblatch.so.0 from the scratch prefix
# (latch.pc's libdir is relative to latch.pc, so the path ldd shows may have .. in it)
uses_installed_shared() {
    local loaded
    loaded=$(ldd "$1" | sed -n 's/^[[:space:]]*liblatch\.so\.0 => \([^ ]*\) .*/\1/p')
    echo "liblatch.so.0 => ${loaded:-not found}"
    [ -n "$loaded" ] && [ "$loaded" -ef "$libdir/liblatch.so.0" ]
}
# no_shared_latch PROGRAM: it needs no liblatch.so at all
no_shared_latch() { ! ldd "$1" | grep -q 'liblatch\.so'; }

# CMake: find_package(latch) with the prefix on CMAKE_PREFIX_PATH. CMake gives a program it builds
# the rpath of the imported libraries, so each runs from its build tree as it is.
cmake_consumer() { # NAME, then -D options
    local dir=$work/$1; shift
    cmake -S "$consumer" -B "$dir" -DCMAKE_PREFIX_PATH="$prefix" "$@" && cmake --build "$dir"
}
check "CMake: find_package(latch) and latch::latch build a program" cmake_consumer cmake-shared
check "  which runs" runs "$work/cmake-shared/consumer"
check "  with the installed liblatch.so.0, found through its rpath" uses_installed_shared "$work/cmake-shared/consumer"
check "CMake: latch::latch_static builds a program (libcrypto and Threads come along)" \
    cmake_consumer cmake-static -DLATCH_CONSUMER_STATIC=ON
check "  which runs" runs "$work/cmake-static/consumer"
check "  without liblatch.so" no_shared_latch "$work/cmake-static/consumer"
# the version file: SameMajorVersion, so 0.1 is taken (above) and 1.0 refused
if cmake_consumer cmake-newer -DLATCH_CONSUMER_VERSION=1.0 >"$work/out" 2>&1; then
    not_ok "CMake: find_package(latch 1.0) is refused by the installed 0.x"
elif ! grep -q 'latchConfig.cmake, version: 0\.' "$work/out"; then
    not_ok "CMake: find_package(latch 1.0) is refused for its version (not for another reason)"
else
    ok "CMake: find_package(latch 1.0) is refused by the installed 0.x"
fi

# pkg-config: latch.pc from the scratch prefix
export PKG_CONFIG_PATH=$libdir/pkgconfig
version=$("$build/latch" version | awk '{print $2}')
check "pkg-config: latch.pc gives latch's version ($version)" \
    sh -c "[ \"\$(pkg-config --modversion latch)\" = '$version' ]"
check "pkg-config: the libdir latch.pc gives is the scratch prefix's" \
    sh -c "[ \"\$(pkg-config --variable=libdir latch)\" -ef '$libdir' ]"
check "pkg-config: cc \$(pkg-config --cflags --libs latch) builds a program" \
    sh -c "cc '$consumer/main.c' \$(pkg-config --cflags --libs latch) -o '$work/pc-shared'"
check "  which runs with LD_LIBRARY_PATH set to the prefix's libdir" \
    sh -c "LD_LIBRARY_PATH='$libdir' '$work/pc-shared' | grep -q '^latch works:'"
check "pkg-config: the same with -Wl,-rpath,\$(pkg-config --variable=libdir latch)" \
    sh -c "cc '$consumer/main.c' \$(pkg-config --cflags --libs latch) -Wl,-rpath,\$(pkg-config --variable=libdir latch) -o '$work/pc-rpath'"
check "  runs as it is" runs "$work/pc-rpath"
check "  with the installed liblatch.so.0" uses_installed_shared "$work/pc-rpath"
check "pkg-config: liblatch.a with the libraries pkg-config --static names for latch builds a program" \
    sh -c "cc '$consumer/main.c' \$(pkg-config --cflags latch) '$libdir/liblatch.a' \$(pkg-config --static --libs latch | sed 's/-llatch//') -o '$work/pc-static'"
check "  which runs" runs "$work/pc-static"
check "  without liblatch.so" no_shared_latch "$work/pc-static"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
