#!/usr/bin/env bash
# The fuzzing build (-DLATCH_FUZZING=ON, docs/fuzzing.md: deterministic randomness, transparent
# records, signatures and Finished that always verify) never leaks into a library that ships:
# the static and shared libraries as built and as installed hold neither its marker string nor
# its symbol; the marker is there when src/crypto/rand.c is compiled with -DLT_FUZZING (so the
# search can find it); and CMake refuses the option in a release build type.
# Usage: test_fuzzing.sh <latch-tool> <source-dir> <build-dir>
set -u
src=$2 build=$3
marker='LATCH FUZZING BUILD'
passed=0 failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); [ -s "$work/out" ] && tail -n 20 "$work/out" | sed 's/^/#   /'; }
check() { local name=$1; shift; if "$@" >"$work/out" 2>&1; then ok "$name"; else not_ok "$name"; fi; }
work=$(mktemp -d "$build/fuzzing-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

# clean FILE: FILE exists and has no trace of the fuzzing build
clean() {
    [ -s "$1" ] || { echo "no $1"; return 1; }
    if grep -a -q "$marker" "$1"; then echo "$1 holds '$marker'"; return 1; fi
    if nm -A "$1" 2>/dev/null | grep -q 'lt_random_fuzz_reset'; then echo "$1 has lt_random_fuzz_reset"; return 1; fi
    return 0
}
# traced FILE: the search finds the marker and the symbol in FILE
traced() { grep -a -q "$marker" "$1" && nm "$1" | grep -q 'lt_random_fuzz_reset'; }

check "the static library as built has no trace of the fuzzing build" clean "$build/liblatch.a"
check "the shared library as built has no trace of the fuzzing build" clean "$build/liblatch.so"
check "the tool has no trace of the fuzzing build" clean "$build/latch"
check "cmake --install into a scratch prefix" cmake --install "$build" --prefix "$work/prefix"
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:[A-Z]*=//p' "$build/CMakeCache.txt")
check "  the installed static library has no trace of it" clean "$work/prefix/$libdir/liblatch.a"
check "  the installed shared library has no trace of it" clean "$work/prefix/$libdir/liblatch.so"

check "rand.c compiled with -DLT_FUZZING" cc -std=c11 -D_POSIX_C_SOURCE=200809L -DLT_FUZZING \
    -I"$src/include" -I"$src/src" -c "$src/src/crypto/rand.c" -o "$work/rand-fuzzing.o"
check "  holds the marker and the symbol the search looks for" traced "$work/rand-fuzzing.o"
dirty() { ! clean "$1"; }
check "  and a library holding it fails the check the libraries passed" \
    sh -c "cp '$build/liblatch.a' '$work/lib.a' && ar rs '$work/lib.a' '$work/rand-fuzzing.o'"
check "  (the check fails it)" dirty "$work/lib.a"

for type in Release RelWithDebInfo MinSizeRel; do
    if cmake -S "$src" -B "$work/cfg-$type" -DCMAKE_BUILD_TYPE=$type -DLATCH_FUZZING=ON >"$work/out" 2>&1; then
        not_ok "cmake refuses -DLATCH_FUZZING=ON in a $type build"
    elif grep -q 'LATCH_FUZZING makes an insecure library' "$work/out"; then
        ok "cmake refuses -DLATCH_FUZZING=ON in a $type build, saying why"
    else
        not_ok "cmake refuses -DLATCH_FUZZING=ON in a $type build, saying why"
    fi
done
check "cmake takes -DLATCH_FUZZING=ON in a Debug build" \
    cmake -S "$src" -B "$work/cfg-Debug" -DCMAKE_BUILD_TYPE=Debug -DLATCH_FUZZING=ON
check "  and defines LT_FUZZING for the library's objects" \
    grep -rq 'LT_FUZZING' "$work/cfg-Debug/CMakeFiles/latch_objs.dir/flags.make"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
