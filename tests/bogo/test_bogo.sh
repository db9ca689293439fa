#!/usr/bin/env bash
# BoringSSL's BoGo suite inside make check: the whole suite (scripts/bogo.sh, about two minutes
# with two workers), failing when any test fails. Tests the shim does not implement (exit 89) and
# those tests/bogo/config.json disables are not failures; docs/conformance.md lists both.
# Skipped (77) when the BoGo runner's source is not there (BOGO_DIR, by default ../shared/bogo
# next to the source tree; latch does not carry it) or Go is not installed (scripts/deps.sh
# --check installs it).
# Usage: test_bogo.sh <latch-tool> <source-dir> <build-dir>
set -u
src=$2 build=$3
bogo_dir=${BOGO_DIR:-$src/../shared/bogo}
if [ ! -f "$bogo_dir/build.sh" ] || [ ! -d "$bogo_dir/src/ssl/test/runner" ]; then
    echo "SKIP: the BoGo runner is not at $bogo_dir: set BOGO_DIR (docs/conformance.md says which BoringSSL commit)"
    exit 77
fi
if ! command -v go >/dev/null; then
    echo "SKIP: Go is not installed (scripts/deps.sh --check installs golang-go and the golang.org/x packages)"
    exit 77
fi
BOGO_DIR=$bogo_dir BOGO_WORKERS=${BOGO_WORKERS:-2} bash "$src/scripts/bogo.sh" "$build"
