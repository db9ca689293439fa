#!/usr/bin/env bash
# `make install` puts latch where it is asked to, whatever prefix build/ was configured with
# (issue 15): `cmake --install --prefix` into a scratch prefix gives the tool, the header, both
# libraries, latch.pc, the CMake package and the license; DESTDIR stages an install under another
# root; and `make install PREFIX=... [DESTDIR=...]` on this already configured build tree honours
# both at install time. What a program built against the install does is test_package.sh's.
# Usage: test_install.sh <latch-tool> <source-dir> <build-dir>
set -u
src=$2 build=$3
passed=0 failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); [ -s "$work/out" ] && tail -n 20 "$work/out" | sed 's/^/#   /'; }
# check DESCRIPTION COMMAND...: the command succeeds (its output in $work/out)
check() { local name=$1; shift; if "$@" >"$work/out" 2>&1; then ok "$name"; else not_ok "$name"; fi; }
work=$(mktemp -d "$build/install-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

cache_value() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }
configured_prefix=$(cache_value CMAKE_INSTALL_PREFIX)
libdir=$(cache_value CMAKE_INSTALL_LIBDIR)
echo "# $build was configured for $configured_prefix (libraries in $libdir/)"

# installed PREFIX: every file an install must hold is under PREFIX, in its place
installed() {
    local prefix=$1 missing=0 f
    for f in bin/latch include/latch.h "$libdir/liblatch.a" "$libdir/liblatch.so" "$libdir/liblatch.so.0" \
             "$libdir/pkgconfig/latch.pc" "$libdir/cmake/latch/latchConfig.cmake" \
             "$libdir/cmake/latch/latchConfigVersion.cmake" "$libdir/cmake/latch/latchTargets.cmake" \
             share/doc/latch/LICENSE share/doc/latch/NOTICE share/man/man1/latch.1 share/man/man3/latch.3; do
        [ -e "$prefix/$f" ] || { echo "no $f under $prefix"; missing=1; }
    done
    return $missing
}

check "cmake --install --prefix installs into that prefix" cmake --install "$build" --prefix "$work/prefix"
check "the prefix holds the tool, latch.h, both libraries, latch.pc, the CMake package and the license" \
    installed "$work/prefix"
check "the installed tool runs" sh -c "'$work/prefix/bin/latch' version | grep '^latch '"
check "the license installed is the Apache License 2.0" grep -q 'Apache License' "$work/prefix/share/doc/latch/LICENSE"

check "DESTDIR stages the configured prefix under it" \
    sh -c "DESTDIR='$work/stage' cmake --install '$build' >/dev/null"
check "  and everything is under DESTDIR$configured_prefix" installed "$work/stage$configured_prefix"
check "DESTDIR with --prefix stages that prefix under it" \
    sh -c "DESTDIR='$work/stage2' cmake --install '$build' --prefix /opt/latch >/dev/null"
check "  and everything is under DESTDIR/opt/latch" installed "$work/stage2/opt/latch"

# The Makefile's install target, on this build tree (configured before, with its own prefix);
# `-o build` keeps make from rebuilding it while other tests run. The make running ctest (make
# check) must not lend this one its job server.
run_make() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -C "$src" -o build "$@"; }
check "make install PREFIX=... installs there, not where $build was configured for" \
    run_make install BUILD="$build" PREFIX="$work/made"
check "  and everything is under PREFIX" installed "$work/made"
check "make install PREFIX=... DESTDIR=... stages PREFIX under DESTDIR" \
    run_make install BUILD="$build" PREFIX=/opt/latch DESTDIR="$work/made-stage"
check "  and everything is under DESTDIR/PREFIX" installed "$work/made-stage/opt/latch"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
