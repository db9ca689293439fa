#!/usr/bin/env bash
# The interop matrix with Node.js's tls module (OpenSSL underneath), both directions: every mode
# of tests/interop/matrix.sh; the cells go to <build-dir>/interop-matrix/node.tsv.
# Usage: bash test_node.sh <latch-tool> <source-dir> <build-dir>
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/matrix.sh"

if ! command -v node >/dev/null; then
    echo "node is not installed (scripts/deps.sh --check installs nodejs)"
    echo "0 passed, 1 failed"
    exit 1
fi
matrix_begin node "Node.js $(node --version), OpenSSL $(node -p process.versions.openssl)"
peer_cmd=(node "$src_dir/tests/interop/peers/peer_node.js")
ns_client[keyupdate-peer]="Node.js's tls module has no call to send a KeyUpdate"
ns_server[keyupdate-peer]="Node.js's tls module has no call to send a KeyUpdate"
run_matrix
summary
