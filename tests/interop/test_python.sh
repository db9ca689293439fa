#!/usr/bin/env bash
# The interop matrix with Python's ssl module (OpenSSL underneath), both directions: every mode
# of tests/interop/matrix.sh; the cells go to <build-dir>/interop-matrix/python.tsv.
# Usage: bash test_python.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/matrix.sh"

if ! command -v python3 >/dev/null; then
    echo "python3 is not installed (scripts/deps.sh --check installs it)"
    echo "0 passed, 1 failed"
    exit 1
fi
matrix_begin python "$(python3 -c 'import ssl, sys; print("Python", sys.version.split()[0] + ",", ssl.OPENSSL_VERSION)')"
peer_cmd=(python3 "$src_dir/tests/interop/peers/peer_python.py")
ns_client[keyupdate-peer]="Python's ssl module has no call to send a KeyUpdate"
ns_server[keyupdate-peer]="Python's ssl module has no call to send a KeyUpdate"
run_matrix
summary
