#!/usr/bin/env bash
# Runs BoringSSL's BoGo conformance suite against latch (`make bogo`): builds the runner (offline,
# with the build.sh that comes with it) and latch's shim (tests/bogo/), runs every test that
# tests/bogo/config.json does not disable, and prints passed / failed / unimplemented / disabled
# counts and the names of the failures. Exits 1 when a test failed.
#   scripts/bogo.sh [BUILD_DIR]     (default: build)
#   BOGO_DIR      the BoGo tree (the runner's source and build.sh); default: ../shared/bogo
#                 next to the source tree, when it exists
#   BOGO_FILTER   ';'-separated test name patterns to run instead of all (the runner's -test)
#   BOGO_WORKERS  parallel tests (default 2)
# The output of the run is kept in BUILD_DIR/bogo/: output.txt (every test, with each failure's
# reason) and results.json.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
mkdir -p "$build"
build=$(cd "$build" && pwd)

if [ -z "${BOGO_DIR:-}" ] && [ -d "$src/../shared/bogo" ]; then
    BOGO_DIR=$src/../shared/bogo
fi
if [ -z "${BOGO_DIR:-}" ] || [ ! -f "$BOGO_DIR/build.sh" ] || [ ! -d "$BOGO_DIR/src/ssl/test/runner" ]; then
    echo "bogo: the BoGo runner was not found. Set BOGO_DIR to a directory holding BoringSSL's" >&2
    echo "      ssl/test/runner under src/ and a build.sh that builds it (docs/conformance.md says" >&2
    echo "      which BoringSSL commit and how); latch does not carry it." >&2
    exit 2
fi
BOGO_DIR=$(cd "$BOGO_DIR" && pwd)
runner_dir=$BOGO_DIR/src/ssl/test/runner
out=$build/bogo
mkdir -p "$out"

# Go and the golang.org/x packages the runner imports, from Debian
bash "$src/scripts/deps.sh" golang-go golang-golang-x-crypto-dev golang-golang-x-net-dev \
    golang-golang-x-sys-dev golang-golang-x-term-dev golang-golang-x-text-dev
if [ ! -x "$out/runner.test" ] || [ "$BOGO_DIR/build.sh" -nt "$out/runner.test" ]; then
    bash "$BOGO_DIR/build.sh" "$out" >"$out/runner-build.log" 2>&1 ||
        { cat "$out/runner-build.log" >&2; echo "bogo: building the runner failed" >&2; exit 2; }
fi
[ -f "$build/CMakeCache.txt" ] || cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target bogo_shim -j "${BOGO_WORKERS:-2}" >/dev/null
shim=$build/bogo_shim
config=$src/tests/bogo/config.json

filter=()
[ -n "${BOGO_FILTER:-}" ] && filter=(-test "$BOGO_FILTER")

# The disabled count: every test the filter names (a stub shim that implements nothing lists
# them in seconds), less those that ran.
stub=$out/stub.sh
printf '#!/bin/sh\nfor a; do [ "$a" = -is-handshaker-supported ] && { echo No; exit 0; }; done\nexit 89\n' >"$stub"
chmod +x "$stub"
total=$(cd "$runner_dir" && "$out/runner.test" -shim-path "$stub" -shim-config "$config" -include-disabled \
            -allow-unimplemented -pipe -num-workers "${BOGO_WORKERS:-2}" "${filter[@]}" 2>/dev/null |
        grep -c '^UNIMPLEMENTED (' || true)

# -allow-unimplemented: a test needing a flag the shim lacks is counted, not failed (the shim
# exits 89 for it, never pretending); -pipe: one line per test.
(cd "$runner_dir" && "$out/runner.test" -shim-path "$shim" -shim-config "$config" -allow-unimplemented \
    -pipe -num-workers "${BOGO_WORKERS:-2}" -json-output "$out/results.json" "${filter[@]}") \
    >"$out/output.txt" 2>&1 || true

passed=$(grep -c '^PASSED (' "$out/output.txt" || true)
failed=$(grep -c '^FAILED (' "$out/output.txt" || true)
unimplemented=$(grep -c '^UNIMPLEMENTED (' "$out/output.txt" || true)
disabled=$((total - passed - failed - unimplemented))
if [ "$failed" -gt 0 ]; then
    echo "failed tests:"
    sed -n 's/^FAILED (\(.*\))$/  \1/p' "$out/output.txt"
fi
echo "bogo: $passed passed, $failed failed, $unimplemented unimplemented, $disabled disabled (of $total)"
echo "bogo: each test's result and every failure's reason: $out/output.txt"
[ "$failed" -eq 0 ]
