#!/usr/bin/env bash
# Line and branch coverage of latch (docs/coverage.md says how it is measured and what it found),
# with clang's source-based coverage:
#   1. the normal build (CMake, clang, -fprofile-instr-generate -fcoverage-mapping): its unit
#      tests, then the script tests that run the tool and the examples (COV_SCRIPT_TESTS);
#   2. the fuzzing build of src/ (-DLATCH_FUZZING=ON, the same instrumentation): every
#      fuzz/fuzz_*.c harness replays every input of fuzz/seeds/<harness>/ and
#      fuzz/corpus/<harness>/ once, with no mutation;
#   3. each run's profiles merged and exported as line and branch data (lcov), and
#      scripts/coverage_report.py adds them up per file and writes the report.
# Usage: scripts/coverage.sh [REPORT]   REPORT defaults to docs/coverage.md
# OUT (default build-cov/) holds both builds, the profiles and the exported data.
# Exits non-zero when a tool is missing, a build fails, or a test or a replay failed (the report
# is written first, and says which).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
report=${1:-docs/coverage.md}
out=$(realpath -m "${OUT:-build-cov}")
# the script tests: those that run the tool and the examples on this machine alone (no interop
# peer, no browser, no valgrind, no install); about six minutes on two cores
script_tests=${COV_SCRIPT_TESTS:-'^(certs|chains|cli|examples|ocsp|pump|trace)/'}
jobs=${JOBS:-2}

need() {
    command -v "$1" >/dev/null 2>&1 && return 0
    echo "coverage: $1 is not installed; scripts/deps.sh $2 installs it (make coverage does)" >&2
    exit 1
}
need clang "clang"
need python3 "python3"
need cmake "cmake"
# llvm-profdata and llvm-cov must read what this clang wrote: the tools of its own version
llvm_version=$(clang -dumpversion | cut -d. -f1)
profdata=llvm-profdata-$llvm_version llvm_cov=llvm-cov-$llvm_version
need "$profdata" "llvm-$llvm_version"
need "$llvm_cov" "llvm-$llvm_version"
libfuzzer=$(clang -print-file-name=libclang_rt.fuzzer-x86_64.a)
[ -f "$libfuzzer" ] || {
    echo "coverage: libFuzzer is not installed; scripts/deps.sh libclang-rt-$llvm_version-dev installs it" >&2
    exit 1
}

# the tree as it is when the builds start is what the report describes
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
changes=$(git status --porcelain -- . ":!$report" 2>/dev/null | wc -l)

instrument="-fprofile-instr-generate -fcoverage-mapping"
# the library's warning flags are gcc's (-Wno-format-truncation is unknown to clang)
cov_cflags="$instrument -Wno-unknown-warning-option"
rm -rf "$out/profiles"
mkdir -p "$out/profiles/unit" "$out/profiles/script" "$out/profiles/fuzz" "$out/logs"

echo "== the normal build, instrumented ($out/main)"
cmake -S . -B "$out/main" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_C_FLAGS="$cov_cflags" -DCMAKE_EXE_LINKER_FLAGS=-fprofile-instr-generate \
    -DCMAKE_SHARED_LINKER_FLAGS=-fprofile-instr-generate >"$out/logs/main-cmake.log"
cmake --build "$out/main" -j "$jobs" >"$out/logs/main-build.log" 2>&1 ||
    { tail -30 "$out/logs/main-build.log"; echo "coverage: the instrumented build failed" >&2; exit 1; }

# %4m: a pool of four profiles per program, merged as the processes end (the tool runs thousands
# of times in the script tests)
status=0
echo "== unit tests"
(cd "$out/main" && LLVM_PROFILE_FILE="$out/profiles/unit/%4m.profraw" \
    ctest -R '^unit/' -j "$jobs" --output-on-failure) >"$out/logs/unit.log" 2>&1 || status=1
grep -E 'tests passed|tests failed|\*\*\*Failed|Not Run' "$out/logs/unit.log" || true
echo "== script tests ($script_tests)"
(cd "$out/main" && LLVM_PROFILE_FILE="$out/profiles/script/%4m.profraw" \
    ctest -R "$script_tests" -j "$jobs" --output-on-failure) >"$out/logs/script.log" 2>&1 || status=1
grep -E 'tests passed|tests failed|\*\*\*Failed|Not Run' "$out/logs/script.log" || true

echo "== the fuzzing build, instrumented ($out/fuzz)"
cmake -S . -B "$out/fuzz" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DLATCH_FUZZING=ON \
    -DCMAKE_C_FLAGS="$cov_cflags -fsanitize=fuzzer-no-link" >"$out/logs/fuzz-cmake.log"
cmake --build "$out/fuzz" --target latch_static -j "$jobs" >"$out/logs/fuzz-build.log" 2>&1 ||
    { tail -30 "$out/logs/fuzz-build.log"; echo "coverage: the instrumented fuzzing build failed" >&2; exit 1; }
# the harnesses as fuzz/run.sh builds them, without the sanitizers (a replay only counts lines)
harness_cflags=(-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DLT_FUZZING -g -O1 $instrument
                -DLT_FUZZ_PKI="\"$root/tests/vectors/pki/\"" -Iinclude -Isrc -Icli)
mkdir -p "$out/fuzz/harness"
# the tool's narration, which the engine harnesses format every trace event with (fuzz/fuzz_trace.h)
clang "${harness_cflags[@]}" -c cli/narrate.c -o "$out/fuzz/harness/cli_narrate.o"
: >"$out/fuzz-replay.tsv"
for harness in fuzz/fuzz_*.c; do
    name=$(basename "$harness" .c)
    clang "${harness_cflags[@]}" -fsanitize=fuzzer "$harness" "$out/fuzz/harness/cli_narrate.o" "$out/fuzz/liblatch.a" -lcrypto -lpthread \
        -o "$out/fuzz/harness/$name" 2>"$out/logs/$name-build.log" ||
        { cat "$out/logs/$name-build.log"; echo "coverage: $name does not build" >&2; exit 1; }
    dirs=()
    for d in "fuzz/seeds/$name" "fuzz/corpus/$name"; do
        [ -d "$d" ] && dirs+=("$d")
    done
    inputs=0
    [ ${#dirs[@]} -gt 0 ] && inputs=$(find "${dirs[@]}" -type f | wc -l)
    if [ "$inputs" -eq 0 ]; then
        echo "== $name: no seeds or corpus, not replayed"
        printf '%s\t0\t%s\n' "$name" "none" >>"$out/fuzz-replay.tsv"
        continue
    fi
    # -runs=0: each input once, no mutation
    if LLVM_PROFILE_FILE="$out/profiles/fuzz/$name.profraw" \
        "$out/fuzz/harness/$name" -runs=0 -timeout=60 "${dirs[@]}" >"$out/logs/$name-replay.log" 2>&1; then
        result=ok
    else
        result=FAILED status=1
        tail -20 "$out/logs/$name-replay.log"
    fi
    echo "== $name: $inputs inputs replayed ($result)"
    printf '%s\t%s\t%s\n' "$name" "$inputs" "$result" >>"$out/fuzz-replay.tsv"
done

echo "== merging the profiles"
# export LABEL PROFILE_DIR OBJECT...: the line and branch data of OBJECTs under the profiles of one
# run. Each run is exported apart (and each build): llvm-cov keeps one record per function name,
# so the same function compiled twice (test hooks, LT_FUZZING) would lose one copy's counts.
export_run() {
    local label=$1 dir=$2
    shift 2
    local profiles=("$dir"/*.profraw)
    if [ ! -e "${profiles[0]}" ]; then
        echo "coverage: the $label run left no profile in $dir" >&2
        : >"$out/$label.lcov"
        status=1
        return
    fi
    "$profdata" merge -sparse -o "$out/$label.profdata" "${profiles[@]}"
    local objects=()
    for object in "$@"; do objects+=(-object "$object"); done
    # the first object is the positional argument llvm-cov wants
    "$llvm_cov" export -format=lcov -instr-profile="$out/$label.profdata" "${objects[@]:1}" \
        >"$out/$label.lcov" 2>"$out/logs/$label-export.log"
}
unit_bins=() script_bins=("$out/main/latch") fuzz_bins=()
for f in "$out"/main/test_*; do [ -x "$f" ] && [ -f "$f" ] && unit_bins+=("$f"); done
for f in "$out"/main/examples/*; do [ -x "$f" ] && [ -f "$f" ] && script_bins+=("$f"); done
for f in "$out"/fuzz/harness/fuzz_*; do [ -x "$f" ] && fuzz_bins+=("$f"); done
export_run unit "$out/profiles/unit" "${unit_bins[@]}"
export_run script "$out/profiles/script" "${script_bins[@]}"
export_run fuzz "$out/profiles/fuzz" "${fuzz_bins[@]}"

summary() { grep -hoE '[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$1" | tail -1; }
python3 scripts/coverage_report.py --root "$root" --out "$report" --commit "$commit" --changes "$changes" \
    --run "unit=$out/unit.lcov=unit tests (ctest -R '^unit/'): $(summary "$out/logs/unit.log")" \
    --run "script=$out/script.lcov=script tests (ctest -R '$script_tests'): $(summary "$out/logs/script.log")" \
    --run "fuzz=$out/fuzz.lcov=fuzz corpora replayed in the fuzzing build" \
    --fuzz-replay "$out/fuzz-replay.tsv"
[ $status -eq 0 ] || echo "coverage: a test or a replay failed (above, and $out/logs/); the report says so" >&2
exit $status
