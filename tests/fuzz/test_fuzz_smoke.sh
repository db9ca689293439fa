#!/usr/bin/env bash
# make fuzz-smoke inside make check: the fuzzing build (fuzz/run.sh: clang, libFuzzer, ASan, UBSan,
# -DLT_FUZZING) builds, every harness takes each of its seeds and committed corpus inputs once
# without a crash, and the recorded (tls*) engine seeds still complete their handshake in their
# harness. Skipped (77) without clang or libFuzzer.
# Usage: test_fuzz_smoke.sh <latch-tool> <source-dir> <build-dir>
set -u
src=$2 build=$3
if ! command -v clang >/dev/null; then
    echo "SKIP: clang is not installed (scripts/deps.sh --check installs clang and libclang-rt-14-dev)"
    exit 77
fi
probe=$(mktemp -d "$build/fuzz-probe.XXXXXX")
trap 'rm -rf "$probe"' EXIT
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' >"$probe/p.c"
if ! clang -fsanitize=fuzzer,address,undefined "$probe/p.c" -o "$probe/p" >/dev/null 2>&1; then
    echo "SKIP: clang cannot link libFuzzer with ASan and UBSan (libclang-rt-14-dev is missing)"
    exit 77
fi
# the objects stay in the build tree between runs: only what changed is compiled again
OUT="$build/fuzz" bash "$src/fuzz/run.sh" smoke 2>&1 | grep -v -e 'warning:' -e '^ ' -e '^\s*\^' -e 'warnings\? generated'
status=${PIPESTATUS[0]}
echo "fuzz-smoke: exit $status"
exit "$status"
